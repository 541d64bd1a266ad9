"""The contract tests of every model, from its data (`../vectors/<id>.json`, read by
hub_contract.models()).

Each test id names the model, and the case after a colon: `test_accepted[veo-3.1:duration=4s]`;
each test is marked with its model (`-m "model(id='veo-3.1')"` runs that model's alone).
"""

from __future__ import annotations

from typing import Any

import hub_contract as hc
import pytest

MODELS = hc.models()


def param(data: hc.ModelData, *values: Any, id: str) -> Any:
    """A test of `data`'s model, marked with it."""
    return pytest.param(*values, id=id, marks=pytest.mark.model(id=data["model"]))


EACH_MODEL = [param(d, d, id=d["model"]) for d in MODELS]
ACCEPTED = [param(d, d["model"], c, id=c["id"]) for d in MODELS for c in d["accepted"]]
REJECTED = [param(d, d["model"], c, id=c["id"]) for d in MODELS for c in d["rejected"]]
DEFAULTS = [
    param(d, d["model"], name, value, id=f"{d['model']}:{name}")
    for d in MODELS
    for name, value in d["defaults"].items()
]
PARAMETERS = [
    param(d, d["model"], row, id=f"{d['model']}:{row['name']}")
    for d in MODELS
    for row in d["parameters"]
]


@pytest.mark.parametrize("data", EACH_MODEL)
def test_example_validates(data: hc.ModelData) -> None:
    example, hub_example = data["examples"]
    hc.assert_accepted(data["model"], hub_example)
    hc.assert_accepted(data["model"], example)


@pytest.mark.parametrize("data", EACH_MODEL)
def test_example_maps_images(data: hc.ModelData) -> None:
    _, hub_example = data["examples"]
    hc.assert_images_mapped(data["model"], hub_example, data["images"])


@pytest.mark.parametrize(("model", "case"), ACCEPTED)
def test_accepted(model: str, case: hc.Case) -> None:
    hc.assert_accepted(model, case["input"])


@pytest.mark.parametrize(("model", "case"), REJECTED)
def test_rejected(model: str, case: hc.Rejected) -> None:
    hc.assert_rejected(model, case["input"], case["field"], case["rule"], case["message"])


@pytest.mark.parametrize(("model", "name", "value"), DEFAULTS)
def test_default_matches_schema(model: str, name: str, value: Any) -> None:
    hc.assert_default(model, name, value)


@pytest.mark.parametrize("data", EACH_MODEL)
def test_live_identity(live_hub: hc.LiveHub, data: hc.ModelData) -> None:
    document = live_hub.model(data["model"])
    identity = data["identity"]
    given = {key: document[key] for key in identity if key in document}
    assert given == {key: identity[key] for key in given}


@pytest.mark.parametrize("data", EACH_MODEL)
def test_live_parameter_names(live_hub: hc.LiveHub, data: hc.ModelData) -> None:
    model = data["model"]
    rows = live_hub.parameters(model)
    if rows is not None:
        assert list(rows) == [row["name"] for row in data["parameters"]]
    else:
        live = live_hub.input_schema(model).get("properties", {})
        assert sorted(live) == sorted(hc.schema_of(model)["properties"])


@pytest.mark.parametrize(("model", "row"), PARAMETERS)
def test_live_parameter(live_hub: hc.LiveHub, model: str, row: dict[str, Any]) -> None:
    rows = live_hub.parameters(model)
    if rows is not None:
        assert rows.get(row["name"]) == row
    else:
        live = live_hub.input_schema(model).get("properties", {})
        assert live.get(row["name"]) == hc.schema_of(model)["properties"][row["name"]]


@pytest.mark.parametrize("data", EACH_MODEL)
def test_live_input_schema(live_hub: hc.LiveHub, data: hc.ModelData) -> None:
    live = hc.schema_shape(live_hub.input_schema(data["model"]))
    assert live == hc.schema_shape(hc.schema_of(data["model"]))


@pytest.mark.parametrize("data", EACH_MODEL)
def test_live_images(live_hub: hc.LiveHub, data: hc.ModelData) -> None:
    assert hc.documented(live_hub.model(data["model"]), "images") == data["images"]


@pytest.mark.parametrize("data", EACH_MODEL)
def test_live_example(live_hub: hc.LiveHub, data: hc.ModelData) -> None:
    example = hc.documented(live_hub.model(data["model"]), "example")
    assert example in data["examples"]
    hc.assert_accepted(data["model"], example)


@pytest.mark.parametrize("data", EACH_MODEL)
def test_live_accepts_example(
    live_hub: hc.LiveHub, spend_allowed: None, data: hc.ModelData
) -> None:
    _, hub_example = data["examples"]
    task = live_hub.create(data["capability"], data["model"], hub_example)
    assert task.get("model") == data["model"] and task.get("task_id")

"""`hubgen drift` against a hub that answers only what the hub's pages document: lists in
any of the three shapes, details with only `input_schema` and `example`."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from generator.catalog import Catalog
from generator.cli import main

from .support.documented_hub import DocumentedHub, catalog_models
from .support.repository import SPECS

TOKEN = "documented-token-77c2"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def drift(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("HUB_API_KEY", TOKEN)

    def go(url: str, *args: str) -> tuple[int, str, str]:
        code = main(["drift", "--specs", str(SPECS), "--base-url", url, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.mark.parametrize("list_shape", ["array", "models", "data"])
@pytest.mark.parametrize("id_key", ["id", "model"])
def test_every_documented_list_shape_is_read(
    documented_hub: Callable[..., DocumentedHub], drift: Run, list_shape: str, id_key: str
) -> None:
    hub = documented_hub(list_shape=list_shape, id_key=id_key, token=TOKEN)
    assert drift(hub.url) == (0, "no drift: 25 models agree\n", "")
    assert ("GET", "/hub/v1/models?capability=video") in hub.requests


def test_a_bare_schema_without_our_extensions_is_compared_on_the_schema(
    documented_hub: Callable[..., DocumentedHub], drift: Run, catalog: Catalog
) -> None:
    models = catalog_models(catalog)
    schema = copy.deepcopy(dict(models["veo-3.1"].input_schema))
    schema["properties"]["duration"]["enum"] = ["8s", None]
    schema["properties"]["seed"]["maximum"] = 100
    schema["required"] = [*schema.get("required", []), "negative_prompt"]
    models["veo-3.1"] = replace(models["veo-3.1"], input_schema=schema)
    hub = documented_hub(models)
    code, out, err = drift(hub.url)
    assert (code, err) == (1, "")
    assert sorted(out.splitlines()[:-1]) == [
        'breaking  veo-3.1  duration: values removed: "4s", "6s"',
        "breaking  veo-3.1  negative_prompt: required changed: false -> true",
        "breaking  veo-3.1  seed: maximum changed: null -> 100",
    ]


def test_identity_missing_from_a_detail_is_not_drift_but_a_changed_one_is(
    documented_hub: Callable[..., DocumentedHub], drift: Run
) -> None:
    hub = documented_hub(detail_extra={"vendor": "Google"})
    code, out, _ = drift(hub.url)
    assert code == 1
    assert 'vendor: vendor changed: "Kuaishou" -> "Google"' in out
    assert "veo-3.1 " not in out  # Google's own models agree


WRONG_TYPES: list[tuple[dict[str, Any], str]] = [
    ({"parameters": "prompt, seed"}, "field 'parameters' is a string, not a list"),
    ({"parameters": {"prompt": {}}}, "field 'parameters' is an object, not a list"),
    ({"parameters": [["prompt"]]}, "field 'parameters[0]' is a list, not an object"),
    ({"images": [1, 2]}, "field 'images' is a list, not an object"),
    ({"images": {"min": "one"}}, "field 'images.min' is a string, not an integer"),
    ({"rules": {"kind": "not_both"}}, "field 'rules' is an object, not a list"),
    ({"rules": ["not_both"]}, "field 'rules[0]' is a string, not an object"),
    ({"example": ["prompt"]}, "field 'example' is a list, not an object"),
    ({"name": 7}, "field 'name' is a number, not a string"),
    ({"input_schema": "{}"}, "field 'input_schema' is a string, not an object"),
]


@pytest.mark.parametrize(("extra", "message"), WRONG_TYPES, ids=[m for _, m in WRONG_TYPES])
def test_a_field_of_the_wrong_type_is_could_not_check(
    documented_hub: Callable[..., DocumentedHub], drift: Run, extra: dict[str, Any], message: str
) -> None:
    hub = documented_hub(detail_extra=extra)
    code, out, err = drift(hub.url)
    assert (code, out) == (2, "")
    assert err.startswith(f"hubgen: GET {hub.url}/hub/v1/models/")
    assert f"': unreadable answer: {message}" in err
    assert err.count("\n") == 1


def test_an_id_listed_twice_is_reported(scripted: Any, drift: Run) -> None:
    url, _ = scripted(
        {"/hub/v1/models": [(200, {}, {"data": [{"model": "veo-3.1"}, {"model": "veo-3.1"}]})]}
    )
    code, out, err = drift(url)
    assert (code, out) == (2, "")
    assert "/hub/v1/models?capability=video: model 'veo-3.1' is listed twice" in err


def test_a_detail_that_names_another_model_is_could_not_check(
    documented_hub: Callable[..., DocumentedHub], drift: Run
) -> None:
    hub = documented_hub(detail_extra={"model": "veo-3.1"})
    code, _, err = drift(hub.url)
    assert code == 2 and "the answer describes 'veo-3.1'" in err

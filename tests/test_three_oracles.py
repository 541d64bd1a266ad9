"""Three judges of one input must agree: hub_sdk.validate_input, the published JSON Schema
(jsonschema with format checking) and the mock hub over HTTP. Hypothesis draws, per model,
valid inputs and near misses (a limit one past its edge, a value outside an enum, a wrong
type, an unknown field, a required field dropped, a rule's fields all given or none).

And datamodel-code-generator, the ecosystem's JSON Schema -> pydantic tool, builds models
from every published schema that accept every example."""

from __future__ import annotations

import functools
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import hub_sdk
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from generator.catalog.model import Catalog, ModelSpec
from generator.catalog.parameter import Parameter
from generator.formats import format_checker
from generator.naming import class_name, module_name

from .support.local_hubs import mock_hub
from .support.repository import GENERATED

TOKEN = "oracle-token"
URL = "https://example.com/media/{}.png"
Judges = Callable[[ModelSpec, dict[str, Any]], dict[str, bool]]
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is not a lottery
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def signed_mock_client(catalog: Catalog) -> Iterator[httpx.Client]:
    """A client of the mock hub that sends this module's token with every request; tasks
    end at once."""
    with (
        mock_hub(catalog, TOKEN, task_delay=0) as (url, _),
        httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as client,
    ):
        yield client


def _sizes(low: int | None, high: int | None) -> list[int]:
    """Sizes at and one past each edge (and a plain one)."""
    out = {1, 2}
    for edge in (low, high):
        if edge is not None:
            out |= {edge, edge - 1, edge + 1}
    return sorted(n for n in out if 0 <= n <= 6000)


def values(param: Parameter) -> st.SearchStrategy[Any]:
    """Values for `param`: mostly of its type and near its edges, some of them wrong."""
    wrong = st.sampled_from([None, True, 7, 2.5, "text", [], {}])
    if param.values:
        return st.one_of(st.sampled_from(param.values), st.just("not-allowed"), wrong)
    if param.type in ("integer", "number"):
        low = param.minimum if param.minimum is not None else -5
        high = param.maximum if param.maximum is not None else 10_000
        edges = [low - 1, low, high, high + 1]
        if param.type == "integer":
            whole = st.integers(int(low), int(high))
            # 5.0 is an integer to JSON Schema; 5.5 is not.
            numbers = st.one_of(whole, whole.map(float), whole.map(lambda n: n + 0.5))
        else:
            numbers = st.one_of(st.floats(low, high, allow_nan=False), st.integers(-3, 3))
        return st.one_of(numbers, st.sampled_from(edges), wrong)
    if param.type == "boolean":
        return st.one_of(st.booleans(), wrong)
    if param.type == "string":
        if param.format == "uri":
            return st.one_of(st.just(URL.format(param.name)), st.just("not a uri"), wrong)
        lengths = st.sampled_from(_sizes(param.min_length, param.max_length))
        return st.one_of(lengths.map(lambda n: "a" * n), st.text(max_size=8), wrong)
    if param.type == "array" and param.items is not None and param.items.type == "string":
        sizes = st.sampled_from(_sizes(param.min_items, param.max_items))
        items = param.items
        if items.values:
            return st.one_of(sizes.map(lambda n: [items.values[0]] * n), wrong)  # type: ignore[index]
        return st.one_of(sizes.map(lambda n: [URL.format(i) for i in range(n)]), wrong)
    return wrong


@st.composite
def inputs(draw: st.DrawFn, model: ModelSpec) -> dict[str, Any]:
    """The model's example with a few parameters changed, dropped or added."""
    out = dict(draw(st.sampled_from([model.hub_example(), dict(model.example)])))
    params = list(model.input_parameters())
    for param in draw(st.lists(st.sampled_from(params), max_size=3, unique_by=lambda p: p.name)):
        action = draw(st.sampled_from(["set", "set", "drop"]))
        if action == "drop":
            out.pop(param.name, None)
        else:
            out[param.name] = draw(values(param))
    if model.rules and draw(st.booleans()):
        # A rule's fields all given (lists at their largest) or none of them.
        rule = draw(st.sampled_from(model.rules))
        by_name = {p.name: p for p in params}
        for name in rule.fields:
            if draw(st.booleans()):
                out.pop(name, None)
            else:
                out[name] = _full(by_name[name])
    if draw(st.integers(0, 9)) == 0:
        out["not_a_parameter"] = 1
    return out


def _full(param: Parameter) -> Any:
    if param.type == "array":
        items = param.items
        count = param.max_items or 2
        if items is not None and items.values:
            return [items.values[0]] * count
        return [URL.format(i) for i in range(count)]
    if param.values:
        return param.values[0]
    return URL.format(param.name) if param.format == "uri" else "given"


def _sdk(model_id: str, body: dict[str, Any]) -> bool:
    try:
        hub_sdk.validate_input(model_id, body)
    except hub_sdk.InputError:
        return False
    return True


@functools.cache
def _validator(model_id: str) -> Draft202012Validator:
    """A validator of the model's published JSON Schema, with format checking."""
    schema = json.loads((GENERATED / "schemas" / f"{model_id}.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=format_checker())


@pytest.fixture(scope="module")
def judges(catalog: Catalog, signed_mock_client: httpx.Client) -> Judges:
    """`judges(model, body)`: each judge's verdict on `body` as the model's input (True:
    accepted)."""

    def verdicts(model: ModelSpec, body: dict[str, Any]) -> dict[str, bool]:
        path = catalog.hub.capability(model.capability).path
        answer = signed_mock_client.post(path, json={"model": model.id, "input": body})
        assert answer.status_code in (200, 422), answer.text
        return {
            "hub_sdk": _sdk(model.id, body),
            "json_schema": _validator(model.id).is_valid(body),
            "mock_hub": answer.status_code == 200,
        }

    return verdicts


def test_three_judges_agree(shipped_model: ModelSpec, judges: Judges) -> None:
    model = shipped_model
    seen: dict[bool, int] = {True: 0, False: 0}

    @SETTINGS
    @given(inputs(model))
    def judged(body: dict[str, Any]) -> None:
        verdicts = judges(model, body)
        assert len(set(verdicts.values())) == 1, f"{verdicts} on {body!r}"
        seen[verdicts["hub_sdk"]] += 1

    judged()
    assert seen[False], "no near miss was drawn"


def test_the_judges_accept_every_example(catalog: Catalog, judges: Judges) -> None:
    for model in catalog.models:
        for body in (dict(model.example), model.hub_example()):
            assert judges(model, body) == dict.fromkeys(
                ("hub_sdk", "json_schema", "mock_hub"), True
            ), model.id


@pytest.fixture(scope="module")
def codegen_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """datamodel-code-generator's pydantic models of every published schema, importable."""
    root = tmp_path_factory.mktemp("datamodel-codegen")
    package = "dmcg_models"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(GENERATED / "schemas"),
            "--input-file-type",
            "jsonschema",
            "--output",
            str(root / package),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--disable-timestamp",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(root))
    try:
        yield package
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
            del sys.modules[name]


def test_datamodel_codegen_models_accept_every_example(
    shipped_model: ModelSpec, codegen_models: str
) -> None:
    model = shipped_model
    module = importlib.import_module(f"{codegen_models}.{module_name(model.id)}")
    cls: Any = getattr(module, class_name(model.id))
    for body in (dict(model.example), model.hub_example()):
        cls.model_validate(body)


def test_datamodel_codegen_is_pinned() -> None:
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    assert '"datamodel-code-generator==' in pyproject


def test_an_integral_float_is_an_integer_to_every_judge(catalog: Catalog, judges: Judges) -> None:
    """JSON Schema counts 5.0 as an integer, so hub_sdk does too (and sends 5); 5.5 is
    refused by all three."""
    model = catalog.model("wan-2.7")
    assert model is not None
    body = {**model.hub_example(), "seed": 5.0}
    assert judges(model, body) == dict.fromkeys(("hub_sdk", "json_schema", "mock_hub"), True)
    assert hub_sdk.validate_input(model.id, body)["seed"] == 5
    assert type(hub_sdk.validate_input(model.id, body)["seed"]) is int
    body["seed"] = 5.5
    assert set(judges(model, body).values()) == {False}

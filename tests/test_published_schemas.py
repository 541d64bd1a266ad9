"""The published schemas say what hub_sdk enforces: max_total_items over list sizes, an
`items` on every array (tools such as openapi-python-client drop an array without one),
and each model's example on its request body."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import hub_sdk
import pytest
from jsonschema import Draft202012Validator

from generator.catalog import Catalog, ModelSpec
from generator.formats import format_checker

from .support.repository import GENERATED

OPENAPI = json.loads((GENERATED / "openapi.json").read_text("utf-8"))


def _schema(model_id: str) -> Any:
    """The model's published JSON Schema, generated/schemas/<id>.json."""
    return json.loads((GENERATED / "schemas" / f"{model_id}.json").read_text("utf-8"))


def _urls(name: str, count: int) -> list[str]:
    return [f"https://example.com/{name}/{i}.png" for i in range(count)]


def _arrays(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "array" or (isinstance(kind, list) and "array" in kind):
            yield path, node
        for key, value in node.items():
            yield from _arrays(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _arrays(value, f"{path}/{index}")


def test_the_catalog_has_a_max_total_items_rule_to_check(catalog: Catalog) -> None:
    assert any(r.kind == "max_total_items" for m in catalog.models for r in m.rules)


@pytest.mark.with_rule("max_total_items")
def test_max_total_items_is_in_the_json_schema(shipped_model: ModelSpec) -> None:
    """Every list at its own maxItems is more than `max` files in all: refused by the
    schema, as hub_sdk refuses it; `max` files in all pass both."""
    model = shipped_model
    for rule in model.rules:
        if rule.kind == "max_total_items":
            _check_max_total_items(model, rule)


def _check_max_total_items(model: Any, rule: Any) -> None:
    validator = Draft202012Validator(_schema(model.id), format_checker=format_checker())
    params = {p.name: p for p in model.input_parameters()}
    full = {name: _urls(name, params[name].max_items) for name in rule.fields}
    assert sum(len(v) for v in full.values()) > rule.max
    over = {**model.hub_example(), **full}
    errors = list(validator.iter_errors(over))
    assert [e.schema.get("x-hub-check", {}).get("rule") for e in errors] == [rule.kind]
    with pytest.raises(hub_sdk.InputError) as refused:
        hub_sdk.validate_input(model.id, over)
    assert [p.rule for p in refused.value.problems] == [rule.kind]
    left, within = rule.max, dict(model.hub_example())
    for name in rule.fields:
        take = min(left, params[name].max_items)
        within[name] = _urls(name, take)
        left -= take
    if any(k.kind == "requires" for k in model.rules):
        within = {k: v for k, v in within.items() if v}
    assert list(validator.iter_errors(within)) == []
    hub_sdk.validate_input(model.id, within)


def test_a_14_file_input_is_refused_by_the_schema_and_the_openapi_body(catalog: Catalog) -> None:
    model = catalog.model("seedance-2.0-ref")
    assert model is not None and any(r.kind == "max_total_items" for r in model.rules)
    body = {
        **model.hub_example(),
        "image_urls": _urls("image", 9),
        "video_urls": _urls("video", 3),
        "audio_urls": _urls("audio", 2),
    }
    assert not Draft202012Validator(_schema(model.id)).is_valid(body)
    request = {"model": model.id, "input": body}
    component = {**OPENAPI, "$ref": "#/components/schemas/VideoRequest"}
    assert not Draft202012Validator(component).is_valid(request)
    assert Draft202012Validator(component).is_valid({**request, "input": model.hub_example()})


def _arrays_without_items(document: Any) -> list[str]:
    return [path for path, node in _arrays(document, "") if "items" not in node]


def test_every_array_of_openapi_json_says_its_items() -> None:
    document = json.loads((GENERATED / "openapi.json").read_text("utf-8"))
    assert _arrays_without_items(document) == []


def test_every_array_of_each_models_schema_says_its_items(shipped_model: ModelSpec) -> None:
    assert _arrays_without_items(_schema(shipped_model.id)) == []


def test_each_models_example_is_on_its_request_body(catalog: Catalog) -> None:
    for capability in catalog.hub.capabilities:
        models = catalog.models_of(capability.name)
        operation = OPENAPI["paths"][capability.path]["post"]
        content = operation["requestBody"]["content"]["application/json"]
        if not models:
            assert "examples" not in content
            continue
        union = {**OPENAPI, "$ref": content["schema"]["$ref"]}
        validator = Draft202012Validator(union, format_checker=format_checker())
        assert sorted(content["examples"]) == sorted(m.id for m in models)
        for model in models:
            value = content["examples"][model.id]["value"]
            assert value == {"model": model.id, "input": model.hub_example()}
            assert list(validator.iter_errors(value)) == []
            request = OPENAPI["components"]["schemas"][content["schema"]["$ref"].split("/")[-1]]
            branch = request["discriminator"]["mapping"][model.id].split("/")[-1]
            assert OPENAPI["components"]["schemas"][branch]["examples"] == [value]

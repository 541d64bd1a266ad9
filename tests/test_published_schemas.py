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

from generator.catalog.rules import RULE_KINDS
from generator.formats import FORMATS

from .support.repository import GENERATED, load_specs

CATALOG = load_specs()
OPENAPI = json.loads((GENERATED / "openapi.json").read_text("utf-8"))
SCHEMAS = {
    m.id: json.loads((GENERATED / "schemas" / f"{m.id}.json").read_text("utf-8"))
    for m in CATALOG.models
}
TOTALS = [
    (m, r) for m in CATALOG.models for r in m.rules if RULE_KINDS[r.kind].name == "max_total_items"
]


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


def test_the_catalog_has_a_max_total_items_rule_to_check() -> None:
    assert TOTALS


@pytest.mark.parametrize(("model", "rule"), TOTALS, ids=lambda v: getattr(v, "id", ""))
def test_max_total_items_is_in_the_json_schema(model: Any, rule: Any) -> None:
    """Every list at its own maxItems is more than `max` files in all: refused by the
    schema, as hub_sdk refuses it; `max` files in all pass both."""
    validator = Draft202012Validator(SCHEMAS[model.id], format_checker=FORMATS)
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


def test_a_14_file_input_is_refused_by_the_schema_and_the_openapi_body() -> None:
    model = next(m for m, _ in TOTALS if m.id == "seedance-2.0-ref")
    body = {
        **model.hub_example(),
        "image_urls": _urls("image", 9),
        "video_urls": _urls("video", 3),
        "audio_urls": _urls("audio", 2),
    }
    assert not Draft202012Validator(SCHEMAS[model.id]).is_valid(body)
    request = {"model": model.id, "input": body}
    component = {**OPENAPI, "$ref": "#/components/schemas/VideoRequest"}
    assert not Draft202012Validator(component).is_valid(request)
    assert Draft202012Validator(component).is_valid({**request, "input": model.hub_example()})


@pytest.mark.parametrize("name", ["openapi.json", *(f"schemas/{m}.json" for m in SCHEMAS)])
def test_every_array_says_its_items(name: str) -> None:
    document = json.loads((GENERATED / name).read_text("utf-8"))
    missing = [path for path, node in _arrays(document, "") if "items" not in node]
    assert missing == []


def test_each_models_example_is_on_its_request_body() -> None:
    for capability in CATALOG.hub.capabilities:
        models = CATALOG.models_of(capability.name)
        operation = OPENAPI["paths"][capability.path]["post"]
        content = operation["requestBody"]["content"]["application/json"]
        if not models:
            assert "examples" not in content
            continue
        union = {**OPENAPI, "$ref": content["schema"]["$ref"]}
        validator = Draft202012Validator(union, format_checker=FORMATS)
        assert sorted(content["examples"]) == sorted(m.id for m in models)
        for model in models:
            value = content["examples"][model.id]["value"]
            assert value == {"model": model.id, "input": model.hub_example()}
            assert list(validator.iter_errors(value)) == []
            request = OPENAPI["components"]["schemas"][content["schema"]["$ref"].split("/")[-1]]
            branch = request["discriminator"]["mapping"][model.id].split("/")[-1]
            assert OPENAPI["components"]["schemas"][branch]["examples"] == [value]

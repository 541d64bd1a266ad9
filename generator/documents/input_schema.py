"""JSON Schema (2020-12) of a model's hub-facing `input`.

Everything the table says (types, enums, ranges, lengths, item counts, defaults) and the
cross-field rules, each as its kind writes it (catalog/rules.py; `max_total_items` as the
list sizes it refuses, where every list has a maxItems); `x-hub` carries the image mapping
and all rules as data. An optional field also accepts null, which means "not given".
"""

from __future__ import annotations

from typing import Any

from ..catalog.constraints import limits_of
from ..catalog.images import IMAGE_URLS
from ..catalog.model import ModelSpec
from ..catalog.parameter import Parameter
from ..catalog.rules import Rule, rule_kind

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def property_schema(param: Parameter, *, nullable: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if param.description:
        out["description"] = param.description
    out["type"] = [param.type, "null"] if nullable else param.type
    if param.format:
        out["format"] = param.format
    if param.values is not None:
        out["enum"] = [*param.values, None] if nullable else list(param.values)
    for constraint, value in limits_of(param):
        out[constraint.keyword] = value
    if param.items is not None:
        out["items"] = property_schema(param.items, nullable=False)
    if param.type == "object":
        out.update(object_schema(param.properties))
    if param.has_default:
        out["default"] = param.default
    if param.api_only:
        out["x-api-only"] = True
    return out


def object_schema(params: tuple[Parameter, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "properties": {p.name: property_schema(p, nullable=not p.required) for p in params}
    }
    required = [p.name for p in params if p.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _given(name: str) -> dict[str, Any]:
    return {"required": [name], "properties": {name: {"not": {"type": "null"}}}}


def _filled(name: str) -> dict[str, Any]:
    """Given, for a cross-field rule: an empty list is not "provided"."""
    return {"required": [name], "properties": {name: {"not": {"type": "null"}, "minItems": 1}}}


def _images_at_least(count: int) -> dict[str, Any]:
    return _list_at_least(IMAGE_URLS, count)


def _present(model: ModelSpec, name: str) -> dict[str, Any]:
    """Given upstream, as a rule reads it (a non-empty list): directly, or through the
    image_urls entry that maps onto it."""
    images = model.images
    if images is not None and not images.is_passthrough:
        index = images.slot_index(name)
        if index is not None:
            return {"anyOf": [_filled(name), _images_at_least(index + 1)]}
        if name == images.list_field:
            return {"anyOf": [_filled(name), _filled(IMAGE_URLS)]}
    return _filled(name)


class _RuleContext:
    """How the rules of one model see its input (catalog/rules.py `SchemaContext`)."""

    def __init__(self, model: ModelSpec) -> None:
        self.model = model
        self.params = {p.name: p for p in model.input_parameters()}

    def present(self, name: str) -> dict[str, Any]:
        return _present(self.model, name)

    def _list(self, name: str) -> tuple[bool, bool]:
        """(is a list field, image_urls fills it)."""
        images = self.model.images
        param = self.params.get(name)
        mapped = images is not None and not images.is_passthrough and name == images.list_field
        return (param is not None and param.type == "array"), mapped

    def at_least(self, name: str, count: int) -> dict[str, Any] | None:
        is_list, mapped = self._list(name)
        if not is_list:
            return None
        if mapped:
            return {"anyOf": [_list_at_least(name, count), _list_at_least(IMAGE_URLS, count)]}
        return _list_at_least(name, count)

    def max_items(self, name: str) -> int | None:
        is_list, mapped = self._list(name)
        param = self.params.get(name)
        if not is_list or param is None or param.max_items is None:
            return None
        if mapped:
            images = self.params[IMAGE_URLS].max_items
            return None if images is None else max(param.max_items, images)
        return param.max_items


def _list_at_least(name: str, count: int) -> dict[str, Any]:
    """`name` is a list of at least `count` items (`items` is there for tools that want
    every array to say its items; the field's own schema says what they are)."""
    return {
        "required": [name],
        "properties": {name: {"type": "array", "items": {}, "minItems": count}},
    }


def _rule_schema(context: _RuleContext, rule: Rule) -> dict[str, Any] | None:
    body = rule_kind(rule).schema(rule, context)
    if body is None:
        return None
    return {"description": rule.describe(), **body, **_check(", ".join(rule.fields), rule.kind)}


def rule_in_schema(model: ModelSpec, rule: Rule) -> bool:
    """Whether the model's JSON Schema says `rule` (else only x-hub carries it)."""
    return rule_kind(rule).schema(rule, _RuleContext(model)) is not None


def _check(field: str, rule: str) -> dict[str, Any]:
    """Names the problem a failing subschema is, as hub_sdk's InputError names it."""
    return {"x-hub-check": {"field": field, "rule": rule}}


def _image_schemas(model: ModelSpec) -> list[dict[str, Any]]:
    images = model.images
    if images is None or images.is_passthrough:
        return []
    out: list[dict[str, Any]] = []
    required = set(model.required_slots())
    for index, name in enumerate(images.slots):
        out.append(
            {
                "description": f"image_urls[{index}] and {name} fill one slot; pass one of them.",
                "if": _images_at_least(index + 1),
                "then": {"not": _given(name)},
                **_check(f"{IMAGE_URLS}, {name}", "image_slot"),
            }
        )
        if name in required:
            out.append(
                {
                    "description": f"{name} is required: pass it or image_urls[{index}].",
                    "anyOf": [_given(name), _images_at_least(index + 1)],
                    **_check(name, "required"),
                }
            )
    if images.list_field:
        name = images.list_field
        out.append(
            {
                "description": f"image_urls and {name} are the same list; pass one of them.",
                "not": {"allOf": [_given(IMAGE_URLS), _given(name)]},
                **_check(f"{IMAGE_URLS}, {name}", "image_slot"),
            }
        )
        if name in required:
            out.append(
                {
                    "description": f"{name} is required: pass it or image_urls.",
                    "anyOf": [_given(name), _given(IMAGE_URLS)],
                    **_check(name, "required"),
                }
            )
    return out


def hub_extension(model: ModelSpec) -> dict[str, Any]:
    """The `x-hub` block: identity, image mapping and rules as data."""
    out: dict[str, Any] = {"model": model.id, "vendor": model.vendor}
    out["capability"] = model.capability
    if model.mode is not None:
        out["mode"] = model.mode
    if model.images is not None:
        out["images"] = model.images.document()
    out["rules"] = [r.document() for r in model.rules]
    return out


def input_schema(model: ModelSpec, comment: str | None = None) -> dict[str, Any]:
    """The JSON Schema of `model`'s hub-facing input."""
    params = model.input_parameters()
    out: dict[str, Any] = {"$schema": DIALECT}
    if comment:
        out["$comment"] = comment
    out["title"] = f"{model.id} input"
    out["description"] = model.summary
    out["type"] = "object"
    out.update(object_schema(params))
    checks = _image_schemas(model)
    context = _RuleContext(model)
    checks += [s for r in model.rules if (s := _rule_schema(context, r)) is not None]
    if checks:
        out["allOf"] = checks
    out["x-hub"] = hub_extension(model)
    return out

"""One comparable form for a model, whichever way it was described.

A model answer from a hub may carry the parameter table (`parameters` rows, as the mock
hub and generator/documents/wire.py give it), or only the JSON Schema of its input
(`input_schema`), or both. Specs are turned into the same documents first, so both sides
of a comparison are always read by the same code, on the same basis: the table when the
live answer has one, else the schema.

The hub documents only `input_schema` and `example` (hub-facts.md), so every other field
may be absent: the id then comes from the list that named the model, and so does the
capability; a missing name, vendor, mode or summary is simply not compared. A field that
is present with the wrong type (a `parameters` that is not a list, `images` that is not
an object, ...) makes the answer unreadable, naming the field: it is never read as if
the field were absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog.constraints import BY_KEYWORD, KEYS
from ..catalog.rules import DOCUMENT_KEYS

IDENTITY = ("name", "vendor", "capability", "mode", "summary")
LIMITS = KEYS
_SCHEMA_LIMITS = {keyword: c.key for keyword, c in BY_KEYWORD.items()}


class Unreadable(Exception):
    """A model answer in none of the accepted shapes; the message says what is missing."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    has_default: bool
    default: Any
    values: tuple[Any, ...] | None
    limits: Mapping[str, int | float]
    description: str
    item_type: str | None = None


@dataclass
class Model:
    id: str
    identity: dict[str, Any]
    params: dict[str, Param]
    images: dict[str, Any] | None
    rules: list[dict[str, Any]]
    example: dict[str, Any] | None
    basis: str
    images_known: bool = True
    """False when the answer says nothing of the image mapping (a bare JSON Schema)."""
    rules_known: bool = True
    """False when the answer says nothing of the cross-field rules (a bare JSON Schema)."""


def _kind(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    for types, name in (
        ((int, float), "a number"),
        ((str,), "a string"),
        ((list,), "a list"),
        ((Mapping,), "an object"),
    ):
        if isinstance(value, types):
            return name
    return type(value).__name__


def _expect(document: Mapping[str, Any], key: str, types: Any, what: str, where: str) -> None:
    """Unreadable when `key` is present, not null, and not of `types`."""
    value = document.get(key)
    if value is not None and not isinstance(value, types):
        raise Unreadable(f"field '{where}{key}' is {_kind(value)}, not {what}")


_NUMBER = (int, float)


def _check_row(row: Any, where: str) -> None:
    if not isinstance(row, Mapping):
        raise Unreadable(f"field '{where}' is {_kind(row)}, not an object")
    for key in LIMITS:
        value = row.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, _NUMBER)):
            raise Unreadable(f"field '{where}.{key}' is {_kind(value)}, not a number")
    _expect(row, "values", list, "a list", f"{where}.")
    _expect(row, "required", bool, "a boolean", f"{where}.")
    _expect(row, "description", str, "a string", f"{where}.")
    _expect(row, "items", Mapping, "an object", f"{where}.")
    _expect(row, "properties", list, "a list", f"{where}.")


def _check_schema(schema: Mapping[str, Any], where: str) -> None:
    _expect(schema, "properties", Mapping, "an object", f"{where}.")
    _expect(schema, "required", list, "a list", f"{where}.")
    for name, prop in (schema.get("properties") or {}).items():
        here = f"{where}.properties.{name}"
        if not isinstance(prop, Mapping):
            raise Unreadable(f"field '{here}' is {_kind(prop)}, not an object")
        _expect(prop, "enum", list, "a list", f"{here}.")
        _expect(prop, "type", (str, list), "a string or a list", f"{here}.")
        _expect(prop, "description", str, "a string", f"{here}.")
        _expect(prop, "items", Mapping, "an object", f"{here}.")
        for theirs in _SCHEMA_LIMITS:
            value = prop.get(theirs)
            if value is not None and (isinstance(value, bool) or not isinstance(value, _NUMBER)):
                raise Unreadable(f"field '{here}.{theirs}' is {_kind(value)}, not a number")


def check_types(document: Mapping[str, Any]) -> None:
    """Unreadable, naming the field, when a field the answer carries has the wrong type."""
    for key in ("id", "model", *IDENTITY):
        _expect(document, key, str, "a string", "")
    _expect(document, "parameters", list, "a list", "")
    for index, row in enumerate(document.get("parameters") or ()):
        _check_row(row, f"parameters[{index}]")
    _check_mapping_and_rules(document, "")
    _expect(document, "input_schema", Mapping, "an object", "")
    schema = document.get("input_schema")
    if isinstance(schema, Mapping):
        _check_schema(schema, "input_schema")
        _expect(schema, "x-hub", Mapping, "an object", "input_schema.")
        if isinstance(schema.get("x-hub"), Mapping):
            _check_mapping_and_rules(schema["x-hub"], "input_schema.x-hub.")
    _expect(document, "example", Mapping, "an object", "")


def _check_mapping_and_rules(document: Mapping[str, Any], where: str) -> None:
    _expect(document, "images", Mapping, "an object", where)
    images = document.get("images") or {}
    for key in ("min", "max"):
        value = images.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise Unreadable(f"field '{where}images.{key}' is {_kind(value)}, not an integer")
    _expect(images, "slots", list, "a list", f"{where}images.")
    _expect(images, "list", str, "a string", f"{where}images.")
    _expect(document, "rules", list, "a list", where)
    for index, rule in enumerate(document.get("rules") or ()):
        here = f"{where}rules[{index}]"
        if not isinstance(rule, Mapping):
            raise Unreadable(f"field '{here}' is {_kind(rule)}, not an object")
        _expect(rule, "kind", str, "a string", f"{here}.")
        _expect(rule, "fields", list, "a list", f"{here}.")


def _type_of(value: Any) -> str:
    if isinstance(value, list):
        kinds = [v for v in value if v != "null"]
        return str(kinds[0]) if len(kinds) == 1 else "|".join(sorted(map(str, kinds)))
    return str(value)


def param_from_row(row: Mapping[str, Any]) -> Param:
    if not isinstance(row, Mapping) or not isinstance(row.get("name"), str):
        raise Unreadable("a parameter row without a name")
    if not isinstance(row.get("type"), str):
        raise Unreadable(f"parameter {row['name']!r} has no type")
    values = row.get("values")
    items = row.get("items")
    return Param(
        name=row["name"],
        type=row["type"],
        required=bool(row.get("required", False)),
        has_default="default" in row,
        default=row.get("default"),
        values=tuple(values) if isinstance(values, list) else None,
        limits={k: row[k] for k in LIMITS if isinstance(row.get(k), (int, float))},
        description=str(row.get("description") or ""),
        item_type=items.get("type") if isinstance(items, Mapping) else None,
    )


def param_from_schema(name: str, schema: Mapping[str, Any], required: bool) -> Param:
    enum = schema.get("enum")
    items = schema.get("items")
    return Param(
        name=name,
        type=_type_of(schema.get("type", "any")),
        required=required,
        has_default="default" in schema,
        default=schema.get("default"),
        values=tuple(v for v in enum if v is not None) if isinstance(enum, list) else None,
        limits={
            ours: schema[theirs]
            for theirs, ours in _SCHEMA_LIMITS.items()
            if isinstance(schema.get(theirs), (int, float))
        },
        description=str(schema.get("description") or ""),
        item_type=(
            _type_of(items["type"]) if isinstance(items, Mapping) and "type" in items else None
        ),
    )


def _images(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    out = {"min": value.get("min", 0), "max": value.get("max")}
    if "slots" in value:
        out["slots"] = list(value["slots"])
    if "list" in value:
        out["list"] = value["list"]
    return out


def _rules(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    rules = [{k: r[k] for k in DOCUMENT_KEYS if k in r} for r in value if isinstance(r, Mapping)]
    return sorted(rules, key=repr)


def basis_of(document: Mapping[str, Any]) -> str:
    """'table' or 'schema': how a model answer describes its parameters."""
    check_types(document)
    if isinstance(document.get("parameters"), list):
        return "table"
    schema = document.get("input_schema")
    if isinstance(schema, Mapping) and isinstance(schema.get("properties"), Mapping):
        return "schema"
    raise Unreadable("neither a 'parameters' list nor an 'input_schema' with 'properties'")


def answer_id(document: Mapping[str, Any]) -> Any:
    """The id a model answer gives itself (under `id` or `model`), or None."""
    return next((document[key] for key in ("id", "model") if document.get(key) is not None), None)


def normalize(
    document: Mapping[str, Any],
    basis: str | None = None,
    *,
    listed_id: str | None = None,
    capability: str | None = None,
) -> Model:
    """A model answer (or a spec's document) in comparable form. `listed_id` and
    `capability` come from the list that named the model: they stand in for an answer
    that does not give its own."""
    if not isinstance(document, Mapping):
        raise Unreadable("the answer is not a JSON object")
    model_id = answer_id(document)
    if model_id is None:
        model_id = listed_id
    if not isinstance(model_id, str):
        raise Unreadable("no 'id'")
    basis = basis or basis_of(document)
    schema = document.get("input_schema")
    extension = schema.get("x-hub") if isinstance(schema, Mapping) else None
    hub_block: Mapping[str, Any] = extension if isinstance(extension, Mapping) else {}
    if basis == "table":
        rows = document.get("parameters")
        if not isinstance(rows, list):
            raise Unreadable("no 'parameters' list")
        params = {p.name: p for p in map(param_from_row, rows)}
    else:
        if not isinstance(schema, Mapping) or not isinstance(schema.get("properties"), Mapping):
            raise Unreadable("no 'input_schema' with 'properties'")
        required = set(schema.get("required") or [])
        params = {
            name: param_from_schema(name, prop, name in required)
            for name, prop in schema["properties"].items()
            if isinstance(prop, Mapping)
        }
    images = document["images"] if "images" in document else hub_block.get("images")
    rules = document["rules"] if "rules" in document else hub_block.get("rules")
    example = document.get("example")
    identity = {k: document[k] for k in IDENTITY if document.get(k) is not None}
    if capability is not None:
        identity.setdefault("capability", capability)
    return Model(
        id=model_id,
        identity=identity,
        params=params,
        images=_images(images),
        rules=_rules(rules),
        example=dict(example) if isinstance(example, Mapping) else None,
        basis=basis,
        images_known="images" in document or isinstance(extension, Mapping),
        rules_known="rules" in document or isinstance(extension, Mapping),
    )

"""One comparable form for a model, whichever way it was described.

A model answer from a hub may carry the parameter table (`parameters` rows, as the mock
hub and generator/wire.py give it), or only the JSON Schema of its input
(`input_schema`), or both. Specs are turned into the same documents first, so both sides
of a comparison are always read by the same code, on the same basis: the table when the
live answer has one, else the schema.
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
    if isinstance(document.get("parameters"), list):
        return "table"
    schema = document.get("input_schema")
    if isinstance(schema, Mapping) and isinstance(schema.get("properties"), Mapping):
        return "schema"
    raise Unreadable("neither a 'parameters' list nor an 'input_schema' with 'properties'")


def normalize(document: Mapping[str, Any], basis: str | None = None) -> Model:
    """A model answer (or a spec's document) in comparable form."""
    if not isinstance(document, Mapping):
        raise Unreadable("the answer is not a JSON object")
    model_id = document.get("id")
    if not isinstance(model_id, str):
        raise Unreadable("no 'id'")
    basis = basis or basis_of(document)
    schema = document.get("input_schema")
    hub_block = schema.get("x-hub", {}) if isinstance(schema, Mapping) else {}
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
    return Model(
        id=model_id,
        identity={k: document.get(k) for k in IDENTITY if k in document},
        params=params,
        images=_images(images),
        rules=_rules(rules),
        example=dict(example) if isinstance(example, Mapping) else None,
        basis=basis,
    )

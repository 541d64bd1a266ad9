"""Validation tables: each model's as data (the same the Python request model carries), and
the client's lazy way to them (`src/tables.ts` and its shards)."""

from __future__ import annotations

import math
from typing import Any

from jinja2 import Environment

from ...catalog import ModelSpec, Parameter
from ...render.environment import render
from .. import Files
from .npm_package import SRC

TABLE_KEYS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("min_items", "minItems"),
    ("max_items", "maxItems"),
    ("format", "format"),
)


def field_table(param: Parameter) -> dict[str, Any]:
    out: dict[str, Any] = {"name": param.name, "type": param.type}
    if param.required:
        out["required"] = True
    if param.values is not None:
        out["values"] = list(param.values)
    for attr, key in TABLE_KEYS:
        value = getattr(param, attr)
        if value is not None:
            out[key] = value
    if param.items is not None:
        out["items"] = field_table(param.items)
    if param.properties:
        out["properties"] = [field_table(p) for p in param.properties]
    return out


def model_table(model: ModelSpec) -> dict[str, Any]:
    """The same data the Python request model carries: fields, image mapping, rules."""
    table: dict[str, Any] = {
        "id": model.id,
        "fields": [field_table(p) for p in model.input_parameters()],
    }
    images = model.images
    if images is not None and not images.is_passthrough:
        required = list(model.required_slots())
        if images.slots:
            table["images"] = {"slots": list(images.slots), "required": required}
        else:
            table["images"] = {"list": images.list_field, "required": bool(required)}
    if model.rules:
        rules = []
        for rule in model.rules:
            entry: dict[str, Any] = {
                "kind": rule.kind,
                "fields": list(rule.fields),
                "message": rule.describe(),
            }
            if rule.when:
                entry["when"] = rule.when
            if rule.max is not None:
                entry["max"] = rule.max
            rules.append(entry)
        table["rules"] = rules
    return table


def shards(ids: list[str]) -> list[list[str]]:
    """`ids` sorted and cut into runs of ⌈√N⌉: the client's registry loads one run, so what
    a first call loads grows as √N, not N."""
    ordered = sorted(ids)
    size = math.isqrt(len(ordered) - 1) + 1 if ordered else 1
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def table_files(imports: list[dict[str, str]], top: str, env: Environment) -> Files:
    """The client's lazy way to each table: `src/tables.ts` (the first id of each shard)
    and one `src/tables/shard_<k>.ts` per shard (its ids, each an import() of its model)."""
    by_id = {i["id"]: i for i in imports}
    runs = [[by_id[model_id] for model_id in run] for run in shards(list(by_id))]
    names = [f"shard_{k}" for k in range(len(runs))]
    index = [{"first": run[0]["key"], "module": n} for run, n in zip(runs, names, strict=True)]
    files = {SRC / "tables.ts": render(env, "typescript/tables.ts.jinja", header=top, shards=index)}
    for run, name in zip(runs, names, strict=True):
        text = render(env, "typescript/shard.ts.jinja", header=top, models=run)
        files[SRC / "tables" / f"{name}.ts"] = text
    return files

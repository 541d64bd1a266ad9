"""A live model document's parts as a spec file writes them: a parameter row as a
parameter mapping, the image mapping, a whole new model's spec."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..catalog.constraints import KEYS
from ..catalog.rules import from_document, rule_kind
from .normalize import IDENTITY

ROW_KEYS = (
    "type",
    "required",
    "default",
    "values",
    *KEYS,
    "format",
    "description",
    "api_only",
)


def spec_value(row: Mapping[str, Any]) -> dict[str, Any]:
    """A parameter row as a spec's parameter mapping (facts that do not apply left out)."""
    out: dict[str, Any] = {"type": row["type"]}
    if row.get("required"):
        out["required"] = True
    for key in ROW_KEYS[2:]:
        if key in row and row[key] not in (None, "", False):
            out[key] = row[key]
    if isinstance(row.get("items"), Mapping):
        out["items"] = spec_value(row["items"])
    if isinstance(row.get("properties"), list):
        out["properties"] = {p["name"]: spec_value(p) for p in row["properties"]}
    return out


def nested_spec(value: Any) -> Any:
    """Nested items or properties as a spec writes them (row names and unset facts left
    out), so rows from a table and rows from a schema compare alike."""
    if isinstance(value, Mapping) and "type" in value:
        return spec_value(value)
    if isinstance(value, list):
        return {p.get("name"): spec_value(p) for p in value if isinstance(p, Mapping)}
    return value


def images_spec(images: Mapping[str, Any]) -> dict[str, Any]:
    count = {"min": images.get("min", 0)}
    if images.get("max") is not None:  # no max: any number
        count["max"] = images["max"]
    out: dict[str, Any] = {"count": count}
    if images.get("slots"):
        out["slots"] = list(images["slots"])
    else:
        out["list"] = images.get("list")
    return out


def new_spec(document: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": document["id"]}
    out.update({k: document[k] for k in IDENTITY if k in document})
    out["parameters"] = {r["name"]: spec_value(r) for r in document.get("parameters", [])}
    if document.get("images"):
        out["images"] = images_spec(document["images"])
    rules: list[dict[str, Any]] = []
    for rule in document.get("rules", []):
        known = from_document(rule)
        if known is not None:
            rules.append({known.kind: rule_kind(known).write(known)})
    if rules:
        out["rules"] = rules
    out["example"] = dict(document.get("example") or {})
    return out

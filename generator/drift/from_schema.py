"""A schema-only model answer in the table form `sync` plans from.

The hub documents only `input_schema` and `example` for `GET /hub/v1/models/{model}`
(hub-facts.md). From the JSON Schema come each parameter's type, required, default,
allowed values, ranges, lengths, item counts, format, description and api-only flag
(`x-api-only`; a bare schema without hubgen's extensions leaves an existing spec's flag
as it is), and nested items and object properties. What a JSON Schema cannot say is
taken from hubgen's own `x-hub` block when the schema carries one, else left as the spec
has it and listed in `manual` for a hand edit:

- the image mapping (how `image_urls` lands upstream): the hub-facing `image_urls` is
  dropped from the table when the mapping is known (it is not an upstream parameter);
  its item counts become the mapping's count; for a new model without `x-hub` it stays an
  ordinary array parameter;
- whether an image slot's upstream field is required (the schema makes them optional,
  since `image_urls` can fill them): an existing spec keeps its own; a new one reads the
  `x-hub-check` markers of the schema's `allOf`;
- the cross-field rules.

Identity the answer leaves out: capability from the list that named the model; name,
vendor, mode and summary from the answer, else `x-hub`, else the existing spec; for a new
model name falls back to the id, vendor to "unknown", summary to the schema's
description, and mode to the only mode its capability has (`modes`); with more than one
possible mode the model is not created and that is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog.constraints import BY_KEYWORD
from ..catalog.images import IMAGE_URLS
from ..catalog.model import ModelSpec
from ..documents.input_schema import input_schema
from ..documents.wire import model_document
from .normalize import IDENTITY

_LIMITS = {keyword: constraint.key for keyword, constraint in BY_KEYWORD.items()}
"""JSON Schema keyword -> spec key, from the one constraint table."""
TYPES = ("string", "integer", "number", "boolean", "array", "object")


@dataclass
class Converted:
    document: dict[str, Any] | None
    """The answer in table form; None when no spec can be written from it."""
    manual: list[str] = field(default_factory=list)


def _type(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    kinds = [k for k in kind if k != "null"] if isinstance(kind, list) else [kind]
    return kinds[0] if len(kinds) == 1 and kinds[0] in TYPES else None


def row_from_schema(
    name: str, schema: Mapping[str, Any], required: bool, manual: list[str], where: str
) -> dict[str, Any] | None:
    """One parameter row from a property's JSON Schema; None (and a note) when the schema
    gives no single type."""
    kind = _type(schema)
    if kind is None:
        manual.append(f"{where}{name}: the schema gives no single type ({schema.get('type')!r})")
        return None
    row: dict[str, Any] = {"name": name, "type": kind, "required": required}
    if "default" in schema:
        row["default"] = schema["default"]
    if isinstance(schema.get("enum"), list):
        row["values"] = [v for v in schema["enum"] if v is not None]
    for theirs, ours in _LIMITS.items():
        if theirs in schema:
            row[ours] = schema[theirs]
    if isinstance(schema.get("format"), str):
        row["format"] = schema["format"]
    row["description"] = str(schema.get("description") or "")
    row["api_only"] = schema.get("x-api-only") is True
    items = schema.get("items")
    if kind == "array" and isinstance(items, Mapping):
        item = row_from_schema("item", items, False, manual, f"{where}{name}.")
        if item is not None:
            row["items"] = item
    if kind == "object" and isinstance(schema.get("properties"), Mapping):
        inner = set(schema.get("required") or ())
        rows = [
            row_from_schema(k, v, k in inner, manual, f"{where}{name}.")
            for k, v in schema["properties"].items()
            if isinstance(v, Mapping)
        ]
        row["properties"] = [r for r in rows if r is not None]
    return row


def _strip(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            k: _strip(v)
            for k, v in value.items()
            if not k.startswith("x-") and k not in ("description", "$comment")
        }
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def table_document(
    document: Mapping[str, Any],
    *,
    model_id: str,
    capability: str | None,
    spec: ModelSpec | None,
    modes: Mapping[str, Sequence[str]],
) -> Converted:
    """`document` (schema-only) in table form, against the existing `spec` if any."""
    schema: Mapping[str, Any] = document["input_schema"]
    extension = schema.get("x-hub")
    hub: Mapping[str, Any] = extension if isinstance(extension, Mapping) else {}
    manual: list[str] = []
    ours = model_document(spec) if spec is not None else None
    out = _identity(document, hub, model_id, capability, ours)
    if ours is None and _new_identity(out, schema, model_id, modes, manual) is None:
        return Converted(None, manual)
    images = hub["images"] if "images" in hub else (ours["images"] if ours else None)
    out["parameters"], out["images"] = _rows(schema, images, "images" in hub, ours, manual)
    slots_required = _required_slots(schema) if hub else None
    where = f"{model_id}: "
    if ours is None and images is None and IMAGE_URLS in (schema.get("properties") or {}):
        manual.append(
            f"{where}image mapping: the schema does not say how image_urls lands upstream; "
            "written as an ordinary parameter: add `images:` by hand"
        )
    if ours is None and slots_required is not None:
        for row in out["parameters"]:
            if row["name"] in _targets(images) and row["name"] in slots_required:
                row["required"] = True
    if "rules" in hub:
        out["rules"] = list(hub["rules"])
    else:
        out["rules"] = list(ours["rules"]) if ours is not None else []
        theirs_all = _strip(schema.get("allOf"))
        ours_all = _strip(input_schema(spec).get("allOf")) if spec is not None else None
        if theirs_all is not None and theirs_all != ours_all:
            manual.append(
                f"{where}cross-field rules: input_schema.allOf says what the table cannot; "
                "write them under `rules:` by hand"
            )
    if isinstance(document.get("example"), Mapping):
        out["example"] = dict(document["example"])
    elif ours is not None:
        out["example"] = ours["example"]
    return Converted(out, manual)


def _identity(
    document: Mapping[str, Any],
    hub: Mapping[str, Any],
    model_id: str,
    capability: str | None,
    ours: Mapping[str, Any] | None,
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": model_id}
    for key in IDENTITY:
        value = document.get(key)
        if value is None and key in ("vendor", "mode"):
            value = hub.get(key)
        if value is None and key == "capability":
            value = capability
        if value is None and ours is not None:
            value = ours[key]
        if value is not None:
            out[key] = value
    return out


def _own_row(ours: Mapping[str, Any] | None, name: str) -> Mapping[str, Any]:
    rows = ours["parameters"] if ours is not None else []
    found: Mapping[str, Any] = next((r for r in rows if r["name"] == name), {})
    return found


def _rows(
    schema: Mapping[str, Any],
    images: Any,
    images_given: bool,
    ours: Mapping[str, Any] | None,
    manual: list[str],
) -> tuple[list[dict[str, Any]], Any]:
    """The parameter rows, and the image mapping with the counts the schema gives."""
    passthrough = isinstance(images, Mapping) and images.get("list") == IMAGE_URLS
    required = set(schema.get("required") or ())
    where = f"{ours['id']}: " if ours is not None else ""
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, Mapping):
            continue
        if name == IMAGE_URLS and images is not None and not passthrough:
            if not images_given and isinstance(images, Mapping):
                images = {**images, "min": prop.get("minItems", 0), "max": prop.get("maxItems")}
            continue
        row = row_from_schema(name, prop, name in required, manual, where)
        if row is None:
            continue
        if passthrough and name == IMAGE_URLS and ours is not None:
            own = _own_row(ours, IMAGE_URLS)
            for key in ("min_items", "max_items"):  # the mapping's count lives in images
                row.pop(key, None)
                if key in own:
                    row[key] = own[key]
        if name in _targets(images) and name != IMAGE_URLS:
            row["required"] = bool(_own_row(ours, name).get("required"))
        if "x-hub" not in schema and "x-api-only" not in prop:  # a bare schema cannot say
            row["api_only"] = bool(_own_row(ours, name).get("api_only"))
        rows.append(row)
    return rows, images


def _required_slots(schema: Mapping[str, Any]) -> set[str]:
    """Upstream image fields the schema's checks mark required (`x-hub-check` rule
    'required' in allOf: "pass it or image_urls[i]")."""
    out = set()
    for check in schema.get("allOf") or ():
        marker = check.get("x-hub-check") if isinstance(check, Mapping) else None
        if isinstance(marker, Mapping) and marker.get("rule") == "required":
            out.add(str(marker.get("field")))
    return out


def _targets(images: Any) -> tuple[str, ...]:
    if not isinstance(images, Mapping):
        return ()
    slots = images.get("slots") or []
    listed = [images["list"]] if isinstance(images.get("list"), str) else []
    return tuple(str(s) for s in [*slots, *listed])


def _new_identity(
    out: dict[str, Any],
    schema: Mapping[str, Any],
    model_id: str,
    modes: Mapping[str, Sequence[str]],
    manual: list[str],
) -> dict[str, Any] | None:
    """Fill what a new spec needs; None when the mode cannot be known."""
    out.setdefault("name", model_id)
    out.setdefault("vendor", "unknown")
    out.setdefault("summary", str(schema.get("description") or ""))
    if "mode" not in out:
        choices = list(modes.get(str(out.get("capability")), ()))
        if len(choices) != 1:
            known = ", ".join(choices) or "none known"
            manual.append(
                f"{model_id}: new model not written: the hub gives no mode and "
                f"{out.get('capability')!r} has {len(choices)} ({known}); "
                f"write specs/models/{model_id}.yaml by hand"
            )
            return None
        out["mode"] = choices[0]
    return out

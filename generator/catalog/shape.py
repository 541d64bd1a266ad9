"""Structural checks of spec files against `generator/spec.schema.json`.

The schema holds the rules (keys, types, enums); this module only turns jsonschema's
errors into `SpecError`s at the right position, with a did-you-mean for unknown keys.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import SpecError
from .located import LList, LMap, Loc

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@cache
def spec_schema_text() -> str:
    """The text of `generator/spec.schema.json`."""
    return resources.files("generator").joinpath("spec.schema.json").read_text("utf-8")


@cache
def spec_schema() -> dict[str, Any]:
    """`generator/spec.schema.json`, parsed."""
    schema: dict[str, Any] = json.loads(spec_schema_text())
    return schema


@cache
def _validator(definition: str) -> Draft202012Validator:
    # jsonschema loads only when a file is checked and nothing vouched for it.
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    schema = spec_schema()
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]})


def suggest(name: str, choices: Any) -> str:
    """' (did you mean X?)' for the closest of `choices`, or ''."""
    match = difflib.get_close_matches(name, sorted(str(c) for c in choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def dotted(path: list[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def value_loc(root: LMap, path: list[Any]) -> Loc:
    """The position of the value at `path` (falling back to its nearest located parent)."""
    node: Any = root
    loc = root.loc
    for part in path:
        if isinstance(node, LMap) and part in node:
            loc = node.value_locs.get(part, loc)
        elif isinstance(node, LList) and isinstance(part, int) and part < len(node):
            loc = node.item_locs[part]
        else:
            break
        node = node[part]
    return loc


def key_loc(root: LMap, path: list[Any]) -> Loc:
    """The position of the key that ends `path` (else that of its value)."""
    parent: Any = root
    for part in path[:-1]:
        if not isinstance(parent, (LMap, LList)):
            break
        parent = parent[part]
    if path and isinstance(parent, LMap) and path[-1] in parent.key_locs:
        return parent.key_locs[path[-1]]
    return value_loc(root, path)


def _node(root: LMap, path: list[Any]) -> Any:
    node: Any = root
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _problems(root: LMap, error: ValidationError) -> Iterator[SpecError]:
    path = list(error.absolute_path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    expected: Any = error.validator_value
    where = dotted(path)
    instance = error.instance
    loc = value_loc(root, path)
    kind = error.validator
    if kind == "additionalProperties" and isinstance(instance, LMap):
        known = schema.get("properties", {})
        for key in instance:
            if key not in known:
                kl = instance.key_locs.get(key, loc)
                yield SpecError(
                    kl.file,
                    kl.line,
                    kl.column,
                    "E101",
                    f"{dotted([*path, key])}: unknown key '{key}'{suggest(key, known)}",
                )
        return
    if kind == "required" and isinstance(instance, dict):
        for key in expected:
            if key not in instance:
                yield SpecError(
                    loc.file, loc.line, loc.column, "E103", f"{where}: missing required key '{key}'"
                )
        return
    if kind == "contains" and isinstance(expected, Mapping):
        wanted = ", ".join(
            f"{key} {rule['const']!r}"
            for key, rule in expected.get("properties", {}).items()
            if "const" in rule
        )
        message = f"{where}: no entry with {wanted or 'the required shape'}"
        yield SpecError(loc.file, loc.line, loc.column, "E103", message)
        return
    if kind == "type":
        expected_text = " or ".join(expected) if isinstance(expected, list) else expected
        message = f"{where}: expected {expected_text}, got {json_type(instance)}"
        yield SpecError(loc.file, loc.line, loc.column, "E102", message)
        return
    if kind == "enum":
        allowed = ", ".join(str(v) for v in expected)
        hint = suggest(str(instance), expected)
        message = f"{where}: {instance!r} is not one of: {allowed}{hint}"
        yield SpecError(loc.file, loc.line, loc.column, "E104", message)
        return
    if kind in ("oneOf", "anyOf") and error.context:
        # Report the branch that got furthest, e.g. `extends: 3` -> "expected string".
        best = max(error.context, key=lambda e: len(list(e.absolute_path)))
        if best.validator != "type":
            yield from _problems(root, best)
            return
        names = sorted({str(e.validator_value) for e in error.context if e.validator == "type"})
        message = f"{where}: expected {' or '.join(names)}, got {json_type(instance)}"
        yield SpecError(loc.file, loc.line, loc.column, "E102", message)
        return
    if error.schema_path and "propertyNames" in error.schema_path and isinstance(instance, str):
        parent = value_loc(root, path)
        node = _node(root, path)
        kl = node.key_locs.get(instance, parent) if isinstance(node, LMap) else parent
        message = (
            f"{dotted([*path, instance])}: the name '{instance}' {error.message.split(' ', 1)[1]}"
        )
        yield SpecError(kl.file, kl.line, kl.column, "E104", message)
        return
    if kind == "minProperties" and not schema.get("properties"):
        message = f"{where}: needs at least {expected} entr{'y' if expected == 1 else 'ies'}"
        yield SpecError(loc.file, loc.line, loc.column, "E103", message)
        return
    if kind in ("minProperties", "maxProperties") and isinstance(instance, dict):
        options = ", ".join(schema.get("properties", {}))
        message = f"{where}: must have exactly one of: {options}"
        yield SpecError(loc.file, loc.line, loc.column, "E104", message)
        return
    yield SpecError(loc.file, loc.line, loc.column, "E104", f"{where}: {error.message}")


def non_finite(node: Any, path: list[Any], loc: Loc) -> Iterator[SpecError]:
    """A NaN or infinity anywhere in a spec: JSON has no such number, and the JSON
    Schema says "number" to it."""
    if isinstance(node, float) and not math.isfinite(node):
        message = f"{dotted(path)}: {node!r} is not a finite number"
        yield SpecError(loc.file, loc.line, loc.column, "E102", message)
    elif isinstance(node, LMap):
        for key, value in node.items():
            yield from non_finite(value, [*path, key], node.value_locs.get(key, loc))
    elif isinstance(node, LList):
        for index, (item, item_loc) in enumerate(zip(node, node.item_locs, strict=True)):
            yield from non_finite(item, [*path, index], item_loc)


class Vouch(Protocol):
    """A faster check that may vouch for a value (generator/speed/fast_checks.py): True
    only when the value is valid; False leaves the answer, and the problems' wording, to
    jsonschema."""

    def shape(self, definition: str, tree: object) -> bool:
        """Whether `tree` is valid against the spec schema's `$defs/<definition>`."""
        ...

    def instance(self, schema: Mapping[str, Any], value: object) -> bool:
        """Whether `value` is valid against `schema` (a model's input schema, its string
        formats checked as formats.py's CHECKS say)."""
        ...


def check_shape(root: LMap, definition: str, vouch: Vouch | None = None) -> list[SpecError]:
    """All structural problems of `root` against `$defs/<definition>` (none when `vouch`
    vouches for it: jsonschema is not even loaded then)."""
    if vouch is not None and vouch.shape(definition, root):
        return []
    problems: list[SpecError] = []
    for error in _validator(definition).iter_errors(root):
        problems.extend(_problems(root, error))
    return problems

"""Table cells as the docs print them: a value, a list of allowed values, a run of
consecutive integers as a range, – when empty."""

from __future__ import annotations

import json
from typing import Any

EMPTY = "–"


def cell(value: Any) -> str:
    """A table value as the reference page prints it: JSON-ish scalars, – when empty."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def values_cell(values: tuple[Any, ...] | None) -> str:
    """Allowed values space-separated, as the page writes them."""
    return " ".join(cell(v) for v in values) if values else EMPTY


def compact_values(values: tuple[Any, ...] | None) -> str:
    """Like values_cell, but a run of three or more consecutive integers as 'a–b'."""
    if not values:
        return EMPTY
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return values_cell(values)
    ints = sorted(values)
    parts: list[str] = []
    start = prev = ints[0]
    for value in [*ints[1:], None]:
        if value is not None and value == prev + 1:
            prev = value
            continue
        if prev - start >= 2:
            parts.append(f"{start}–{prev}")
        else:
            parts.extend(str(v) for v in range(start, prev + 1))
        if value is not None:
            start = prev = value
    return " ".join(parts)

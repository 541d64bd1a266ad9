"""The constraint keywords a parameter may carry: one table, read by every target.

Each entry says how a limit is written in a spec (and in the parameter rows the hub's model
endpoint answers, and as the `Parameter` attribute), which JSON Schema keyword says it,
which pydantic `Field` argument enforces it and which pydantic error reports it, how it is
worded in docs and messages, and which parameter types it applies to. A new constraint is
one entry here plus its attribute on `Parameter` (and the SDK runtime's `ParameterInfo`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .parameter import Parameter


@dataclass(frozen=True)
class Constraint:
    key: str
    """The spec key, the parameter row's key and the `Parameter` attribute."""
    keyword: str
    """The JSON Schema keyword."""
    pydantic: str
    """The pydantic `Field` argument."""
    error: str
    """The pydantic error type that reports a value past this limit."""
    bound: str
    """'min' or 'max': whether the limit is a floor or a ceiling."""
    unit: str
    """What is counted ('' for the value itself, 'characters', 'items')."""
    types: tuple[str, ...]
    """The parameter types the limit applies to."""

    @property
    def words(self) -> str:
        """'at least {}', 'at most {} characters long', ... (format with the limit)."""
        head = "at least {}" if self.bound == "min" else "at most {}"
        return f"{head} {self.unit} long" if self.unit else head

    @property
    def counts(self) -> str:
        """'length' or 'items' for a limit on a size, '' for a limit on the value."""
        return self.key.partition("_")[2]

    @property
    def is_floor(self) -> bool:
        return self.bound == "min"


_NUMBERS = ("integer", "number")
_STRING = ("string",)
_ARRAY = ("array",)

CONSTRAINTS: tuple[Constraint, ...] = (
    # spec key, JSON Schema keyword, pydantic argument, pydantic error, bound, unit, types
    Constraint("minimum", "minimum", "ge", "greater_than_equal", "min", "", _NUMBERS),
    Constraint("maximum", "maximum", "le", "less_than_equal", "max", "", _NUMBERS),
    Constraint(
        "min_length", "minLength", "min_length", "string_too_short", "min", "characters", _STRING
    ),
    Constraint(
        "max_length", "maxLength", "max_length", "string_too_long", "max", "characters", _STRING
    ),
    Constraint("min_items", "minItems", "min_length", "too_short", "min", "items", _ARRAY),
    Constraint("max_items", "maxItems", "max_length", "too_long", "max", "items", _ARRAY),
)

KEYS: tuple[str, ...] = tuple(c.key for c in CONSTRAINTS)
"""The spec keys, in table order."""
UNITS: tuple[str, ...] = tuple(dict.fromkeys(c.unit for c in CONSTRAINTS))
"""What the limits count, in table order ('' for a number's own range)."""
BY_KEY = {c.key: c for c in CONSTRAINTS}
BY_KEYWORD = {c.keyword: c for c in CONSTRAINTS}
"""JSON Schema keyword -> constraint."""


def limits_of(param: Parameter) -> Iterator[tuple[Constraint, int | float]]:
    """The constraints `param` carries, with their values, in table order."""
    for constraint in CONSTRAINTS:
        value = getattr(param, constraint.key)
        if value is not None:
            yield constraint, value


def span(param: Parameter, unit: str) -> tuple[int | float | None, int | float | None]:
    """(floor, ceiling) of the limits counting `unit` ('' for a number's own range)."""
    low = high = None
    for constraint, value in limits_of(param):
        if constraint.unit == unit:
            if constraint.is_floor:
                low = value
            else:
                high = value
    return low, high

"""One upstream parameter of a model, as the hub documents it, and the order the hub
lists parameters in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def page_order(name: str) -> tuple[int, str]:
    """The hub lists parameters by name length, then by name; so do we."""
    return (len(name), name)


@dataclass(frozen=True)
class Parameter:
    """One upstream parameter, as the hub documents it."""

    name: str
    type: str
    required: bool = False
    has_default: bool = False
    default: Any = None
    values: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    format: str | None = None
    description: str = ""
    api_only: bool = False
    items: Parameter | None = None
    properties: tuple[Parameter, ...] = ()

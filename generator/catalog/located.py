"""Values read from a spec that remember where they came from.

`LMap`/`LList` (dict and list subclasses) carry the position of themselves and of each
key, value and item, so that positions survive merging a spec with its bases, and every
later check can point at the exact file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Loc:
    """A position in a spec file; line and column are 0-based."""

    file: str
    line: int
    column: int


class LMap(dict[str, Any]):
    """A mapping from a spec, with the position of itself, each key and each value."""

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}
        self.value_locs: dict[str, Loc] = {}

    def put(self, key: str, value: Any, key_loc: Loc, value_loc: Loc) -> None:
        self[key] = value
        self.key_locs[key] = key_loc
        self.value_locs[key] = value_loc


class LList(list[Any]):
    """A sequence from a spec, with the position of itself and of each item."""

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.item_locs: list[Loc] = []

    def put(self, value: Any, loc: Loc) -> None:
        self.append(value)
        self.item_locs.append(loc)

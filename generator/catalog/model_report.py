"""Where the checks of one model put what they find: each problem at its place in the
model's located tree, its message led by the model's id."""

from __future__ import annotations

from typing import Any

from ..errors import SpecError
from .located import LMap
from .model import ModelSpec
from .shape import key_loc, value_loc


class ModelReport:
    """One model, its located tree, and the problems found in it so far."""

    def __init__(self, model: ModelSpec, tree: LMap) -> None:
        self.model = model
        self.tree = tree
        self.problems: list[SpecError] = []

    def at(self, path: list[Any], code: str, message: str, *, key: bool = False) -> None:
        """A problem at `path` in the tree: at its key with `key`, else at its value."""
        loc = key_loc(self.tree, path) if key else value_loc(self.tree, path)
        self.problems.append(
            SpecError(loc.file, loc.line, loc.column, code, f"{self.model.id}: {message}")
        )

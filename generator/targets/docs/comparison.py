"""A capability's comparison matrix on the index: the parameters its models share, as
columns, and what each model takes for them."""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import ModelSpec, Parameter
from ...catalog.parameter import page_order
from .cells import EMPTY, compact_values

MAX_COLUMNS = 4
IMAGES_COLUMN = "Images"


@dataclass(frozen=True)
class Column:
    """One column of a capability's comparison matrix: a parameter its models share."""

    name: str
    title: str


@dataclass(frozen=True)
class MatrixRow:
    id: str
    path: str
    cells: list[str]


def _comparable(param: Parameter) -> bool:
    """A parameter worth a matrix column: allowed values to list, or an on/off switch."""
    return bool(param.values) or param.type == "boolean"


def matrix_columns(models: tuple[ModelSpec, ...] | list[ModelSpec]) -> list[Column]:
    """The parameters with allowed values or a boolean that at least half of `models`
    share: the MAX_COLUMNS most shared, in page order."""
    counts: dict[str, int] = {}
    for model in models:
        for param in model.parameters:
            if _comparable(param):
                counts[param.name] = counts.get(param.name, 0) + 1
    shared = [name for name, count in counts.items() if 2 * count >= len(models)]
    shared.sort(key=lambda name: (-counts[name], page_order(name)))
    chosen = sorted(shared[:MAX_COLUMNS], key=page_order)
    return [Column(name, column_title(name)) for name in chosen]


def column_title(name: str) -> str:
    """'aspect_ratio' -> 'Aspect ratio'."""
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def matrix_cell(model: ModelSpec, name: str) -> str:
    """What the model takes for one column's parameter; – when it has no such parameter."""
    param = model.parameter(name)
    if param is None:
        return EMPTY
    if param.values:
        return compact_values(param.values)
    if param.type == "boolean":
        if not param.has_default:
            return "yes"
        return f"yes (default {'on' if param.default is True else 'off'})"
    return f"any {param.type}"


def images_cell(model: ModelSpec) -> str:
    """How many images the model takes, as a phrase: 'none', '1 image', 'up to 9 images'."""
    return "none" if model.images is None else model.images.count_phrase()

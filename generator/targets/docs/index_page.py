"""The index page: each capability's section, its models grouped by mode and its
comparison matrix."""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import ModelSpec
from ...catalog.hub import Capability
from .comparison import (
    IMAGES_COLUMN,
    Column,
    MatrixRow,
    column_title,
    images_cell,
    matrix_cell,
    matrix_columns,
)
from .model_page import page_path


@dataclass(frozen=True)
class Listing:
    """A model as the index lists it: the model and its page's path."""

    model: ModelSpec
    path: str


@dataclass(frozen=True)
class Group:
    title: str
    mode: str
    pages: list[Listing]


@dataclass(frozen=True)
class Section:
    """One capability on the index: its endpoint, its models by mode, its matrix."""

    capability: Capability
    title: str
    groups: list[Group]
    columns: list[str]
    matrix: list[MatrixRow]


def matrix_row(page: Listing, columns: list[Column], with_images: bool) -> MatrixRow:
    model = page.model
    cells = [matrix_cell(model, column.name) for column in columns]
    if with_images:
        cells.append(images_cell(model))
    return MatrixRow(id=model.id, path=page.path, cells=cells)


def mode_title(mode: str | None) -> str:
    """A mode as a heading: its first letter upper-cased."""
    return mode[:1].upper() + mode[1:] if mode else "All models"


def groups(pages: list[Listing], modes: tuple[str, ...]) -> list[Group]:
    """One capability's pages by mode, in the order hub.yaml lists its modes."""
    out = []
    for mode in modes or (None,):
        members = [p for p in pages if p.model.mode == mode]
        if members:
            out.append(Group(mode_title(mode), mode or "", members))
    return out


def section(capability: Capability, models: tuple[ModelSpec, ...]) -> Section:
    pages = [Listing(model, page_path(model)) for model in models]
    ordered = groups(pages, capability.modes)
    columns = matrix_columns(models)
    with_images = any(model.images is not None for model in models)
    titles = [column.title for column in columns] + ([IMAGES_COLUMN] if with_images else [])
    # A matrix of the model column alone compares nothing: left out.
    rows = [matrix_row(p, columns, with_images) for group in ordered for p in group.pages]
    rows = rows if titles else []
    return Section(capability, column_title(capability.name), ordered, titles, rows)

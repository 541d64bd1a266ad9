"""Targets: each turns the Catalog into (path, text) pairs under generated/.

A target never reads specs or writes files; it renders through the shared environment.
Each is a module with three functions: `model_files` (one model's own files, which depend
on nothing but that model and the hub's surface), `model_parts` (what the model gives
the catalog-wide files, by the same rule) and `catalog_files` (the files made from the
whole catalog, given every model's parts). A target whose catalog-wide files are put
together from parts names them in `PARTS`; after a catalog change the parts of the
models that did not change are the ones rendered before.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..catalog import Catalog, ModelSpec
    from ..catalog.hub import HubSpec

Files = dict[PurePosixPath, str]

Parts = dict[str, str]
"""One model's parts for one target: each name of the target's PARTS -> its text."""


class Target(Protocol):
    PARTS: tuple[str, ...]

    def model_files(self, model: ModelSpec, hub: HubSpec, env: Environment) -> Files: ...

    def model_parts(self, model: ModelSpec, hub: HubSpec, env: Environment) -> Parts: ...

    def catalog_files(self, catalog: Catalog, env: Environment, parts: Sequence[Parts]) -> Files:
        """`parts`: each model's `model_parts`, in catalog order."""
        ...


def render_target(target: Target, catalog: Catalog, env: Environment) -> Files:
    """Everything one target renders for the catalog, unformatted."""
    files: Files = {}
    parts = []
    for model in catalog.models:
        files.update(target.model_files(model, catalog.hub, env))
        parts.append(target.model_parts(model, catalog.hub, env))
    return {**files, **target.catalog_files(catalog, env, parts)}

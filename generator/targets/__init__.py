"""Targets: each turns the Catalog into (path, text) pairs under generated/.

A target never reads specs or writes files; it renders through the shared environment.
Each is a module with two functions: `model_files` (one model's own files, which depend
on nothing but that model and the hub's surface) and `catalog_files` (the files made
from the whole catalog).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..catalog import Catalog, ModelSpec
    from ..catalog.hub import HubSpec

Files = dict[PurePosixPath, str]


class Target(Protocol):
    def model_files(self, model: ModelSpec, hub: HubSpec, env: Environment) -> Files: ...

    def catalog_files(self, catalog: Catalog, env: Environment) -> Files: ...


def render_target(target: Target, catalog: Catalog, env: Environment) -> Files:
    """Everything one target renders for the catalog, unformatted."""
    files: Files = {}
    for model in catalog.models:
        files.update(target.model_files(model, catalog.hub, env))
    return {**files, **target.catalog_files(catalog, env)}

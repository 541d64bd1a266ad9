"""The processes a large catalog's run spreads its rendering over: a child forked for the
catalog-wide files that need the whole catalog (begun first, while the main process finds
the models' files it can reuse), and a pool of forked workers for the models that need
rendering, when there are many. Both inherit the catalog by fork. A worker ends when the
process that started it does, even when that one is killed (SIGKILL leaves it no chance
to stop them). `render_model` and `render_catalog_files` are the work itself, the same
in one process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec
from ..catalog.hub import HubSpec
from ..render.formatting import finish
from ..targets import Files, Parts, Target
from . import background
from .background import Child, end_with_parent
from .formatted import format_files

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_AT = 16
"""A catalog of this many models or more is rendered by worker processes."""

WORKERS = 4
"""At most this many worker processes (fewer on a machine with fewer CPUs)."""


ModelRender = tuple[Files, list[Parts]]
"""A model's files, and its parts for each target (in the order of the targets)."""


def render_model(
    model: ModelSpec, hub: HubSpec, env: Environment, targets: Sequence[Target]
) -> ModelRender:
    """The model's files, formatted and checked (RenderError if one is not valid), and
    its parts."""
    files: Files = {}
    parts: list[Parts] = []
    for target in targets:
        files.update(target.model_files(model, hub, env))
        parts.append(target.model_parts(model, hub, env))
    return {path: finish(path, text) for path, text in files.items()}, parts


def render_catalog_files(
    catalog: Catalog,
    env: Environment,
    targets: Sequence[Target],
    parts: Sequence[Sequence[Parts]] | None = None,
) -> Files:
    """The catalog-wide files of `targets`, formatted and checked. `parts`: each model's
    parts for each of `targets`, model by model (None when no target has PARTS)."""
    rendered: Files = {}
    for at, target in enumerate(targets):
        if parts is None:
            assert not target.PARTS
            given: list[Parts] = [{} for _ in catalog.models]
        else:
            given = [each[at] for each in parts]
        rendered.update(target.catalog_files(catalog, env, given))
    return format_files(rendered)


# What forked workers render from: set before the pool starts, inherited by fork.
_JOB: tuple[Catalog, Environment, Sequence[Target]] | None = None


def render_chunk(indices: Sequence[int]) -> list[ModelRender]:
    assert _JOB is not None
    catalog, env, targets = _JOB
    return [render_model(catalog.models[i], catalog.hub, env, targets) for i in indices]


@contextmanager
def workers(
    catalog: Catalog, env: Environment, targets: Sequence[Target], *, enabled: bool = True
) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a large catalog on a machine with more than one CPU (None
    otherwise, or when not `enabled`); stopped on the way out, unfinished work cancelled."""
    global _JOB  # noqa: PLW0603 (the forked workers' inheritance)
    count = min(os.cpu_count() or 1, WORKERS)
    if not enabled or len(catalog.models) < PARALLEL_AT or count < 2:
        yield None
        return
    _JOB = (catalog, env, targets)
    # Everything alive now is left out of garbage collection while the workers run: a
    # forked worker's collections would otherwise walk the inherited catalog, and by
    # touching it copy its pages. Given back on the way out (a library caller's catalog
    # can then be freed).
    gc.freeze()
    # Loaded only here: a run that renders few models starts no pool.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    pool = ProcessPoolExecutor(
        count,
        mp_context=multiprocessing.get_context("fork"),
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)
        _JOB = None
        gc.unfreeze()


def start_catalog_files(
    catalog: Catalog, env: Environment, targets: Sequence[Target], *, enabled: bool = True
) -> Child[Files] | None:
    """The catalog-wide files of `targets` (targets with no PARTS) begun in a forked child,
    for a large catalog: it renders them on the other CPU while this process finds the
    files it can reuse (None where no child is started: render them here). Begun before
    anything else, so that they are ready as soon as the rest is."""
    if not enabled or len(catalog.models) < PARALLEL_AT:
        return None
    return background.start(partial(render_catalog_files, catalog, env, targets))


def catalog_files_from(
    child: Child[Files] | None, catalog: Catalog, env: Environment, targets: Sequence[Target]
) -> Files:
    """What `start_catalog_files` gave: the child's files, or rendered here when there was
    no child or it failed (its error, a RenderError, is raised here then)."""
    files = child.result() if child is not None else None
    return files if files is not None else render_catalog_files(catalog, env, targets)

"""Each model's own files: its request module, JSON Schema, docs page and contract tests.

They depend on nothing but the model, the hub's surface, the templates and this
generator, so they are rendered, formatted and checked once for that content and kept in
a cache pack under its hash; a run renders only the models that changed. When many are
new (a cold run), they are rendered in parallel processes.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from jinja2 import Environment

from . import cache
from .catalog import Catalog, ModelSpec
from .catalog.model import HubSpec
from .formatting import finish
from .targets import Files, contract, docs, python, schemas

ModelTarget = Callable[[ModelSpec, HubSpec, Environment], Files]
MODEL_TARGETS: tuple[ModelTarget, ...] = (
    python.model_files,
    schemas.model_files,
    docs.model_files,
    contract.model_files,
)

PARALLEL_AT = 16
"""Rendering this many models or more is spread over the CPUs."""


def render_model(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    """The model's files, formatted and checked (RenderError if one is not valid)."""
    files: Files = {}
    for target in MODEL_TARGETS:
        files.update(target(model, hub, env))
    return {path: finish(path, text) for path, text in files.items()}


# What forked workers render from: set before the pool starts, inherited by fork.
_JOB: tuple[Sequence[ModelSpec], HubSpec, Environment] | None = None


def _render_chunk(indices: Sequence[int]) -> list[Files]:
    assert _JOB is not None
    models, hub, env = _JOB
    return [render_model(models[i], hub, env) for i in indices]


class ModelOutputs:
    """Renders each model's files, from the cache pack where it can.

    `start` hands the models to render to worker processes (when there are many) and
    returns at once, so the caller can render the catalog-wide files meanwhile; `result`
    collects them."""

    def __init__(self, catalog: Catalog, env: Environment, salt: str, identity: str | None):
        self._catalog = catalog
        self._env = env
        self._salt = salt
        self._pack = cache.Pack("outputs", identity) if identity is not None else None
        self._keys: list[str] = []
        self._done: list[Files | None] = []
        self._misses: list[int] = []
        self._futures: list[tuple[list[int], Future[list[Files]]]] = []
        self._pool: ProcessPoolExecutor | None = None

    def _key(self, model: ModelSpec) -> str:
        return hashlib.sha256(f"{self._salt}\0{model!r}".encode()).hexdigest()

    def start(self) -> None:
        global _JOB  # noqa: PLW0603 (the forked workers' inheritance)
        for index, model in enumerate(self._catalog.models):
            key = self._key(model)
            hit = self._pack.get(key) if self._pack is not None else None
            self._keys.append(key)
            self._done.append(hit)
            if hit is None:
                self._misses.append(index)
        workers = min(os.cpu_count() or 1, 4)
        if len(self._misses) < PARALLEL_AT or workers < 2:
            return
        _JOB = (self._catalog.models, self._catalog.hub, self._env)
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        size = max(1, len(self._misses) // (workers * 4))
        for at in range(0, len(self._misses), size):
            chunk = self._misses[at : at + size]
            self._futures.append((chunk, self._pool.submit(_render_chunk, chunk)))

    def result(self) -> Files:
        """Every model's files (in catalog order); stores what was rendered."""
        global _JOB  # noqa: PLW0603
        models, hub = self._catalog.models, self._catalog.hub
        try:
            if self._pool is None:
                for index in self._misses:
                    self._done[index] = render_model(models[index], hub, self._env)
            else:
                for chunk, future in self._futures:
                    for index, files in zip(chunk, future.result(), strict=True):
                        self._done[index] = files
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
            _JOB = None
        if self._pack is not None:
            for index in self._misses:
                self._pack.put(self._keys[index], self._done[index] or {})
            self._pack.save()
        out: Files = {}
        for done in self._done:
            assert done is not None
            out.update(done)
        return out

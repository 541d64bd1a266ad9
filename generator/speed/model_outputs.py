"""Each model's own files (its request module, JSON Schema, docs page and contract data)
and its parts of the catalog-wide files (targets/__init__.py).

They depend on nothing but the model, the hub's surface, the templates and this
generator. A cache pack records, under a hash of that content, the hash of each file it
gave and the parts; when the files in generated/ still have those hashes, they are what
rendering would give again, and are taken as they are, with the parts. So a run renders,
formats and checks only the models that changed, and the only copy of a model's files is
generated/ itself.

The models that need rendering are rendered here when they are few, else handed to a pool
of forked workers in chunks (processes.py); the catalog-wide files made of parts are put
together by the caller once every model's parts are known (pipeline.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec
from ..digests import digest
from ..output.tree import Stat
from ..targets import Files, Parts, Target
from . import cache, processes
from .known_files import KnownFiles
from .processes import ModelRender, render_chunk, render_model

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Linked = Callable[[], tuple[Mapping[str, Stat], str]]
"""The files the writer linked early into the new tree, each with its Stat as linked, and
that tree's folder (output/writer.py's Staging; asked for once, when first needed)."""


@dataclass
class Outputs:
    """Every model's files, with what is known about them without reading them again."""

    files: Files = field(default_factory=dict)
    """The files rendered by this run."""
    digests: dict[PurePosixPath, str] = field(default_factory=dict)
    """The hash of each file rendered."""
    kept: dict[str, str] = field(default_factory=dict)
    """Files kept as the output directory holds them (not rendered, not read), by POSIX
    path, with their hashes."""
    data: dict[PurePosixPath, bytes] = field(default_factory=dict)
    """The bytes (UTF-8) of each file rendered, encoded once for its hash and the writer."""
    parts: list[list[Parts]] = field(default_factory=list)
    """Each model's parts (in catalog order), for each target."""


class ModelOutputs:
    """Renders each model's files, taking them from the output directory where the
    cache pack vouches for them.

    `start` finds what can be reused and hands the models to render to the workers (when
    there are many; the few left it renders itself, while the workers render the
    catalog-wide files); `result` collects every model's files."""

    def __init__(
        self,
        catalog: Catalog,
        env: Environment,
        targets: Sequence[Target],
        salt: str,
        *,
        identity: str | None = None,
        out_dir: Path | None = None,
        linked: Linked | None = None,
        known: KnownFiles | None = None,
    ) -> None:
        self._catalog = catalog
        self._env = env
        self._targets = targets
        self._salt = digest(salt)
        self._source_digests: dict[str, str] = {}
        self._pack: cache.Pack | None = None
        self._known: KnownFiles | None = None
        if identity and out_dir:
            self._pack = cache.Pack("outputs", identity, separate=True)
            self._known = known or KnownFiles(os.fspath(out_dir))
        self._linked = linked
        self._names = [target.PARTS for target in targets]
        self._keys: list[str] = []
        self._done: list[ModelRender | None] = []
        self._misses: list[int] = []
        self._futures: list[tuple[list[int], Future[list[ModelRender]]]] = []
        self._out = Outputs()

    def _key(self, model: ModelSpec) -> str:
        """What the model's files depend on, besides the salt (hub, templates, generator):
        the texts of the spec files it was built from, which fix it whole."""
        made_of = "\0".join(
            f"{name}\0{self._source_digest(name)}" for name in (model.source, *model.bases)
        )
        return digest(f"{self._salt}\0{model.id}\0{made_of}")

    def _source_digest(self, name: str) -> str:
        """The hash of a spec file's text (each base's once, however many models extend it)."""
        found = self._source_digests.get(name)
        if found is None:
            found = self._source_digests[name] = digest(str(self._catalog.sources.get(name)))
        return found

    def _reuse(
        self, key: str, stats: Mapping[str, Stat], where: str
    ) -> tuple[dict[str, str], list[Parts]] | None:
        """The files recorded under `key` (path -> hash) and the parts, if the output
        directory holds every one of those files with its recorded hash (known_files.py:
        by stat where it can). A file linked early into the new tree at `where` (its Stat
        in `stats`) is vouched for as linked."""
        recorded = self._pack.get(key) if self._pack is not None else None
        if not isinstance(recorded, tuple) or len(recorded) != 2 or self._known is None:
            return None
        files, parts = recorded
        if not (isinstance(files, dict) and self._parts_valid(parts)):
            return None
        for name, expected in files.items():
            if not (isinstance(name, str) and isinstance(expected, str)):
                return None
            seen = stats.get(name)
            if seen is not None and self._known.vouched(name, expected, seen):
                continue  # linked early, and known by that stat
            linked = None if seen is None else (seen, os.path.join(where, name))
            if not self._known.holds(name, expected, linked):
                return None
        return files, parts

    def _parts_valid(self, parts: object) -> bool:
        """Whether `parts` is one Parts per target, each with that target's PARTS."""
        if not isinstance(parts, list) or len(parts) != len(self._targets):
            return False
        for names, given in zip(self._names, parts, strict=True):
            if not isinstance(given, dict) or tuple(given) != names:
                return False
            for text in given.values():
                if type(text) is not str:
                    return False
        return True

    def start(self, pool: ProcessPoolExecutor | None = None) -> None:
        """Find the files that can be reused; hand the models that need rendering to
        `pool` (made by `workers`) when there are many."""
        self.find()
        self.hand_out(pool)

    def find(self) -> int:
        """Find the files that can be reused; how many models need rendering."""
        stats, where = self._linked() if self._linked is not None else ({}, "")
        for index, model in enumerate(self._catalog.models):
            key = self._key(model)
            kept = self._reuse(key, stats, where)
            self._keys.append(key)
            self._done.append(({}, kept[1]) if kept is not None else None)
            if kept is None:
                self._misses.append(index)
            else:
                self._out.kept.update(kept[0])
        if self._known is not None:
            self._known.save(every_file=False)
        return len(self._misses)

    def hand_out(self, pool: ProcessPoolExecutor | None) -> None:
        """Render the models `find` left (here when they are few or there is no `pool`,
        else in chunks in `pool`)."""
        if pool is None or len(self._misses) < processes.PARALLEL_AT:
            for index in self._misses:
                model = self._catalog.models[index]
                self._done[index] = render_model(model, self._catalog.hub, self._env, self._targets)
            return
        size = max(1, len(self._misses) // (processes.WORKERS * 4))
        for at in range(0, len(self._misses), size):
            chunk = self._misses[at : at + size]
            self._futures.append((chunk, pool.submit(render_chunk, chunk)))

    def result(self) -> Outputs:
        """Every model's files and parts (in catalog order); records what was rendered."""
        for chunk, future in self._futures:
            for index, files in zip(chunk, future.result(), strict=True):
                self._done[index] = files
        for index in self._misses:
            done = self._done[index]
            assert done is not None
            rendered, parts = done
            encoded = {path: text.encode("utf-8") for path, text in rendered.items()}
            digests = {path: hashlib.sha256(data).hexdigest() for path, data in encoded.items()}
            self._out.data.update(encoded)
            self._out.digests.update(digests)
            if self._pack is not None:
                entry = ({str(p): d for p, d in digests.items()}, parts)
                self._pack.put(self._keys[index], entry)
        if self._pack is not None:
            self._pack.save()
        for done in self._done:
            assert done is not None
            self._out.files.update(done[0])
            self._out.parts.append(done[1])
        return self._out

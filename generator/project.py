"""The verbs on the pipeline: generate, check, and render_all, their pure core.

Whether generated/ is current is answered from hashes alone (speed/freshness.py) before
anything else loads: the pipeline (pipeline.py: the loader, Jinja, the targets, black)
and the writer are imported only when something must be rendered, so a no-op
`generate` costs milliseconds whatever the catalog's size.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .output.tree import existing_files
from .paths import Paths
from .timings import Timings

if TYPE_CHECKING:
    from .catalog import Catalog, LoadResult
    from .output.tree import Stat
    from .output.writer import Stale
    from .targets import Files


@dataclass(frozen=True)
class Outcome:
    """What one `generate` (or `generate --check`) found."""

    fresh: bool
    """The hashes showed paths.out current: nothing was loaded, rendered or written."""
    stale: list[Stale]
    """The files paths.out did not hold as rendered: rewritten unless only checking."""
    rendered: int
    """Files in the rendered tree (0 when fresh: nothing was rendered)."""


def run(paths: Paths, *, write: bool, timings: Timings | None = None) -> Outcome:
    """Bring paths.out up to date (`write`), or only find what is stale in it. Writes only
    on change; `timings` records the wall time of each phase."""
    paths.require()
    timings = timings or Timings()
    with timings.phase("freshness check (hashes)"):
        from .speed.freshness import up_to_date  # noqa: PLC0415 (its hashing is part of the check)

        fresh = up_to_date(paths)
    if fresh:
        return Outcome(fresh=True, stale=[], rendered=0)
    with timings.phase("imports; the new tree begun (a child links the old files in)"):
        tree = _NewTree(paths.out) if write else None
        from .pipeline import render_and_compare  # noqa: PLC0415 (loads when needed)
        from .speed.known_files import KnownFiles  # noqa: PLC0415

        known = KnownFiles(os.fspath(paths.out))
    try:
        if tree is None:
            rendered, stale = render_and_compare(paths, timings, known=known)
        else:
            rendered, stale = render_and_compare(
                paths, timings, tree.link_kept, tree.linked, known=known
            )
        if tree is not None and stale:
            changed = {item.path for item in stale}
            files = {p: data for p, data in rendered.data.items() if p in changed}
            compared = {str(p) for p in rendered.data if p not in changed}
            with timings.phase("write the new tree and swap it in"):
                tree.write(files, rendered.kept | compared, compared)
                # What was written is known without reading it back (known_files.py).
                written = tree.staging.written
                known.record(written, rendered.digests, tree.staging.private_until_ns)
                known.save(every_file=False)
    finally:
        if tree is not None:
            tree.close()
    return Outcome(fresh=False, stale=stale, rendered=rendered.total)


class _NewTree:
    """The new tree of `out`, begun before the specs load.

    A changed input almost always changes the tree (the manifest records every input's
    hash): a child process hard-links the files `out` holds into the new tree on the other
    CPU while this one loads and renders (output/writer.py's Staging.link_previous); what
    the new tree does not keep is unlinked before anything is written."""

    def __init__(self, out: Path) -> None:
        from .output.writer import Staging  # noqa: PLC0415
        from .speed.background import Child, start  # noqa: PLC0415

        self.staging = Staging(out)
        self._early: Child[tuple[list[str], dict[str, Stat]]] | None = None
        try:
            self.staging.begin()
        except OSError:
            pass  # the write reports it, once the specs are checked
        else:
            self._early = start(self.staging.link_previous)

    def _adopt(self) -> None:
        if self._early is not None:
            self.staging.adopt(self._early.result())
            self._early = None

    def link_kept(self, kept: Collection[str]) -> None:
        """The model files taken as `out` holds them, linked while a child renders."""
        self._adopt()
        self.staging.link_kept(kept, threads=False)

    def linked(self) -> tuple[Mapping[str, Stat], str]:
        """The files the child linked, each with its Stat as linked, and where: the files
        the new tree keeps are these very ones."""
        self._adopt()
        return self.staging.linked_stats, self.staging.path

    def write(
        self, files: Mapping[PurePosixPath, bytes], kept: Collection[str], compared: Collection[str]
    ) -> None:
        """Finish the new tree, swap it in and remove the previous one (Staging.replace)."""
        self._adopt()
        self.staging.replace(files, kept, compared)
        self.staging.discard()  # the previous tree

    def close(self) -> None:
        """Whatever was not swapped in removed (a child still linking ended first)."""
        if self._early is not None:
            self._early.stop()
            self._early = None
        self.staging.discard()


def check(paths: Paths, *, timings: Timings | None = None) -> list[Stale]:
    """What is stale in paths.out; nothing is written."""
    return run(paths, write=False, timings=timings).stale


def generate(paths: Paths, *, timings: Timings | None = None) -> tuple[int, int]:
    """Regenerate; returns (files in the tree, files that changed). Writes only on change."""
    outcome = run(paths, write=True, timings=timings)
    total = len(existing_files(paths.out)) if outcome.fresh else outcome.rendered
    return total, len(outcome.stale)


def load_specs(paths: Paths) -> LoadResult:
    """specs/ checked and built (for lint, drift and sync), each model built without
    problems from the same files before taken from the cache (speed/built_models.py)."""
    paths.require(templates=False)
    from .speed.built_models import load_reusing  # noqa: PLC0415 (loads when needed)

    return load_reusing(paths.specs)


def render_all(catalog: Catalog, templates: Path) -> Files:
    """Every generated file, keyed by its path under generated/: rendered from scratch in
    this process, with no cache read or written, nothing written to disk and no process
    started. `generate` gives the same bytes."""
    from .pipeline import render_tree  # noqa: PLC0415
    from .speed import cache  # noqa: PLC0415 (loads when needed)

    with cache.disabled():
        rendered = render_tree(catalog, templates, parallel=False)
    assert not rendered.kept  # with no cache, nothing is taken from an output directory
    return rendered.files

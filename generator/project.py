"""The verbs on the pipeline: generate, check, and render_all, their pure core.

Whether generated/ is current is answered from hashes alone (speed/freshness.py) before
anything else loads: the pipeline (pipeline.py: the loader, Jinja, the targets, black)
and the writer are imported only when something must be rendered, so a no-op
`generate` costs milliseconds whatever the catalog's size.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .output.tree import existing_files
from .paths import Paths
from .timings import Timings

if TYPE_CHECKING:
    from .catalog import Catalog, LoadResult
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
        from .output.writer import Staging  # noqa: PLC0415
        from .speed.background import start  # noqa: PLC0415

        staging = Staging(paths.out) if write else None
        # A changed input almost always changes the tree (the manifest records every
        # input's hash): a child process hard-links the files paths.out holds into the
        # new tree on the other CPU while this one loads and renders; what the new tree
        # does not keep is unlinked before anything is written.
        early = None
        if staging is not None:
            try:
                staging.begin()
            except OSError:
                pass  # the write reports it, once the specs are checked
            else:
                early = start(staging.link_previous)
        from .pipeline import render_and_compare  # noqa: PLC0415 (loads when needed)

    def adopt_early() -> None:
        nonlocal early
        if staging is not None and early is not None:
            staging.adopt(early.result())
            early = None

    def link_kept(kept: Collection[str]) -> None:
        # The model files taken as paths.out holds them, linked while a child renders.
        assert staging is not None
        adopt_early()
        staging.link_kept(kept, threads=False)

    try:
        on_kept = link_kept if staging is not None else None
        rendered, stale = render_and_compare(paths, timings, on_kept=on_kept)
        if staging is not None and stale:
            changed = {item.path for item in stale}
            files = {p: data for p, data in rendered.data.items() if p in changed}
            kept = rendered.kept | {str(p) for p in rendered.data if p not in changed}
            with timings.phase("write the new tree and swap it in"):
                adopt_early()
                staging.replace(files, kept)
                staging.discard()  # the previous tree
    finally:
        if early is not None:
            early.result()  # the child is done with the new tree before it goes
        if staging is not None:
            staging.discard()
    return Outcome(fresh=False, stale=stale, rendered=rendered.total)


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

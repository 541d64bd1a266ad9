"""`hubgen sync` from end to end: read the hub, plan the edits, show or write them, and
say what was done. The command line only prints the result."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from . import fetch_live
from .settings import FetchConfig
from .sync_changes import diff_text, verify_and_write
from .sync_errors import check_id
from .sync_rounds import sync_specs


@dataclass(frozen=True)
class SyncRun:
    diff: str
    """The unified diff of the edits with `dry_run`, else empty."""
    lines: list[str]
    """What was done, a line each: the edits, what was left for a hand edit, the outcome.
    A sync that cannot be made raises instead (CheckFailed, SyncFailed, SpecsInvalid)."""


def run_sync(
    catalog: Catalog,
    specs: Path,
    config: FetchConfig,
    *,
    dry_run: bool = False,
    prune: bool = False,
    allow_shrink: bool = False,
) -> SyncRun:
    """Write the live catalog into `specs` (the directory `catalog` was loaded from), or
    with `dry_run` only show the diff. Every listed id is checked before any detail is
    read, and the edited tree must load cleanly before anything is written."""
    live, manual = fetch_live(
        dataclasses.replace(config, check_id=check_id), catalog, allow_shrink=allow_shrink
    )
    result = sync_specs(specs, live, prune=prune)
    changes = result.changes
    diff = diff_text(changes, specs.parent) if dry_run else ""
    if changes and not dry_run:
        verify_and_write(specs, changes)
    lines = [*result.summary, *(f"not synced: {line}" for line in [*manual, *result.manual])]
    if not changes and not manual and not result.manual:
        lines.append(f"{specs.as_posix()}/ already matches the hub ({len(live)} models)")
    elif changes and not dry_run:
        lines.append(
            f"{len(changes)} file(s) written; run `hubgen generate` to bring generated/ along"
        )
    elif changes:
        lines.append(f"{len(changes)} file(s) would change (--dry-run: nothing written)")
    return SyncRun(diff, lines)

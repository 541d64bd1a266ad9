"""Sync's rounds: every change planned in a scratch copy of specs/, until nothing moves.

Each round's edits are applied and the tree reloaded, and the next round plans against
that, until a round finds nothing to change. So an edit to a file that other models
extend (a model file another model builds on) is followed by overrides that keep those
models as the hub lists them: sync twice is a no-op, and drift right after sync finds
nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import load_catalog
from ..errors import SpecsInvalid
from .sync_errors import SyncFailed
from .sync_plan import plan_sync
from .yaml_edits import render_plan

MAX_ROUNDS = 6


@dataclass
class SyncResult:
    changes: dict[Path, str | None]
    """New text of each file to change under specs/ (None: delete it)."""
    summary: list[str]
    manual: list[str]


def _texts(root: Path) -> dict[Path, str]:
    return {p.relative_to(root): p.read_text("utf-8") for p in sorted(root.rglob("*.yaml"))}


def sync_specs(
    specs: Path, live: Mapping[str, Mapping[str, Any]], *, prune: bool = False
) -> SyncResult:
    """Plan every change in rounds in a scratch copy of `specs` (see the module docstring);
    the result maps files under `specs` to their new text. Nothing under `specs` is written."""
    with tempfile.TemporaryDirectory(prefix="hubgen-sync-") as tmp:
        scratch = (Path(tmp) / specs.name).resolve()
        shutil.copytree(specs, scratch)

        def label(path: Path) -> str:
            return (specs / path.resolve().relative_to(scratch)).as_posix()

        summary: list[str] = []
        manual: list[str] = []
        for round_number in range(MAX_ROUNDS):
            result = load_catalog(scratch)
            if result.catalog is None:
                raise SpecsInvalid(result.problems)
            plan = plan_sync(
                result.catalog,
                result.trees,
                live,
                scratch,
                prune=prune and round_number == 0,
                label=label,
            )
            manual += plan.manual
            moved = False
            for path, text in render_plan(plan).items():
                target = path.resolve()
                if text is None:
                    moved = moved or target.exists()
                    target.unlink(missing_ok=True)
                elif not target.is_file() or target.read_text("utf-8") != text:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                    moved = True
            if not moved:
                break
            summary += plan.summary
        else:
            raise SyncFailed(f"sync did not settle in {MAX_ROUNDS} rounds; nothing written")
        before, after = _texts(specs), _texts(scratch)
        changes: dict[Path, str | None] = {}
        for rel in sorted(set(before) | set(after)):
            if before.get(rel) != after.get(rel):
                changes[specs / rel] = after.get(rel)
    return SyncResult(changes, list(dict.fromkeys(summary)), list(dict.fromkeys(manual)))

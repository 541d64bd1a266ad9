"""The only code that touches generated/: compare a rendered tree with it, or replace it.

Replacement is atomic at the directory level: the new tree is written beside the old
one, then swapped in by two renames, so a failed run leaves generated/ as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Files that installing or importing the SDK leaves in generated/; never compared.
IGNORED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")


@dataclass(frozen=True, order=True)
class Stale:
    path: PurePosixPath
    reason: str  # "changed", "missing" or "extra"


def _ignored(rel: PurePosixPath) -> bool:
    return any(part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES) for part in rel.parts)


def existing_files(out_dir: Path) -> set[PurePosixPath]:
    if not out_dir.is_dir():
        return set()
    found = set()
    for path in out_dir.rglob("*"):
        rel = PurePosixPath(path.relative_to(out_dir).as_posix())
        if path.is_file() and not _ignored(rel):
            found.add(rel)
    return found


def compare_tree(out_dir: Path, files: Mapping[PurePosixPath, str]) -> list[Stale]:
    """What differs between `out_dir` and the rendered `files`."""
    stale: list[Stale] = []
    for rel, text in files.items():
        path = out_dir / rel
        if not path.is_file():
            stale.append(Stale(rel, "missing"))
        elif path.read_bytes() != text.encode("utf-8"):
            stale.append(Stale(rel, "changed"))
    stale += [Stale(rel, "extra") for rel in existing_files(out_dir) - set(files)]
    return sorted(stale)


def write_tree(
    out_dir: Path,
    files: Mapping[PurePosixPath, str],
    unchanged: Collection[PurePosixPath] = (),
) -> None:
    """Replace `out_dir` with exactly `files`, or leave it untouched on failure.

    Files in `unchanged` already hold their text in `out_dir`: they are hard-linked into
    the new tree instead of written again (written when linking is not possible).
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    keep = set(unchanged)
    try:
        for rel, text in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if rel in keep:
                try:
                    os.link(out_dir / rel, path)
                    continue
                except OSError:
                    pass
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        os.rename(out_dir, old)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        if old.exists():
            os.rename(old, out_dir)  # put the previous tree back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)

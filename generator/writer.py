"""The only code that touches generated/: compare a rendered tree with it, or replace it.

Replacement is atomic at the directory level: the new tree is written beside the old
one, then swapped in by two renames, so a failed run leaves generated/ as it was.

File I/O goes through os.open/os.read/os.write: a buffered `open()` spends several more
system calls per file, and with thousands of files those calls are most of the time.
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
# Hand-written code inside generated/ (the SDK's lib/): never compared, never deleted, and
# carried into the new tree by every write.
HAND_WRITTEN = (PurePosixPath("python/hub_sdk/lib"),)


@dataclass(frozen=True, order=True)
class Stale:
    path: PurePosixPath
    reason: str  # "changed", "missing" or "extra"


def _ignored(rel: PurePosixPath) -> bool:
    return any(part in IGNORED_PARTS or part.endswith(IGNORED_SUFFIXES) for part in rel.parts)


def existing_files(out_dir: Path) -> set[PurePosixPath]:
    """The generated files in `out_dir` (hand-written ones and tool caches left out)."""
    found: set[PurePosixPath] = set()
    for folder, dirs, names in os.walk(out_dir):
        here = PurePosixPath(Path(folder).relative_to(out_dir).as_posix())
        dirs[:] = [
            d for d in dirs if not _ignored(PurePosixPath(d)) and here / d not in HAND_WRITTEN
        ]
        found.update(here / name for name in names if not _ignored(PurePosixPath(name)))
    return found


def read_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None if it cannot be read as a file."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_bytes(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def compare_tree(
    out_dir: Path, files: Mapping[PurePosixPath, str], same: Collection[PurePosixPath] = ()
) -> list[Stale]:
    """What differs between `out_dir` and the rendered `files` (those in `same` were
    just read from `out_dir` and found equal)."""
    stale: list[Stale] = []
    for rel, text in files.items():
        if rel in same:
            continue
        data = read_bytes(out_dir / rel)
        if data is None:
            stale.append(Stale(rel, "missing"))
        elif data != text.encode("utf-8"):
            stale.append(Stale(rel, "changed"))
    stale += [Stale(rel, "extra") for rel in existing_files(out_dir) - set(files)]
    return sorted(stale)


def write_tree(
    out_dir: Path,
    files: Mapping[PurePosixPath, str],
    unchanged: Collection[PurePosixPath] = (),
) -> None:
    """Replace `out_dir` with exactly `files` (plus the HAND_WRITTEN folders it held), or
    leave it untouched on failure.

    Files in `unchanged` already hold their text in `out_dir`: they are hard-linked into
    the new tree instead of written again (written when linking is not possible).
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    keep = set(unchanged)
    try:
        for folder in sorted({rel.parent for rel in files} - {PurePosixPath(".")}):
            (staging / folder).mkdir(parents=True, exist_ok=True)
        for rel, text in sorted(files.items()):
            path = staging / rel
            if rel in keep:
                try:
                    os.link(out_dir / rel, path)
                    continue
                except OSError:
                    pass
            _write_bytes(path, text.encode("utf-8"))
        for kept in HAND_WRITTEN:
            if (out_dir / kept).is_dir():
                shutil.copytree(out_dir / kept, staging / kept, symlinks=True, dirs_exist_ok=True)
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

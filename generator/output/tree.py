"""What generated/ holds now, read without writing: its files' names and bytes.

The freshness check, the cache of rendered files and the writer all read the tree through
this module; only writer.py changes it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

# Files that installing or importing the SDK leaves in generated/; never compared.
IGNORED_PARTS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache"})
IGNORED_SUFFIXES = (".pyc", ".egg-info")
# Hand-written code inside generated/ (the SDK's lib/): never compared, never deleted, and
# carried into the new tree by every write.
HAND_WRITTEN = (PurePosixPath("python/hub_sdk/lib"),)
MANIFEST = PurePosixPath("manifest.json")
"""The provenance file at the root of generated/ (what went in, what came out)."""


def existing_files(out_dir: Path) -> set[PurePosixPath]:
    """The generated files in `out_dir` (hand-written ones and tool caches left out)."""
    return {PurePosixPath(name) for name in existing_names(out_dir)}


_HAND_WRITTEN_NAMES = frozenset(str(path) for path in HAND_WRITTEN)


def _ignored_name(name: str) -> bool:
    return name in IGNORED_PARTS or name.endswith(IGNORED_SUFFIXES)


def existing_names(out_dir: Path) -> set[str]:
    """existing_files as POSIX path strings: what a freshness check of thousands of
    files needs, without a path object per file."""
    found: set[str] = set()
    root = os.fspath(out_dir)
    for folder, dirs, names in os.walk(root):
        here = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if here == "." else here + "/"
        dirs[:] = [
            d for d in dirs if not _ignored_name(d) and prefix + d not in _HAND_WRITTEN_NAMES
        ]
        found.update(prefix + name for name in names if not _ignored_name(name))
    return found


def _read_all(fd: int, size: int) -> bytes:
    """Everything left to read from `fd`: in one call when the file still has the `size`
    its stat gave (asking for one byte more shows that), else chunk by chunk to the end."""
    first = os.read(fd, size + 1)
    if len(first) == size or not first:
        return first
    chunks = [first]
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def read_regular(path: Path | str, *, follow_symlinks: bool) -> tuple[bytes, os.stat_result] | None:
    """A regular file's bytes and its stat (taken before the read), or None when `path`
    is anything else (a directory, a FIFO: never blocks on one; a symlink unless
    `follow_symlinks`) or cannot be read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        return (_read_all(fd, found.st_size), found) if stat.S_ISREG(found.st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)

"""What generated/ holds now, read without writing: its files' names, stats and bytes.

The freshness check, the cache of rendered files and the writer all read the tree through
this module; only writer.py (with swap.py and bulk.py) changes it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
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


# Thousands of files, folder by folder: each folder opened once, its files looked at
# relative to that descriptor (the kernel walks a folder's path once, not once a file).

FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
"""How a folder is opened: as a folder only, never through a symbolic link."""


def at_folder() -> bool:
    """Whether this system links, removes and lists relative to a folder's descriptor."""
    return {os.link, os.unlink, os.rmdir, os.open} <= os.supports_dir_fd and (
        os.scandir in os.supports_fd
    )


def by_folder(names: Iterable[str]) -> dict[str, list[str]]:
    """POSIX paths grouped by folder: folder ("" for the top) -> base names."""
    groups: dict[str, list[str]] = {}
    for name in names:
        folder, _, base = name.rpartition("/")
        groups.setdefault(folder, []).append(base)
    return groups


Stat = tuple[int, int, int, int]
"""A file's device, inode, size and modification time (ns), as speed/known_files.py
records them."""


def stat_of(seen: os.stat_result) -> Stat:
    """The Stat of what `seen` (os.stat, os.lstat or os.fstat) describes."""
    return (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns)


def stat_files(root: str, names: Iterable[str]) -> dict[str, Stat]:
    """The Stat of each of `names` (POSIX paths in the tree at `root`) that can be looked
    at; a symbolic link's own, never its target's."""
    found: dict[str, Stat] = {}
    for folder, bases in by_folder(names).items():
        fd = open_folder(os.path.join(root, folder)) if at_folder() else None
        try:
            for base in bases:
                try:
                    if fd is None:
                        seen = os.stat(os.path.join(root, folder, base), follow_symlinks=False)
                    else:
                        seen = os.stat(base, dir_fd=fd, follow_symlinks=False)
                except OSError:
                    continue
                name = f"{folder}/{base}" if folder else base
                found[name] = stat_of(seen)
        finally:
            if fd is not None:
                os.close(fd)
    return found


def open_folder(path: str) -> int | None:
    """A descriptor of the folder at `path`, or None when it cannot be opened as one."""
    try:
        return os.open(path, FOLDER)
    except OSError:
        return None

"""The only code that touches generated/: compare a rendered tree with it, or replace it.

Replacement is atomic at the directory level: the new tree is written beside the old
one, then the two are exchanged in one step (Linux renameat2 RENAME_EXCHANGE), so a
failed run leaves generated/ as it was and a reader always finds a complete tree there.
The staging directory's name carries the writer's process id: a run that was killed before
it could remove its own is swept by the next write, once that process is gone.
Where the system or file system cannot exchange, each new or changed file replaces its
old one atomically (os.replace) and extra files go after: generated/ and every file in
it are then always there and whole, though for a moment some files are new and some old.

File I/O goes through os.open/os.read/os.write: a buffered `open()` spends several more
system calls per file, and with thousands of files those calls are most of the time.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from .tree import HAND_WRITTEN, existing_names, read_regular


@dataclass(frozen=True, order=True)
class Stale:
    path: PurePosixPath
    reason: str  # "changed", "missing" or "extra"


def _write_bytes(path: Path | str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def compare_tree(
    out_dir: Path, files: Mapping[PurePosixPath, str | bytes], kept: Collection[str] = ()
) -> list[Stale]:
    """What differs between `out_dir` and the tree made of the rendered `files` (text, or
    its UTF-8 bytes) and the files `kept` (POSIX paths of files known to be in `out_dir`
    as they should be: not read again)."""
    stale: list[Stale] = []
    root = os.fspath(out_dir)
    for rel, text in files.items():
        read = read_regular(os.path.join(root, rel), follow_symlinks=True)
        if read is None:  # absent, or not a regular file (a FIFO is never read)
            stale.append(Stale(rel, "missing"))
        elif read[0] != _bytes(text):
            stale.append(Stale(rel, "changed"))
    expected = {str(rel) for rel in files}.union(kept)
    stale += [Stale(PurePosixPath(name), "extra") for name in existing_names(out_dir) - expected]
    return sorted(stale)


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def write_tree(
    out_dir: Path,
    files: Mapping[PurePosixPath, str | bytes],
    kept: Collection[str] = (),
) -> None:
    """Replace `out_dir` with exactly `files` (text, or its UTF-8 bytes) and the files
    `kept` (plus the HAND_WRITTEN folders it held); on failure it is left as it was.

    Files `kept` (POSIX paths) are taken as `out_dir` holds them: hard-linked into the
    new tree, not written again (copied where linking is not possible). A file both in
    `files` and `kept` is linked, its text written only where linking fails.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(out_dir)
    staging = _stage(out_dir, files, set(kept))
    try:
        if not os.path.lexists(out_dir):
            os.rename(staging, out_dir)
        elif _exchange(staging, out_dir):
            pass  # staging now holds the previous tree, removed below
        else:
            _replace_files(staging, out_dir, {str(rel) for rel in files}.union(kept))
    finally:
        if os.path.isdir(staging) and not os.path.islink(staging):
            shutil.rmtree(staging, ignore_errors=True)
        elif os.path.lexists(staging):
            os.unlink(staging)


def _staging_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.new-"


def _sweep_stale(out_dir: Path) -> None:
    """Remove the staging directories beside `out_dir` whose writer no longer runs."""
    prefix = _staging_prefix(out_dir)
    for entry in out_dir.parent.glob(f"{prefix}*"):
        pid = entry.name[len(prefix) :].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)) and not entry.is_symlink() and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, another user's
    return True


def _stage(out_dir: Path, files: Mapping[PurePosixPath, str | bytes], kept: set[str]) -> Path:
    """The new tree, written in a fresh directory beside `out_dir`."""
    prefix = f"{_staging_prefix(out_dir)}{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
    old, new = os.fspath(out_dir), os.fspath(staging)
    texts = {str(rel): text for rel, text in files.items()}
    every = sorted(kept.union(texts))
    linker = _Linker(old, new)
    try:
        for folder in sorted({os.path.dirname(name) for name in every} - {""}):
            os.makedirs(os.path.join(new, folder), exist_ok=True)
        for name in every:
            path = os.path.join(new, name)
            if name in kept:
                try:
                    linker.link(name)
                    continue
                except OSError:
                    if name not in texts:
                        shutil.copyfile(os.path.join(old, name), path, follow_symlinks=False)
                        continue
            _write_bytes(path, _bytes(texts[name]))
        for hand_written in HAND_WRITTEN:
            if (out_dir / hand_written).is_dir():
                shutil.copytree(
                    out_dir / hand_written,
                    staging / hand_written,
                    symlinks=True,
                    dirs_exist_ok=True,
                )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        linker.close()
    return staging


class _Linker:
    """Hard links from one tree into the same place in another, made relative to an open
    descriptor of each folder where the system allows it: the kernel then walks a
    folder's path once, not once a file (half the time, for thousands of files)."""

    def __init__(self, old: str, new: str) -> None:
        self._old = old
        self._new = new
        self._folders: dict[str, tuple[int, int] | None] = {}

    def link(self, name: str) -> None:
        folder, base = os.path.split(name)
        if folder not in self._folders:
            self._folders[folder] = self._open(folder)
        fds = self._folders[folder]
        # A symbolic link is linked as itself (link(2)), never the file it points to.
        if fds is None:
            old, new = os.path.join(self._old, name), os.path.join(self._new, name)
            os.link(old, new, follow_symlinks=False)
        else:
            os.link(base, base, src_dir_fd=fds[0], dst_dir_fd=fds[1], follow_symlinks=False)

    def _open(self, folder: str) -> tuple[int, int] | None:
        if os.link not in os.supports_dir_fd:
            return None
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
        try:
            old = os.open(os.path.join(self._old, folder), flags)
        except OSError:
            return None
        try:
            return old, os.open(os.path.join(self._new, folder), flags)
        except OSError:
            os.close(old)
            return None

    def close(self) -> None:
        for fds in self._folders.values():
            for fd in fds or ():
                os.close(fd)
        self._folders.clear()


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_CANNOT_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


@cache
def _renameat2() -> Any:
    """libc's renameat2, or None where there is none (not Linux, glibc before 2.28)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # noqa: PLC0415 (only a run that writes pays for it)

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; False when this system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    a, b = os.fsencode(first), os.fsencode(second)
    if renameat2(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE) == 0:
        return True
    import ctypes  # noqa: PLC0415

    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _replace_files(staging: Path, out_dir: Path, every: Collection[str]) -> None:
    """Bring `out_dir` to the staged tree (whose files are `every`, POSIX paths) file by
    file, each replaced atomically; then remove the files and folders the new tree does
    not have."""
    for name in sorted(every):
        rel = PurePosixPath(name)
        target = out_dir / rel
        for parent in reversed(rel.parents[:-1]):
            folder = out_dir / parent
            if os.path.lexists(folder) and not folder.is_dir():
                os.unlink(folder)
            folder.mkdir(exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / rel, target)
    for name in existing_names(out_dir) - set(every):
        (out_dir / name).unlink(missing_ok=True)
    for where, _dirs, _names in os.walk(out_dir, topdown=False):
        if Path(where) != out_dir and not os.listdir(where):
            os.rmdir(where)

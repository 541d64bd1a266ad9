"""The new tree's folder: made beside the old one, open to its owner only and named for
the writer's process (a run killed before it could remove its own is swept by the next,
once that process is gone); then given a folder's usual mode and put in the old one's
place: the two folders exchanged in one step where the system can (Linux renameat2
RENAME_EXCHANGE), else file by file, each file replaced atomically (writer.py's Staging
decides which)."""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections.abc import Collection
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from .tree import existing_names


def new_folder(out_dir: Path) -> str:
    """A new folder beside `out_dir` for its next tree (after sweeping away those of runs
    that are gone)."""
    _sweep_stale(out_dir)
    prefix = f"{_staging_prefix(out_dir)}{os.getpid()}-"
    return _new_folder(os.fspath(out_dir.parent), prefix)


def _new_folder(parent: str, prefix: str) -> str:
    """A folder made in `parent` under a name no other has (`prefix` and random letters)
    that only its owner can enter, as mkdtemp makes one."""
    for _ in range(100):
        path = os.path.join(parent, prefix + os.urandom(6).hex())
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, "no free name for the new tree", parent)


def open_up(path: str) -> None:
    """Give the new tree's folder the mode a folder made by mkdir gets (0o777 less the
    umask), just before it is swapped in; where the file system keeps no modes, it stays
    as it is."""
    mask = os.umask(0o077)
    os.umask(mask)
    try:
        os.chmod(path, 0o777 & ~mask)
    except OSError:
        pass


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


def exchange(first: Path, second: Path) -> bool:
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


def replace_files(staging: Path, out_dir: Path, every: Collection[str]) -> None:
    """Bring `out_dir` to the staged tree (whose files are `every`, POSIX paths) file by
    file, each replaced atomically; then remove the files and folders the new tree does
    not have."""
    for name in sorted(every):
        rel = PurePosixPath(name)
        target = out_dir / rel
        for parent in reversed(rel.parents[:-1]):
            folder = out_dir / parent
            if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
                os.unlink(folder)  # a link to a folder is never written through
            folder.mkdir(exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / rel, target)
    for name in existing_names(out_dir) - set(every):
        (out_dir / name).unlink(missing_ok=True)
    for where, _dirs, _names in os.walk(out_dir, topdown=False):
        if Path(where) != out_dir and not os.listdir(where):
            os.rmdir(where)

"""Compare a rendered tree with generated/, or replace it: with swap.py, which puts the
new tree in place, and bulk.py, the only code that changes generated/.

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

import os
import shutil
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeGuard

from . import swap
from .bulk import link_files, remove_tree
from .tree import (
    HAND_WRITTEN,
    Stat,
    by_folder,
    existing_names,
    read_regular,
    stat_files,
    stat_of,
)


@dataclass(frozen=True, order=True)
class Stale:
    path: PurePosixPath
    reason: str  # "changed", "missing" or "extra"


def _write_bytes(path: Path | str, data: bytes) -> Stat:
    """Write `data` to the file at `path`; the file's Stat once written."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        seen = os.fstat(fd)
    finally:
        os.close(fd)
    return stat_of(seen)


def compare_tree(
    out_dir: Path, files: Mapping[PurePosixPath, str | bytes], kept: Collection[str] = ()
) -> list[Stale]:
    """What differs between `out_dir` and the tree made of the rendered `files` (text, or
    its UTF-8 bytes) and the files `kept` (POSIX paths of files known to be in `out_dir`
    as they should be: not read again)."""
    stale: list[Stale] = []
    root = os.fspath(out_dir)
    present = existing_names(out_dir)  # never below a link to a folder
    for rel, text in files.items():
        # Read only where listed, and only a regular file: a FIFO is never read, and a
        # symbolic link is not the file, whatever it reaches.
        name = str(rel)
        read = None
        if name in present:
            read = read_regular(os.path.join(root, name), follow_symlinks=False)
        if read is None:
            stale.append(Stale(rel, "missing"))
        elif read[0] != _bytes(text):
            stale.append(Stale(rel, "changed"))
    expected = {str(rel) for rel in files}.union(kept)
    stale += [Stale(PurePosixPath(name), "extra") for name in present - expected]
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
    staging = Staging(out_dir)
    try:
        staging.replace(files, kept)
    finally:
        staging.discard()


class Staging:
    """The new tree of `out_dir`, made in a fresh directory beside it and swapped in by
    `replace`. Files can be linked in first, while the rest is still being rendered: those
    known to be kept (`link_kept`), or every file `out_dir` holds (`link_previous`, in
    another process; what is not kept in the end is unlinked). `discard` removes whatever
    was not swapped in."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self._path: str | None = None
        self._linked: set[str] = set()
        self._early: set[str] = set()
        self.linked_stats: dict[str, Stat] = {}
        """The Stat of each file `link_previous` linked, as linked: the file that stays in
        the new tree if it is kept."""
        self.written: dict[str, Stat] = {}
        """After `replace`: the Stat of each file it wrote, as written (POSIX paths)."""
        self.private_until_ns = 0
        """After `replace`: a moment (time.time_ns()) before the new tree was swapped in.
        Until then the files it wrote were only in the staging directory, made for this
        run under a name of its own and open to its owner only: each held the bytes
        written."""

    def begin(self) -> None:
        """Make the new tree's directory now (OSError when it cannot be made)."""
        self._new()

    @property
    def path(self) -> str:
        """The new tree's directory (made if it was not)."""
        return self._new()

    def link_previous(self) -> tuple[list[str], dict[str, Stat]]:
        """Hard-link every file `out_dir` holds now (its hand-written folders aside) into
        the new tree; the names linked, and the Stat of each as linked. For another
        process, early (speed/background.py), after `begin`: `adopt` takes its answer."""
        new = self._new()
        names = existing_names(self.out_dir) if self.out_dir.is_dir() else set()
        for folder in sorted(by_folder(names).keys() - {""}):
            os.makedirs(os.path.join(new, folder), exist_ok=True)
        failed = link_files(os.fspath(self.out_dir), new, names, threads=False)
        linked = sorted(names.difference(failed))
        return linked, stat_files(new, linked)

    def adopt(self, answer: object) -> None:
        """Take what another process's `link_previous` gave. Anything else (None: that
        process failed, and what it linked is unknown) begins the new tree again, empty: a
        link left unknown would be written through to `out_dir`'s file."""
        if _linked_answer(answer):
            names, stats = answer
            self._linked.update(names)
            self._early.update(names)
            self.linked_stats.update(stats)
            return
        self.discard()
        self._linked, self._early, self.linked_stats = set(), set(), {}

    def _new(self) -> str:
        if self._path is None:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._path = swap.new_folder(self.out_dir)
        return self._path

    def link_kept(self, kept: Collection[str], *, threads: bool = True) -> None:
        """Hard-link these files of `out_dir` (POSIX paths) into the new tree now; what
        cannot be linked is left to `replace`. `threads=False` keeps to this thread
        (while other processes have the other CPUs)."""
        new, names = self._new(), set(kept) - self._linked
        for folder in sorted(by_folder(names).keys() - {""}):
            os.makedirs(os.path.join(new, folder), exist_ok=True)
        failed = link_files(os.fspath(self.out_dir), new, names, threads=threads)
        self._linked.update(names.difference(failed))

    def replace(
        self,
        files: Mapping[PurePosixPath, str | bytes],
        kept: Collection[str],
        compared: Collection[str] = (),
    ) -> None:
        """Finish the new tree (`write_tree`'s `files` and `kept`) and swap it in.
        `compared`: files of `kept` found equal by reading what `out_dir` holds. Those,
        and any other kept file linked early with no Stat reported (so vouched for by what
        `out_dir` holds, not as linked), are linked again if the early link is no longer
        the file `out_dir` holds."""
        new, kept = self._new(), set(kept)
        old = os.fspath(self.out_dir)
        texts = {str(rel): text for rel, text in files.items()}
        # Linked early but not to be kept: unlinked, never written through (the link
        # shares its bytes with the file in out_dir).
        dropped = sorted(self._linked - kept)
        for name in dropped:
            os.unlink(os.path.join(new, name))
        _remove_emptied_folders(new, dropped)
        self._linked &= kept
        unvouched = (self._early - self.linked_stats.keys()).union(compared)
        for name in sorted(self._linked & unvouched):
            if not _same_file(os.path.join(new, name), os.path.join(old, name)):
                os.unlink(os.path.join(new, name))
                self._linked.discard(name)
        self.link_kept(kept)
        for folder in sorted(by_folder(texts).keys() - {""}):
            os.makedirs(os.path.join(new, folder), exist_ok=True)
        for name in sorted(kept - self._linked - texts.keys()):
            shutil.copyfile(os.path.join(old, name), os.path.join(new, name), follow_symlinks=False)
        # The largest first: a file written just before the swap is read again by the
        # next check (speed/known_files.py's RACY_NS), and those are then the small ones.
        for name, text in sorted(texts.items(), key=lambda item: -len(item[1])):
            if name not in self._linked:
                self.written[name] = _write_bytes(os.path.join(new, name), _bytes(text))
        for hand_written in HAND_WRITTEN:
            if (self.out_dir / hand_written).is_dir():
                shutil.copytree(
                    self.out_dir / hand_written,
                    Path(new) / hand_written,
                    symlinks=True,
                    dirs_exist_ok=True,
                )
        self.private_until_ns = time.time_ns()
        swap.open_up(new)
        if not os.path.lexists(old):
            os.rename(new, old)
        elif swap.exchange(Path(new), self.out_dir):
            pass  # the new directory now holds the previous tree, removed by discard
        else:
            swap.replace_files(Path(new), self.out_dir, kept.union(texts))

    def discard(self) -> None:
        """Remove the staging directory (after `replace`: the previous tree), if any."""
        staging, self._path = self._path, None
        if staging is None:
            return
        if os.path.isdir(staging) and not os.path.islink(staging):
            remove_tree(staging)
        elif os.path.lexists(staging):
            os.unlink(staging)


def _remove_emptied_folders(root: str, names: Collection[str]) -> None:
    """The folders of `names` (POSIX paths under `root`) that are empty now, removed,
    the deepest first: where generated/ held a folder, the new tree may have a file."""
    folders = {str(parent) for name in names for parent in PurePosixPath(name).parents}
    for folder in sorted(folders - {"."}, key=lambda folder: -folder.count("/")):
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:
            pass  # not empty: it holds what the new tree keeps


def _same_file(first: str, second: str) -> bool:
    try:
        one, two = os.lstat(first), os.lstat(second)
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (two.st_dev, two.st_ino)


def _linked_answer(answer: object) -> TypeGuard[tuple[list[str], dict[str, Stat]]]:
    """Whether `answer` is what link_previous returns: (names, {name: Stat})."""
    if not (isinstance(answer, tuple) and len(answer) == 2):
        return False
    names, stats = answer
    return (
        isinstance(names, list)
        and all(type(name) is str for name in names)
        and isinstance(stats, dict)
        and all(
            type(name) is str
            and type(stat) is tuple
            and len(stat) == 4
            and all(type(part) is int for part in stat)
            for name, stat in stats.items()
        )
    )

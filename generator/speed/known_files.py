"""Files in an output directory known by their stat, as git's index knows a work tree.

Checking that generated/ holds what was rendered means hashing every file in it: 40 MB
in 5,000 files at N = 1000. Each time a file is read and its hash found to be the one
expected, its device, inode, size and modification time are recorded beside the hash
(in a cache pack for that directory). Later, a file whose stat is the recorded one is
taken to hold the recorded bytes without being read: writing to a file changes its
modification time, and replacing it changes its inode.

A file the writer has just written is recorded too, unread (`record`): its stat as
written, the hash of the bytes written, and as the moment it was recorded, the moment
before the new tree was swapped in. Until then the file was in a directory made for that
run under a name of its own, open to its owner only, holding what was written.

A modification within one tick of the file system's clock after the read (or the swap)
could leave the modification time as recorded (git calls such entries racily clean): an
entry is trusted only when the file's modification time was older, by more than RACY_NS,
than the moment it was recorded; otherwise the file is read again, and recorded anew.
File systems that keep whole seconds or milliseconds only (FAT, some network file
systems) get COARSE_NS. What it cannot see: a file rewritten with the same size and then
given its old modification time back (`touch -d`), on purpose, or a file of the new tree
changed by another program of the same user before the swap, within a tick of its write;
`HUBGEN_NO_CACHE=1` reads every file.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from typing import cast

from ..output.tree import Stat, read_regular, stat_files, stat_of
from . import cache

RACY_NS = 100_000_000
"""An entry whose file changed less than this long before it was recorded is read again."""

COARSE_NS = 2_100_000_000
"""The same margin where the file system keeps whole milliseconds or coarser."""


Entry = tuple[int, int, int, int, str, int]
"""What is recorded of a file: its device, inode, size and modification time (ns), the
hash of its bytes, and when that was recorded (ns). A plain tuple: thousands of them are
read and written a run, and a tuple is the cheapest thing to pickle."""


def trusted(entry: Entry, found: Stat) -> bool:
    """The file whose Stat is `found` is the one `entry` recorded, and was recorded safely
    after its last change."""
    dev, ino, size, mtime_ns, _digest, recorded_ns = entry
    if found != (dev, ino, size, mtime_ns):
        return False
    margin = COARSE_NS if mtime_ns % 1_000_000 == 0 else RACY_NS
    return recorded_ns - mtime_ns > margin


def _stat_of(path: str) -> Stat | None:
    try:
        found = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return stat_of(found)


def _entry(value: object) -> Entry | None:
    """A recorded entry as the pack holds it, or None for anything else."""
    if isinstance(value, tuple) and len(value) == 6 and isinstance(value[4], str):
        return cast(Entry, value)
    return None


class KnownFiles:
    """The recorded files of one output directory; `save` when done (a no-op when no entry
    changed). Without a cache every call reads."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._pack = cache.Pack("known-files", os.path.realpath(root))

    def holds(self, name: str, expected: str, linked: tuple[Stat, str] | None = None) -> bool:
        """True when `name` (under root) holds bytes whose hash is `expected`: known by
        its stat when a trusted entry says so, else read and hashed (and recorded).
        `linked`: the Stat of the file hard-linked into a new tree in `name`'s place, and
        where it is linked; that file is then the one vouched for (by its Stat, or read
        there), whatever `name` under root has become since."""
        path = os.path.join(self.root, name) if linked is None else linked[1]
        recorded = _entry(self._pack.get(name))
        if recorded is not None and recorded[4] == expected:
            seen = linked[0] if linked is not None else _stat_of(path)
            if seen is None:
                return False
            if trusted(recorded, seen):
                return True
        now = time.time_ns()
        read = read_regular(path, follow_symlinks=False)
        if read is None:
            return False
        data, found = read
        if hashlib.sha256(data).hexdigest() != expected:
            return False
        entry = (*stat_of(found), expected, now)
        if recorded != entry:
            self._pack.put(name, entry)
        return True

    def hold_all(self, expected: Mapping[str, str]) -> bool:
        """`holds` for every name in `expected` (name -> hash): the files are looked at
        folder by folder first (output/tree.py's stat_files), and only those that no
        trusted entry vouches for are read."""
        found = stat_files(self.root, expected)
        for name, digest in expected.items():
            seen = found.get(name)
            if seen is not None and self.vouched(name, digest, seen):
                continue
            if not self.holds(name, digest):
                return False
        return True

    def vouched(self, name: str, expected: str, seen: Stat) -> bool:
        """Whether a trusted entry says that `name`, found with the Stat `seen`, holds
        bytes whose hash is `expected` (nothing is read)."""
        recorded = _entry(self._pack.get(name))
        return recorded is not None and recorded[4] == expected and trusted(recorded, seen)

    def record(
        self, written: Mapping[str, Stat], digests: Mapping[str, str], private_until_ns: int
    ) -> None:
        """Record files the writer wrote, without reading them: each name in `written`
        (under root) with its Stat as written and its hash in `digests`. They held those
        bytes until `private_until_ns`, in a directory of their own, so that moment is
        when they are recorded: an entry is trusted only for a file written more than a
        margin before it (`trusted`)."""
        for name, seen in written.items():
            expected = digests.get(name)
            if expected is not None:
                self._pack.put(name, (*seen, expected, private_until_ns))

    def save(self, *, every_file: bool) -> None:
        """Keep what this run recorded. `every_file`: this run looked at every file of the
        tree, so entries of files it did not look at are dropped."""
        self._pack.save(prune=every_file)

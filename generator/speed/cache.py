"""Where hubgen keeps what it can reuse between runs.

Two shapes: single entries (one file each: black's output for a text, a passed check),
and packs, many entries in one file for one specs/ tree (the models built from it, the
files rendered for each model), read once and written once a run. Entries are keyed by
content hashes, so a stale entry is never read for changed input. `HUBGEN_CACHE_DIR`
moves the cache (default: $XDG_CACHE_HOME/hubgen or ~/.cache/hubgen); `HUBGEN_NO_CACHE=1`
turns it off.
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

_OFF: contextvars.ContextVar[bool] = contextvars.ContextVar("hubgen_cache_off", default=False)


@contextmanager
def disabled() -> Iterator[None]:
    """Within the block, no cache entry is read or written (as with HUBGEN_NO_CACHE=1)."""
    token = _OFF.set(True)
    try:
        yield
    finally:
        _OFF.reset(token)


def cache_dir() -> Path | None:
    if _OFF.get() or os.environ.get("HUBGEN_NO_CACHE") == "1":
        return None
    configured = os.environ.get("HUBGEN_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hubgen"


def entry(kind: str, *parts: bytes) -> Path | None:
    """Where the `kind` entry for these inputs lives (their hash), or None without a cache."""
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(b"\0".join(parts)).hexdigest()
    return folder / kind / key[:2] / key


def templates_bytecode(salt: str) -> BytecodeCache | None:
    """Where Jinja keeps compiled templates (checked against each template's source by
    Jinja itself), one folder per `salt` (the generator's code hash: the environment's
    settings live in it); None without a cache."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / "templates" / salt[:16]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    from jinja2 import FileSystemBytecodeCache  # noqa: PLC0415 (only a run that renders)

    return FileSystemBytecodeCache(str(path))


def load(path: Path | None) -> bytes | None:
    """A cache entry's bytes, or None when there is none."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def store(entry: Path, data: bytes) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs time."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


class Pack:
    """Entries of one kind for one tree, kept in one file. `save` records just what this
    run changed: the entries it added, and (pruning) those it no longer used, so the file
    reads back as the current tree and no more.

    The file is a series of segments, each a pickled (entries added, keys removed) pair,
    read in order. A save appends one segment: a run that changed one model of a thousand
    writes kilobytes, not the whole pack again. Once the segments hold more than twice as
    many records as there are live entries, or the file is damaged, the next save writes it
    anew as one segment of the live entries. A damaged segment (a torn append) ends the
    reading: the entries before it are kept.

    With `separate`, each entry is pickled on its own and kept as those bytes: an entry is
    unpickled when asked for, and writing the pack back pickles only the entries added
    (for large entries, of which a run changes few: the models built, the files each
    model gave)."""

    def __init__(self, kind: str, *identity: str, separate: bool = False) -> None:
        self.path = entry(kind, *(part.encode() for part in identity))
        self._separate = separate
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._added: set[str] = set()
        self._records = 0
        self._whole = True
        data = load(self.path)
        if data is not None:
            self._old, self._records, self._whole = _segments(data)

    def get(self, key: str) -> Any:
        """The entry stored under `key`, or None."""
        value = self._new.get(key)
        if value is None:
            value = self._old.get(key)
            if value is not None:
                self._new[key] = value
        if not self._separate or value is None:
            return value
        if not isinstance(value, bytes):
            return None  # not written by a separate pack
        try:
            return pickle.loads(value)
        except Exception:  # a damaged entry of any kind only costs the time to rebuild it
            return None

    def put(self, key: str, value: Any) -> None:
        self._new[key] = pickle.dumps(value, protocol=_PROTOCOL) if self._separate else value
        self._added.add(key)

    def save(self, *, prune: bool = True) -> None:
        """Record what changed: entries added, and (with `prune`) old ones this run did
        not use. Without `prune`, entries this run did not use are kept."""
        if self.path is None:
            return
        live = self._new if prune else {**self._old, **self._new}
        added = {key: self._new[key] for key in sorted(self._added)}
        removed = tuple(sorted(self._old.keys() - live.keys()))
        if not added and not removed:
            return
        records = self._records + len(added) + len(removed)
        segment = pickle.dumps((added, removed), protocol=_PROTOCOL)
        if self._whole and records <= 2 * len(live) + _SLACK and append(self.path, segment):
            self._records = records
        else:
            store(self.path, pickle.dumps((live, ()), protocol=_PROTOCOL))
            self._records, self._whole = len(live), True
        self._old, self._added = dict(live), set()


_PROTOCOL = pickle.HIGHEST_PROTOCOL
_SLACK = 64
"""Records a pack may hold beyond twice its live entries before it is written anew."""


def _segments(data: bytes) -> tuple[dict[str, Any], int, bool]:
    """A pack file's entries, the records its segments hold, and whether it read whole."""
    entries: dict[str, Any] = {}
    records = 0
    stream = io.BytesIO(data)
    while stream.tell() < len(data):
        try:
            segment = pickle.load(stream)
        except Exception:  # a damaged pack of any kind only costs the time to rebuild it
            return entries, records, False
        if not (
            isinstance(segment, tuple)
            and len(segment) == 2
            and isinstance(segment[0], dict)
            and isinstance(segment[1], tuple)
        ):
            return entries, records, False
        added, removed = segment
        for key in removed:
            entries.pop(key, None)
        entries.update(added)
        records += len(added) + len(removed)
    return entries, records, True


def append(path: Path, data: bytes) -> bool:
    """Add `data` at the end of the file at `path`, in one write; False when it is not
    there or cannot be written."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError:
        return False
    try:
        return os.write(fd, data) == len(data)
    except OSError:
        return False
    finally:
        os.close(fd)

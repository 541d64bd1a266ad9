"""Where hubgen keeps what it can reuse between runs: black's output and parsed specs.

Entries are keyed by content hashes, so a stale entry is never read for changed input.
`HUBGEN_CACHE_DIR` moves the cache (default: $XDG_CACHE_HOME/hubgen or ~/.cache/hubgen);
`HUBGEN_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("HUBGEN_NO_CACHE") == "1":
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

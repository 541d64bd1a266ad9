"""Where hubgen keeps what it can reuse between runs: black's output and parsed specs.

Entries are keyed by content hashes, so a stale entry is never read for changed input.
`HUBGEN_CACHE_DIR` moves the cache (default: $XDG_CACHE_HOME/hubgen or ~/.cache/hubgen);
`HUBGEN_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

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

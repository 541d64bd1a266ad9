"""black's output and passed checks, kept by content between runs.

The catalog-wide files change with every catalog change, but most of their text does
not: black's output for a text and the fact that a text passed `check` are kept in the
content-addressed cache (speed/cache.py), keyed by a hash of the black version, the mode
and the text. The same formatting as render/formatting.py's `finish`, byte for byte.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..digests import black_version
from ..render.formatting import check, format_python, needs_black, needs_check
from ..render.layout import LINE, Assembled
from . import cache


@functools.cache
def _salt(stub: bool) -> bytes:
    # What black's output depends on, spelled without importing black (a cache hit
    # should not pay for loading it).
    return f"black {black_version()} line-length {LINE} py311 pyi={stub}".encode()


def _entry(text: str, stub: bool) -> Path | None:
    return cache.entry("black", _salt(stub), text.encode("utf-8"))


def _black(text: str, path: PurePosixPath) -> str:
    """black's output for `text`, from the cache when it has been formatted before."""
    entry = _entry(text, path.suffix == ".pyi")
    data = cache.load(entry)
    if data is not None:
        return data.decode("utf-8")
    formatted = format_python(text, path)
    if entry is not None:
        cache.store(entry, formatted.encode("utf-8"))
    return formatted


def _checked(path: PurePosixPath, text: str) -> None:
    """check(), skipped for a text that passed it before (known by its hash)."""
    entry = cache.entry("checked", path.suffix.encode(), text.encode("utf-8"))
    if entry is None or not entry.exists():
        check(path, text)
        if entry is not None:
            cache.store(entry, b"")


def format_files(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """Every file formatted and checked like `finish`, with black's output and passed
    checks taken from the cache."""
    out: dict[PurePosixPath, str] = {}
    for path, rendered in files.items():
        text = _black(str(rendered), path) if needs_black(path, rendered) else rendered
        if needs_check(path) and isinstance(text, Assembled):
            # Its skeleton holds this process's placeholders: never the same text twice,
            # so not worth a cache entry (and small: the parts are left out).
            check(path, text.skeleton)
        elif needs_check(path):
            _checked(path, text)
        out[path] = str(text)
    return out

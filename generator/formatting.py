"""Formatting and checking rendered text before anything is written.

black is where generation spends its time, and it is deterministic for a given version
and mode, so its output is kept in a content-addressed cache: the key is a hash of the
black version, the mode and the unformatted text. `HUBGEN_CACHE_DIR` moves the cache
(default: $XDG_CACHE_HOME/hubgen or ~/.cache/hubgen); `HUBGEN_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from black import format_str
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from . import cache
from .errors import RenderError
from .targets import Preformatted

BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=100)
STUB_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=100, is_pyi=True)


@functools.cache
def _salt(mode: Mode) -> bytes:
    return f"black {version('black')} {mode!r}".encode()


def _entry(text: str, mode: Mode) -> Path | None:
    return cache.entry("black", _salt(mode), text.encode("utf-8"))


def _cached(text: str, mode: Mode) -> str | None:
    data = cache.load(_entry(text, mode))
    return None if data is None else data.decode("utf-8")


def _black(text: str, mode: Mode = BLACK_MODE) -> str:
    """black's output for `text`, from the cache when it has been formatted before."""
    formatted = _cached(text, mode)
    if formatted is None:
        formatted = format_str(text, mode=mode)
        entry = _entry(text, mode)
        if entry is not None:
            cache.store(entry, formatted.encode("utf-8"))
    return formatted


def _mode(path: PurePosixPath) -> Mode:
    return STUB_MODE if path.suffix == ".pyi" else BLACK_MODE


def format_snippet(source: str) -> str:
    """A few lines of Python as black writes them (cached like whole files)."""
    return _black(source, BLACK_MODE)


PARALLEL_AT = 8
"""Formatting this many uncached Python files or more is spread over the CPUs."""


def _format_job(job: tuple[PurePosixPath, str]) -> str:
    return format_file(*job)


def format_files(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """Every file formatted (format_file), black's cache misses in parallel processes."""
    out: dict[PurePosixPath, str] = {}
    misses: list[tuple[PurePosixPath, str]] = []
    for path, text in files.items():
        if isinstance(text, Preformatted):
            _compiles(path, str(text))
            out[path] = str(text)
            continue
        if path.suffix in (".py", ".pyi"):
            hit = _cached(text, _mode(path))
            if hit is None:
                misses.append((path, text))
            else:
                _compiles(path, hit)
                out[path] = hit
            continue
        out[path] = format_file(path, text)
    workers = min(os.cpu_count() or 1, len(misses))
    if len(misses) >= PARALLEL_AT and workers > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(misses) // (workers * 4))
            for (path, _), formatted in zip(
                misses, pool.map(_format_job, misses, chunksize=chunk), strict=True
            ):
                out[path] = formatted
    else:
        for path, text in misses:
            out[path] = format_file(path, text)
    return {path: out[path] for path in files}


def _compiles(path: PurePosixPath, text: str) -> None:
    """RenderError unless `text` compiles (text that compiled before is not compiled again)."""
    entry = cache.entry("compiled", text.encode("utf-8"))
    if entry is not None and entry.exists():
        return
    try:
        compile(text, str(path), "exec")
    except SyntaxError as exc:
        raise RenderError(
            f"{path}:{exc.lineno}: generated Python does not compile: {exc.msg}"
        ) from exc
    if entry is not None:
        cache.store(entry, b"")


def format_file(path: PurePosixPath, text: str) -> str:
    """`text` formatted for its kind; raises RenderError if it is not valid."""
    if path.suffix in (".py", ".pyi"):
        try:
            formatted = _black(text, _mode(path))
        except InvalidInput as exc:
            raise RenderError(f"{path}: generated Python does not parse: {exc}") from exc
        _compiles(path, formatted)
        return formatted
    if path.suffix == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise RenderError(
                f"{path}:{exc.lineno}: generated JSON does not parse: {exc.msg}"
            ) from exc
    return text

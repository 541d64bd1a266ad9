"""Formatting and checking rendered text before anything is written.

Python goes through black unless its target wrote it black-stable already
(`Preformatted`); then every Python file must compile and every JSON file parse. black
is imported only when some text needs it. Two ways in: `finish` formats and checks one
file with no cache (a model's files are reused whole, see speed/model_outputs.py), and
`format_files` does the same for the catalog-wide files with black's output and passed
checks kept in a content-addressed cache: the key is a hash of the black version, the
mode and the unformatted text (or of the text checked).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import orjson

from ..digests import black_version
from ..errors import RenderError
from ..speed import cache
from .layout import Preformatted

if TYPE_CHECKING:
    from black.mode import Mode

LINE_LENGTH = 100


@functools.cache
def _modes() -> tuple[Mode, Mode]:
    from black.mode import Mode, TargetVersion  # noqa: PLC0415 (black loads when needed)

    target = {TargetVersion.PY311}
    return Mode(target_versions=target, line_length=LINE_LENGTH), Mode(
        target_versions=target, line_length=LINE_LENGTH, is_pyi=True
    )


def black_mode(path: PurePosixPath) -> Mode:
    """The black mode for a file: stub mode for .pyi."""
    module, stub = _modes()
    return stub if path.suffix == ".pyi" else module


@functools.cache
def _salt(stub: bool) -> bytes:
    # What black's output depends on, spelled without importing black (a cache hit
    # should not pay for loading it).
    return f"black {black_version()} line-length {LINE_LENGTH} py311 pyi={stub}".encode()


def _entry(text: str, stub: bool) -> Path | None:
    return cache.entry("black", _salt(stub), text.encode("utf-8"))


def _format(text: str, path: PurePosixPath) -> str:
    from black import format_str  # noqa: PLC0415 (black loads when needed)
    from black.parsing import InvalidInput  # noqa: PLC0415

    try:
        return format_str(text, mode=black_mode(path))
    except InvalidInput as exc:
        raise RenderError(f"{path}: generated Python does not parse: {exc}") from exc


def _black(text: str, path: PurePosixPath) -> str:
    """black's output for `text`, from the cache when it has been formatted before."""
    stub = path.suffix == ".pyi"
    entry = _entry(text, stub)
    data = cache.load(entry)
    if data is not None:
        return data.decode("utf-8")
    formatted = _format(text, path)
    if entry is not None:
        cache.store(entry, formatted.encode("utf-8"))
    return formatted


def format_snippet(source: str) -> str:
    """A few lines of Python as black writes them (cached like whole files)."""
    return _black(source, PurePosixPath("snippet.py"))


def check(path: PurePosixPath, text: str) -> None:
    """RenderError unless `text` is valid for its kind: Python compiles, JSON parses."""
    if path.suffix in (".py", ".pyi"):
        try:
            compile(text, str(path), "exec")
        except SyntaxError as exc:
            raise RenderError(
                f"{path}:{exc.lineno}: generated Python does not compile: {exc.msg}"
            ) from exc
    elif path.suffix == ".json":
        try:
            orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise RenderError(
                f"{path}:{exc.lineno}: generated JSON does not parse: {exc.msg}"
            ) from exc


def finish(path: PurePosixPath, text: str) -> str:
    """`text` formatted for its kind and checked; raises RenderError if it is not valid."""
    if path.suffix in (".py", ".pyi") and not isinstance(text, Preformatted):
        text = _format(text, path)
    check(path, text)
    return str(text)


def _checked(path: PurePosixPath, text: str) -> str:
    """check(), skipped for a text that passed it before (known by its hash)."""
    entry = cache.entry("checked", path.suffix.encode(), text.encode("utf-8"))
    if entry is None or not entry.exists():
        check(path, text)
        if entry is not None:
            cache.store(entry, b"")
    return text


def format_files(files: Mapping[PurePosixPath, str]) -> dict[PurePosixPath, str]:
    """Every file formatted and checked like `finish`, with black's output and passed
    checks taken from the cache."""
    out: dict[PurePosixPath, str] = {}
    for path, rendered in files.items():
        text = str(rendered)
        if path.suffix in (".py", ".pyi") and not isinstance(rendered, Preformatted):
            text = _black(text, path)
        out[path] = _checked(path, text) if path.suffix in (".py", ".pyi", ".json") else text
    return out

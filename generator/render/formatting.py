"""Formatting and checking rendered text before anything is written.

Python goes through black unless its target wrote it black-stable already
(`Preformatted`): `needs_black` is that one decision. Then every Python file must compile
and every JSON file parse. black is imported only when some text needs it. Nothing here
keeps anything between runs (speed/formatted.py does, by content).
"""

from __future__ import annotations

import functools
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import orjson

from ..errors import RenderError
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


def format_python(text: str, path: PurePosixPath) -> str:
    """black's output for `text` (stub mode for .pyi); RenderError if it does not parse."""
    from black import format_str  # noqa: PLC0415 (black loads when needed)
    from black.parsing import InvalidInput  # noqa: PLC0415

    try:
        return format_str(text, mode=black_mode(path))
    except InvalidInput as exc:
        raise RenderError(f"{path}: generated Python does not parse: {exc}") from exc


def needs_black(path: PurePosixPath, text: str) -> bool:
    """Whether `text` goes through black: Python a target did not write black-stable."""
    return path.suffix in (".py", ".pyi") and not isinstance(text, Preformatted)


def needs_check(path: PurePosixPath) -> bool:
    """Whether `check` has anything to say about a file of this kind."""
    return path.suffix in (".py", ".pyi", ".json")


def format_snippet(source: str) -> str:
    """A few lines of Python as black writes them."""
    return format_python(source, PurePosixPath("snippet.py"))


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
    if needs_black(path, text):
        text = format_python(text, path)
    check(path, text)
    return str(text)

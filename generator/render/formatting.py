"""Formatting and checking rendered text before anything is written.

Python goes through black unless it is black's output already (`Preformatted`, a copied
hand-written file) or its template laid it out as black does (`LaidOut`) and no line came
out that black would change (`black_stable`): `needs_black` is that one decision. Then
every Python file must compile and every JSON file parse. black is imported only when some
text needs it. Nothing here keeps anything between runs (speed/formatted.py does, by
content).
"""

from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import orjson

from ..errors import RenderError
from .layout import LINE, Assembled, LaidOut, Preformatted, width

if TYPE_CHECKING:
    from black.mode import Mode

_LONG_STRING = re.compile(r'^\s*(?:\w+=|"[^"]*": )?"(?:[^"\\]|\\.)*",?$')
_LONG_LINE = re.compile(rf"^.{{{LINE + 1},}}$", re.MULTILINE)


@functools.cache
def _modes() -> tuple[Mode, Mode]:
    from black.mode import Mode, TargetVersion  # noqa: PLC0415 (black loads when needed)

    target = {TargetVersion.PY311}
    return Mode(target_versions=target, line_length=LINE), Mode(
        target_versions=target, line_length=LINE, is_pyi=True
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


def _single_quoted(text: str) -> bool:
    """Whether a string literal in `text` opens with a single quote: a ' that starts a
    line's code or follows one of = ( [ { , : (spaces between allowed)."""
    at = text.find("'")
    while at != -1:
        before = text[text.rfind("\n", 0, at) + 1 : at].rstrip(" \t")
        if not before or before[-1] in "=([{,:":
            return True
        at = text.find("'", at + 1)
    return False


def _too_wide(text: str) -> list[str]:
    """The lines of `text` wider than LINE columns as black counts them (found by a regex
    over ASCII text, where a character is a column)."""
    if text.isascii():
        return [match.group() for match in _LONG_LINE.finditer(text)]
    return [line for line in text.split("\n") if width(line) > LINE]


def black_stable(text: str) -> bool:
    """No line black would break (a line holding only a long string it cannot break, a
    one-line docstring's opening line or a comment is fine) and no single-quoted literal
    it would requote: what a template's layout cannot promise when a value is longer than
    the line. (The long last line of a docstring of several lines is not fine: black moves
    its closing quotes onto a line of their own.)"""
    if _single_quoted(text):
        return False
    for line in _too_wide(text):
        docstring = line.lstrip().startswith('"""')
        comment = line.lstrip().startswith("# ")  # black never wraps a comment
        if not (_LONG_STRING.match(line) or docstring or comment):
            return False
    return True


def needs_black(path: PurePosixPath, text: str) -> bool:
    """Whether `text` goes through black: Python that is not black's output already and
    was not laid out by its template as black does, or was but holds a line black would
    change."""
    if path.suffix not in (".py", ".pyi") or isinstance(text, Preformatted):
        return False
    return not (isinstance(text, LaidOut) and black_stable(text))


def needs_check(path: PurePosixPath) -> bool:
    """Whether `check` has anything to say about a file of this kind."""
    return path.suffix in (".py", ".pyi", ".json")


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


def checked_text(text: str) -> str:
    """What `check` reads to vouch for `text`: the skeleton of an `Assembled` file."""
    return text.skeleton if isinstance(text, Assembled) else text


def finish(path: PurePosixPath, text: str) -> str:
    """`text` formatted for its kind and checked; raises RenderError if it is not valid."""
    if needs_black(path, text):
        text = format_python(text, path)
    check(path, checked_text(text))
    return str(text)

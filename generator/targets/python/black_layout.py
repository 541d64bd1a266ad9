"""Text laid out as black lays it out: the line length, the check that black would leave a
rendered file as it is (so the formatter can skip it), and imports wrapped as black wraps
them."""

from __future__ import annotations

import re

from ...render.layout import Preformatted

LINE = 100

_LONG_STRING = re.compile(r'^\s*(?:\w+=|"[^"]*": )?"(?:[^"\\]|\\.)*",?$')
_LONG_LINE = re.compile(rf"^.{{{LINE + 1},}}$", re.MULTILINE)


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


def black_stable(text: str) -> bool:
    """Laid out as black lays it out: no line black would break (a line holding only a
    long string it cannot break, or a comment, is fine) and no single-quoted literal it
    would requote."""
    if _single_quoted(text):
        return False
    for match in _LONG_LINE.finditer(text):
        line = match.group()
        docstring = line.lstrip().startswith('"""') or line.endswith('"""')
        comment = line.lstrip().startswith("# ")  # black never wraps a comment
        if not (_LONG_STRING.match(line) or docstring or comment):
            return False
    return True


def preformatted(text: str) -> str:
    return Preformatted(text) if black_stable(text) else text


def import_lines(module: str, name: str, indent: int) -> list[str]:
    """`from module import name as name`, wrapped as black wraps a long import."""
    pad = " " * indent
    line = f"{pad}from {module} import {name} as {name}"
    if len(line) <= LINE:
        return [line]
    return [f"{pad}from {module} import (", f"{pad}    {name} as {name},", f"{pad})"]

"""Jinja filters: every escape for an output language lives here, each with a name.

Templates never build literals themselves; they print what these return.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

from .layout import inline


def py_literal(value: Any) -> str:
    """A Python expression that evaluates to `value` (JSON-like data, tuples allowed),
    with strings in black's quotes."""
    return inline(value)


def py_docstring(text: str) -> str:
    """A docstring literal for `text`, whatever quotes or backslashes it holds."""
    body = text.strip()
    awkward = '"""' in body or "\\" in body or body.endswith('"')
    if awkward or any(not ch.isprintable() for ch in body.replace("\n", "")):
        return repr(body)
    return f'"""{body}"""'


def py_comment(text: str) -> str:
    """`text` as one comment line's content (newlines folded)."""
    return " ".join(text.split())


def to_json(value: Any) -> str:
    """Deterministic, readable JSON (keys in the order built, unicode kept, two-space
    indent), written by orjson; what orjson refuses (an integer past 64 bits, a key that
    is not a string) by the standard library in the same layout. (Specs hold no NaN or
    infinity: lint refuses them, and orjson would write null.)"""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, indent=2, ensure_ascii=False)


_MD_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)


def md_cell(value: Any) -> str:
    """`value` as the text of one Markdown table cell (or one line of prose).

    Markup characters are escaped, so the text reads back as itself; a pipe cannot end
    the cell and a newline becomes <br>, so the table keeps its shape.
    """
    lines = str(value).translate(_MD_ESCAPES).splitlines() or [""]
    return "<br>".join(line.strip() for line in lines)


FILTERS: dict[str, Callable[..., Any]] = {
    "py_literal": py_literal,
    "py_docstring": py_docstring,
    "py_comment": py_comment,
    "to_json": to_json,
    "md_cell": md_cell,
}

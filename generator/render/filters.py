"""Jinja filters: every escape for an output language lives here, each with a name.

Templates never build literals themselves; they print what these return.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from ..documents.json_text import JSONText
from .layout import Call, fits, inline


def py_literal(value: Any) -> str:
    """A Python expression that evaluates to `value` (JSON-like data, tuples allowed),
    with strings in black's quotes."""
    return inline(value)


def py_literals(values: Iterable[Any]) -> list[str]:
    """Each of `values` as `py_literal` writes it (a call's positional arguments)."""
    return [inline(value) for value in values]


def py_kwargs(pairs: Iterable[tuple[str, Any]]) -> list[str]:
    """Keyword arguments as Python source, one `key=literal` each."""
    return [f"{key}={inline(value)}" for key, value in pairs]


def py_arguments(call: Call) -> list[str]:
    """A call's arguments as Python source: positional literals, then `key=literal`."""
    return [inline(value) for value in call.args] + py_kwargs(call.kwargs)


def py_docstring(text: str) -> str:
    """A docstring literal for `text`, whatever quotes or backslashes it holds."""
    body = text.strip()
    awkward = '"""' in body or "\\" in body or body.endswith('"')
    if awkward or any(not ch.isprintable() for ch in body.replace("\n", "")):
        return repr(body)
    return f'"""{body}"""'


def py_docstring_text(text: str) -> str:
    """`text` as one line inside a docstring: newlines folded, backslashes and double quotes
    escaped (so no quote can end the docstring and no backslash starts an escape)."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def jsdoc_text(text: str) -> str:
    """`text` inside a JSDoc comment: `*/` is written `*\\/`, so it cannot end the comment."""
    return text.replace("*/", "*\\/")


def ts_doc(text: str) -> str:
    """`text` as one line of a JSDoc comment: whitespace folded, `*/` escaped."""
    return jsdoc_text(" ".join(text.split()))


def to_json(value: Any) -> str:
    """Deterministic, readable JSON (keys in the order built, unicode kept, two-space
    indent), written by orjson. An integer past 64 bits, which orjson refuses, is written
    in its digits by orjson too, and a key that is not a string as orjson spells it: a
    document written in parts (documents/json_text.py) is then spelled as it is written
    whole. (Specs hold no NaN or infinity: lint refuses them, and orjson would write null.)
    A `JSONText` value is written as its placeholder (`fill` puts the text there)."""
    try:
        return orjson.dumps(value, default=_placeholder, option=_INDENT).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        pass
    try:
        return orjson.dumps(_big_ints_written(value), default=_placeholder, option=_WIDE).decode()
    except TypeError:  # keys of no kind orjson writes: the standard library, same layout
        return json.dumps(value, indent=2, ensure_ascii=False, default=_placeholder)


_INDENT = orjson.OPT_INDENT_2
_WIDE = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
_INT64 = (-(2**63), 2**64 - 1)


def _big_ints_written(value: Any) -> Any:
    """`value` with every integer orjson cannot write replaced by its digits, as a
    fragment orjson copies into its output."""
    if type(value) is int and not _INT64[0] <= value <= _INT64[1]:
        return orjson.Fragment(str(value))
    if isinstance(value, dict):
        return {key: _big_ints_written(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_big_ints_written(item) for item in value]
    return value


def _placeholder(value: Any) -> str:
    if isinstance(value, JSONText):
        return value.placeholder()
    raise TypeError(f"{type(value).__name__} is not JSON")


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
    text = str(value).translate(_MD_ESCAPES)
    if text.isprintable():  # no line break of any kind (each is unprintable): one line
        return text.strip()
    return "<br>".join(line.strip() for line in text.splitlines() or [""])


FILTERS: dict[str, Callable[..., Any]] = {
    "py_literal": py_literal,
    "py_literals": py_literals,
    "py_kwargs": py_kwargs,
    "py_arguments": py_arguments,
    "py_docstring": py_docstring,
    "py_docstring_text": py_docstring_text,
    "ts_doc": ts_doc,
    "to_json": to_json,
    "md_cell": md_cell,
}

TESTS: dict[str, Callable[..., bool]] = {"fitting": fits}
"""Jinja tests: `{% if line is fitting %}` chooses a statement's shape (render/layout.py)."""

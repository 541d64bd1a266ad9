"""Python values as source: one-line literals in black's quotes (the py_* filters), and
nested data laid out as black lays it out (the docs' Python examples).

One line when it fits in 100 columns; otherwise the brackets open, each element goes on
its own line with a trailing comma (black keeps such "magic trailing commas" exploded),
and the same rule applies inside. Strings take black's quotes: double, unless that
needs more escapes. Also the line length, the templates' `fitting` test and the marks
that tell the formatter which text is laid out already.
"""

from __future__ import annotations

import ast
import bisect
import functools
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LINE = 100
"""black's line length for every generated Python file (the templates' `fitting` test, the
layout below and black's own mode read it here)."""


@dataclass(frozen=True)
class Call:
    """A call expression: `name(args..., key=value...)`."""

    name: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = field(default=())


def py_str(value: str) -> str:
    """A string literal in black's quotes."""
    single = repr(value)
    if single[0] == '"':
        return single  # repr chose double quotes already: the text holds ' but no "
    body = single[1:-1]
    unescaped = body.replace("\\'", "'")
    if '"' not in value:
        return f'"{unescaped}"'
    double = unescaped.replace('"', '\\"')
    if double.count('\\"') > body.count("\\'"):
        return single
    return f'"{double}"'


def _atom(value: Any) -> str:
    """A value with no elements to lay out: a scalar, or an empty container or call."""
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if value is Ellipsis:
        return "..."
    if isinstance(value, Call):
        return f"{value.name}()"
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, tuple):
        return "()"
    if isinstance(value, list):
        return "[]"
    raise TypeError(f"no Python literal for {type(value).__name__}")


def inline(value: Any) -> str:
    """`value` as a one-line Python expression."""
    return _flat(value, {})


def _parts(value: Any) -> tuple[str, str, list[tuple[str, Any]]] | None:
    if isinstance(value, Call) and (value.args or value.kwargs):
        items = [("", a) for a in value.args] + [(f"{k}=", v) for k, v in value.kwargs]
        return f"{value.name}(", ")", items
    if isinstance(value, Mapping) and value:
        return "{", "}", [(f"{_flat(k, {})}: ", v) for k, v in value.items()]
    if isinstance(value, tuple) and value:
        return "(", ")", [("", v) for v in value]
    if isinstance(value, list) and value:
        return "[", "]", [("", v) for v in value]
    return None


Flat = dict[int, str]
"""One-line renderings already made, by id() of the node (valid while the nodes live)."""


def _flat(value: Any, memo: Flat) -> str:
    """`value` on one line; every node is rendered once per `memo`, so laying out a deep
    structure level by level costs what rendering it once does."""
    if isinstance(value, str):
        return py_str(value)
    key = id(value)
    text = memo.get(key)
    if text is None:
        parts = _parts(value)
        if parts is None:
            text = _atom(value)
        else:
            opening, closing, items = parts
            if isinstance(value, tuple) and len(value) == 1:
                closing = ",)"
            text = opening + ", ".join(k + _flat(item, memo) for k, item in items) + closing
        memo[key] = text
    return text


def layout(
    value: Any, indent: int = 0, prefix: str = "", suffix: str = "", memo: Flat | None = None
) -> list[str]:
    """Lines of `prefix + value + suffix` at `indent`, as black lays them out: one line
    when it fits in LINE columns; otherwise exploded, one element a line."""
    memo = {} if memo is None else memo
    pad = " " * indent
    text = _flat(value, memo)
    parts = _parts(value) if len(pad) + len(prefix) + len(text) + len(suffix) > LINE else None
    if parts is None:
        return [f"{pad}{prefix}{text}{suffix}"]
    opening, closing, items = parts
    lines = [f"{pad}{prefix}{opening}"]
    for key, item in items:
        lines += layout(item, indent + 4, key, ",", memo)
    lines.append(f"{pad}{closing}{suffix}")
    return lines


def statement(prefix: str, value: Any, indent: int = 0) -> str:
    """`prefix value` as one black-formatted statement (e.g. prefix `X: int = `)."""
    return "\n".join(layout(value, indent, prefix))


@functools.cache
def _wide() -> tuple[list[int], list[int]] | None:
    """black's own table of the characters it counts two columns wide (East Asian wide and
    full-width), as sorted starts and ends; read from its data module's source, without
    importing black (which costs a tenth of a second). None if this black has no such file."""
    spec = importlib.util.find_spec("black")
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        return None
    try:
        source = (Path(next(iter(locations))) / "_width_table.py").read_text("utf-8")
        values = [n.value for n in ast.parse(source).body if isinstance(n, ast.AnnAssign)]
        table = ast.literal_eval(values[0]) if values and values[0] is not None else None
    except (OSError, ValueError, SyntaxError):
        return None
    if not isinstance(table, list):
        return None
    wide = [(start, end) for start, end, columns in table if columns == 2]
    return [start for start, _ in wide], [end for _, end in wide]


def width(line: str) -> int:
    """The columns black counts for `line`: two for a wide character, one for any other
    (every non-ASCII character counts two when black's table cannot be read)."""
    if line.isascii():
        return len(line)
    table = _wide()
    if table is None:
        return 2 * len(line)
    starts, ends = table
    wide = 0
    for char in line:
        code = ord(char)
        at = bisect.bisect_right(starts, code) - 1
        wide += at >= 0 and code <= ends[at]
    return len(line) + wide


def fits(text: str) -> bool:
    """Whether every line of `text` fits in LINE columns as black counts them: the
    `fitting` test with which a template chooses between a statement's shapes."""
    return all(width(line) <= LINE for line in text.split("\n"))


class Preformatted(str):
    """Text that is black's output already: a hand-written file that `make lint` holds to
    black, copied as it is. black does not run on it."""


class LaidOut(str):
    """Text its template laid out as black does (most through python/_layout.jinja's
    macros): black runs on it only if a value left a line black would change
    (`needs_black` in render/formatting.py; tests hold the rest to black's output)."""


class Assembled(str):
    """A file put together from its template's output (`skeleton`, holding placeholders)
    and JSON texts that `to_json` wrote (documents/json_text.py's `fill`): `check` reads
    the skeleton, since filling a placeholder with a JSON value keeps JSON valid."""

    skeleton: str

    def __new__(cls, text: str, skeleton: str) -> Assembled:
        made = super().__new__(cls, text)
        made.skeleton = skeleton
        return made

    def __reduce__(self) -> tuple[type[Assembled], tuple[str, str]]:
        return (Assembled, (str(self), self.skeleton))

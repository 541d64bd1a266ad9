"""How big a spec may be: bounds that keep a hostile file from exhausting the loader.

A spec is a few kilobytes of plain data. These bounds are far above any real spec and
far below what would cost a noticeable time or memory; a file beyond one is one
problem (E002) at the place it crosses the bound, found before the file is parsed
further:

    MAX_BYTES       a spec file's size
    MAX_DEPTH       collections inside collections (the loader and every check recurse)
    MAX_ALIASED     values reached again through aliases ("billion laughs")
    MAX_INT_DIGITS  the length of an integer literal (Python refuses > 4300 digits)

YAML nesting is measured on the parser's events before anything is composed: both
composers recurse per level (ruamel's C composer crashes the process near 100000 levels
and takes quadratic time well before), the parsers themselves do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

from ..errors import SpecError

MAX_BYTES = 128 * 1024
MAX_DEPTH = 32
MAX_ALIASED = 10_000
MAX_INT_DIGITS = 100

CODE = "E002"

_SHALLOW = 1000
"""Below this many levels either composer is quick (a few milliseconds) and safe."""


def too_big(size: int) -> str | None:
    if size > MAX_BYTES:
        return f"the file has {size} bytes; a spec may have at most {MAX_BYTES}"
    return None


_LINE_START = re.compile(r"^[ \t]*(?:[-?:][ \t]+)*", re.MULTILINE)
"""A line's indentation and the compact indicators after it (`- - x`, `? - x`): the
only place where a block collection can begin nested deeper than the line before."""


def surely_shallow(text: str) -> bool:
    """True when `text` cannot nest _SHALLOW levels deep, judged from characters alone:
    a flow collection opens with `[` or `{`; a nested block collection starts further
    right at the start of a line (or is a sequence at its mapping key's indentation),
    so no node is deeper than the brackets plus twice the longest line start."""
    starts = max(map(len, _LINE_START.findall(text)), default=0)
    return text.count("[") + text.count("{") + 2 * starts + 2 < _SHALLOW


def too_deep(events: Callable[[], Iterable[Any]], display: str) -> SpecError | None:
    """The first collection nested more than MAX_DEPTH levels deep, as a problem; None
    when there is none (or the text has a syntax error before, which the loader
    reports itself)."""
    depth = 0
    try:
        for event in events():
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    message = f"collections nested more than {MAX_DEPTH} levels deep"
                    return SpecError(display, mark.line, mark.column, CODE, message)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except (YAMLError, ValueError):
        return None
    return None


def int_too_long(literal: str) -> str | None:
    if len(literal) > MAX_INT_DIGITS:
        return (
            f"an integer written with {len(literal)} characters; "
            f"at most {MAX_INT_DIGITS} are allowed"
        )
    return None


ALIASED_MESSAGE = (
    f"aliases expand to more than {MAX_ALIASED} values (each alias repeats what its "
    "anchor holds)"
)

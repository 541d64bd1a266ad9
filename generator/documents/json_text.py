"""JSON values already written out, placed into a document that is written around them.

A document (the OpenAPI one) can hold `JSONText` values: JSON that `to_json` wrote
before, each model's piece kept from the run that rendered the model. Writing the document
puts a placeholder string in each one's place; `fill` then swaps every placeholder for its
text, indented to where it stands, so the result is byte for byte what writing the whole
document at once would give. A text is kept indented for the place it is meant for
(`indented`), so that filling it there copies it as it is. A placeholder carries a random
nonce, drawn once a process: no string of a spec can spell one.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

_NONCE = secrets.token_hex(16)
_FOUND = re.compile(rf'(?<!\\)"\\u0000{_NONCE}:([A-Za-z0-9._-]*)"')
_KEY = re.compile(r"[A-Za-z0-9._-]*")


def indented(text: str, indent: int) -> str:
    """`text` (JSON as `to_json` writes it at the top level) laid out for a value whose
    line is indented `indent` spaces: every line after the first indented that much more."""
    return text.replace("\n", "\n" + " " * indent) if indent else text


class JSONText:
    """A JSON value written out for a line indented `indent` spaces (`indented`), under
    a key unique in its document. (Not a dataclass: orjson would write a dataclass as an
    object.)"""

    __slots__ = ("indent", "key", "text")

    def __init__(self, key: str, text: str, indent: int = 0) -> None:
        if not _KEY.fullmatch(key):
            raise ValueError(f"a JSONText key is letters, digits, '.', '_' and '-': {key!r}")
        self.key = key
        self.text = text
        self.indent = indent

    def placeholder(self) -> str:
        """What a JSON writer puts in the value's place (a string; the writer spells its
        NUL character as \\u0000)."""
        return f"\x00{_NONCE}:{self.key}"


def fill(written: str, texts: Mapping[str, JSONText]) -> str:
    """`written` (a document written with placeholders) with each placeholder replaced by
    the text under its key, laid out for the indentation of the line the placeholder
    stands on; KeyError for a placeholder with no text."""

    def text_for(match: re.Match[str]) -> str:
        piece = texts[match[1]]
        start = written.rfind("\n", 0, match.start()) + 1
        end = start
        while written[end] == " ":
            end += 1
        if end - start == piece.indent:
            return piece.text
        return piece.text.replace("\n" + " " * piece.indent, "\n" + " " * (end - start))

    return _FOUND.sub(text_for, written)

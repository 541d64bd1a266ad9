"""generator/drift/fetch.py: the nesting-depth guard that runs before any JSON is parsed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.drift.fetch import MAX_DEPTH, _depth


def _reference(body: bytes) -> int:
    """The byte-by-byte scan the guard stands for (strings skipped, an unclosed string
    running to the end), without the early stop past MAX_DEPTH."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([b"[", b"]", b"{", b"}", b'"', b"\\", b"a", b",", b"\xe9"])))
def test_the_guard_agrees_with_a_byte_by_byte_scan(parts: list[bytes]) -> None:
    body = b"".join(parts)
    expected = _reference(body)
    got = _depth(body)
    assert got == expected if expected <= MAX_DEPTH else got > MAX_DEPTH


def test_brackets_inside_strings_and_escapes_do_not_count() -> None:
    text = json.dumps({"a": ["[[[{{{", 'say "[" \\'], "b": {"c": [1, 2]}})
    assert _depth(text.encode()) == 3
    assert _depth(b'["unclosed [[[[') == 1
    assert _depth(b"[" * 100000) == MAX_DEPTH + 1  # stops once past the bound

"""The manifest's text: orjson writes it, the standard library's layout byte for byte."""

from __future__ import annotations

import json
import random

import pytest

from generator.pipeline import manifest_text

EDGES = [
    {},
    {"outputs": {}},
    {"inputs": {"a": "b"}, "outputs": {"c/d.py": "0" * 64}},
    {'k\x00\x1f\x7f"\\/\b\f\n\r\t': "v\x01\x7f"},
    {"é": "ü", "\u2028": "\ud7ff", "snowman ☃": "𝄞"},
    {"nested": {"deeper": {"deepest": "x"}, "after": "y"}},
]


@pytest.mark.parametrize("body", EDGES)
def test_the_manifest_is_written_as_the_standard_library_writes_it(body: dict[str, object]) -> None:
    assert manifest_text(body) == json.dumps(body, indent=2) + "\n"


def test_random_keys_and_values_are_written_the_same() -> None:
    draw = random.Random(15)

    def word() -> str:
        return "".join(chr(draw.randrange(0, 0x180)) for _ in range(draw.randrange(0, 6)))

    for _ in range(500):
        body = {word(): {word(): word() for _ in range(draw.randrange(0, 3))}, word(): word()}
        assert manifest_text(body) == json.dumps(body, indent=2) + "\n"

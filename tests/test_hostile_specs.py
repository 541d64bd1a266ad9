"""Hostile spec files: lint answers each with problems (or ok), quickly, never with an
internal error. The full output of the main ones is snapshotted in tests/lint_cases
(yaml_billion_laughs, yaml_deep_nesting, yaml_long_integer, yaml_lone_surrogate)."""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from generator.catalog import load_catalog
from generator.catalog.source import parse_spec
from generator.cli import main

BASE = Path(__file__).parent / "lint_cases" / "_base"
GOOD = (BASE / "specs/models/tiny.yaml").read_bytes()


def _laughs(levels: int = 10) -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _laughs_of_mappings() -> bytes:
    lines = ["a: &a {x: 1, y: 2, z: 3}"]
    for level in range(1, 11):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        items = ", ".join(f"k{j}: *{previous}" for j in range(9))
        lines.append(f"{name}: &{name} {{{items}}}")
    return ("\n".join(lines) + "\n").encode()


def _replace(old: bytes, new: bytes) -> bytes:
    assert old in GOOD
    return GOOD.replace(old, new)


RANDOM = random.Random(13)
PARAM = b"  image_url: {type: string, format: uri, required: true}"
HOSTILE: dict[str, bytes] = {
    "billion laughs": _laughs(),
    "laughs of mappings": _laughs_of_mappings(),
    "recursive alias": b"id: tiny\nx: &a [*a]\n",
    "recursive alias in a mapping": b"id: tiny\nx: &a {y: *a}\n",
    "10000 [": b"x: " + b"[" * 10000 + b"\n",
    "10000 [ closed": b"x: " + b"[" * 10000 + b"]" * 10000 + b"\n",
    "200000 [": b"x: " + b"[" * 200000 + b"\n",
    "nested {": b"x: " + b"{a: " * 50000 + b"\n",
    "compact sequences": b"x:\n  " + b"- " * 100000 + b"a\n",
    "indented mappings": b"".join(b" " * i + f"k{i}:\n".encode() for i in range(600)),
    "100000-digit integer": b"id: tiny\nx: " + b"9" * 100000 + b"\n",
    "negative long integer": b"id: tiny\nx: -" + b"9" * 10000 + b"\n",
    "long hex integer": b"id: tiny\nx: 0x" + b"f" * 10000 + b"\n",
    "long integer key": b"id: tiny\n" + b"9" * 10000 + b": x\n",
    "YAML 1.1 sexagesimal": b"%YAML 1.1\n---\nid: tiny\nx: 1" + b":59" * 10000 + b"\n",
    "!!int abc": GOOD + b"x: !!int abc\n",
    "!!float abc": GOOD + b"x: !!float abc\n",
    "!!bool maybe": GOOD + b"x: !!bool maybe\n",
    "!!omap": GOOD + b"x: !!omap [a: 1, b: 2]\n",
    "!!omap parameters": _replace(b"parameters:\n" + PARAM, b"parameters: !!omap\n  -" + PARAM[1:]),
    "!!python/object": GOOD + b"x: !!python/object:os.system {}\n",
    "!!binary default": _replace(b"required: true}", b"required: true, default: !!binary aGk=}"),
    "binary": bytes(RANDOM.randrange(256) for _ in range(4096)),
    "NUL byte": b"id: tiny\x00\nname: x\n",
    "BOM": b"\xef\xbb\xbf" + GOOD,
    "UTF-16": GOOD.decode().encode("utf-16"),
    "tabs": GOOD.replace(b"\n  ", b"\n\t"),
    "lone surrogate": _replace(b"name: Tiny", b'name: "\\ud800"'),
    "surrogate key": _replace(PARAM, b'  "\\udc00": {type: string}\n' + PARAM),
    "integer key": GOOD + b"1: x\n",
    "sequence key": GOOD + b"[a, b]: x\n",
    "mapping key": GOOD + b"{a: 1}: x\n",
    "dates": _replace(b"prompt: hello", b"prompt: 2001-12-14") + b"when: 2001-12-14\n",
    "wrong types": b"id: 5\nextends: {a: 1}\nname: [x]\nmode: 7\nsummary: {}\nremove: 5\n"
    b"parameters: []\nimages: x\nrules: x\nexample: []\n",
    "wrong parameter types": _replace(
        PARAM,
        b"  a: 5\n  b: {type: 7}\n  c: {type: string, values: {}}\n  d: {type: array, items: 5}\n"
        b"  e: {type: integer, minimum: x}\n  f: null\n" + PARAM,
    ),
    "unhashable values": _replace(b"required: true}", b"required: true, values: [[1], {a: 1}]}"),
    "merge keys": GOOD + b"z: &z {a: 1}\nw:\n  <<: *z\n  <<: 5\n",
    "huge file": GOOD + b"junk:\n" + b"  - x\n" * 100000,
    "long line": GOOD + b"junk: [" + b"a," * 100000 + b"]\n",
    "empty": b"",
    "a list": b"- a\n- b\n",
}
VALID = ("BOM", "!!omap parameters")
"""Odd but valid: a byte order mark is allowed, and !!omap gives a mapping."""
POSITIONED = re.compile(r"^\S+:\d+:\d+: error\[E\d{3}\] ")
QUICK = ("billion laughs", "10000 [", "100000-digit integer")


def _project(tmp_path: Path, text: bytes) -> Path:
    shutil.copytree(BASE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "specs/models/tiny.yaml").write_bytes(text)
    return tmp_path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_lint_answers_hostile_files_without_an_internal_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, HOSTILE[name])
    os.environ.pop("HUBGEN_DEBUG", None)
    started = time.perf_counter()
    code = main(["lint", "--specs", str(root / "specs")])
    took = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err
    assert code in (0, 1) and (code == 0) == (name in VALID), out
    for line in out.splitlines():
        assert POSITIONED.match(line), line
    assert took < 3, f"{took:.2f} s"


@pytest.mark.parametrize("name", QUICK)
def test_the_classic_attacks_are_answered_in_well_under_a_second(name: str, tmp_path: Path) -> None:
    root = _project(tmp_path, HOSTILE[name])
    load_catalog(root / "specs")  # imports and caches warm
    started = time.perf_counter()
    result = load_catalog(root / "specs")
    took = time.perf_counter() - started
    assert [p.code for p in result.problems] == ["E002"]
    # Unbounded, the billion laughs ran for minutes; bounded it takes 0.03-0.2 s on an idle
    # machine and up to 0.55 s was seen on a busy one: a second still tells the two apart.
    assert took < 1.0, f"{took:.2f} s"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("x: " + "[" * 40, (0, 3 + 31)),
        ("x:\n  " + "- " * 40 + "a\n", (1, 2 + 2 * 31)),
        ("x: !!seq " + "[" * 300 + "]" * 300 + "\n", (0, 9 + 31)),
    ],
)
def test_both_paths_stop_at_the_same_depth_with_its_position(
    text: str, position: tuple[int, int]
) -> None:
    tree, problems = parse_spec(text, "deep.yaml")
    assert tree is None
    assert [(p.code, (p.line, p.column)) for p in problems][:1] == [("E002", position)]


def test_nesting_up_to_the_bound_is_fine() -> None:
    tree, problems = parse_spec("x: " + "[" * 31 + "]" * 31 + "\n", "ok.yaml")
    assert problems == [] and tree is not None

"""Spec files read by the C composer give exactly what the round-trip loader gives:
the same values, types and positions, or the round-trip loader reads them instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.catalog import load_catalog
from generator.catalog.located import LList, LMap
from generator.catalog.source import read_spec
from generator.catalog.yaml_fast import Unsupported, read_fast
from generator.catalog.yaml_roundtrip import read_spec_slowly
from generator.speed.built_models import load_reusing

from .support.repository import ROOT, SPECS, run_hubgen

CORPUS = sorted(SPECS.rglob("*.yaml")) + sorted((ROOT / "tests" / "lint_cases").rglob("*.yaml"))


def same_reading(fast: Any, slow: Any) -> bool:
    """Equal values of equal types, with equal positions at every level."""
    if type(fast) is not type(slow):
        return False
    if isinstance(fast, LMap):
        return (
            (fast.loc, fast.key_locs, fast.value_locs) == (slow.loc, slow.key_locs, slow.value_locs)
            and list(fast) == list(slow)
            and all(same_reading(fast[k], slow[k]) for k in fast)
        )
    if isinstance(fast, LList):
        return (fast.loc, fast.item_locs, len(fast)) == (
            slow.loc,
            slow.item_locs,
            len(slow),
        ) and all(same_reading(a, b) for a, b in zip(fast, slow, strict=True))
    return bool(fast == slow or repr(fast) == repr(slow))  # NaN, tagged scalars


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_spec_in_the_repository_reads_the_same_both_ways(path: Path) -> None:
    text = path.read_text("utf-8")
    slow, problems = read_spec_slowly(text, "x.yaml")
    try:
        fast = read_fast(text, "x.yaml")
    except Unsupported:
        assert problems, f"{path}: a valid spec should not need the slow path"
        return
    assert not problems
    assert same_reading(fast, slow)


def test_the_fast_path_reads_the_real_specs() -> None:
    # If the C parser went missing, everything would still work, only slowly: say so here.
    for path in sorted(SPECS.rglob("*.yaml")):
        assert isinstance(read_fast(path.read_text("utf-8"), "x.yaml"), LMap), path


SCALARS = """\
plain: text with spaces
quoted: "8s"
single: 'it''s'
int: 42
negative: -7
octal: 0o17
hex: 0x1f
underscored: 1_000
float: 2.5
exp: 1e3
inf: .inf
nan: .nan
yes_is_text: yes
on_is_text: on
true_bool: true
null_tilde: ~
null_word: null
literal: |
  two
  lines
folded: >
  folded
  text
unicode: "ünï ✓ \\u00e9"
escapes: "tab\\there \\"q\\""
braces: "{{ x }}"
pipe: "a | b"
keyword: class
flow: {a: 1, b: [x, "y", 3]}
nested:
  - name: one
    values: [1, 2]
  -   indented: odd
  - - inner
    - list
"""


def test_scalars_nesting_and_odd_indentation_read_the_same() -> None:
    slow, problems = read_spec_slowly(SCALARS, "s.yaml")
    assert not problems
    fast = read_fast(SCALARS, "s.yaml")
    assert same_reading(fast, slow)
    assert fast["yes_is_text"] == "yes" and fast["octal"] == 15 and fast["true_bool"] is True


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: &x {b: 1}\nc: *x\n",  # anchor and alias
        "base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n",  # merge key
        "1: one\n",  # a key that is not a string
        "a:\nb: 1\n",  # an empty value
        "when: 2001-12-14\n",  # a timestamp
        "v: !custom x\n",  # an application tag
        "v: !!str 1\n",  # an explicit core tag (the round-trip loader keeps it)
        "%YAML 1.1\n---\na: yes\nb: 010\n",  # YAML 1.1: yes is true, 010 is octal
        "- a list\n",  # not a mapping
        "",  # empty
        "a: b: c\n",  # a syntax error
        "a: [1\n",  # an unclosed flow sequence
    ],
)
def test_whatever_the_fast_path_cannot_mirror_goes_the_slow_way(text: str, tmp_path: Path) -> None:
    with pytest.raises(Unsupported):
        read_fast(text, "odd.yaml")
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    tree, problems = read_spec(path, "odd.yaml")
    slow_tree, slow_problems = read_spec_slowly(text, "odd.yaml")
    assert problems == slow_problems
    assert (tree is None and slow_tree is None) or same_reading(tree, slow_tree)


def test_merge_keys_take_the_position_they_are_written_at() -> None:
    tree, problems = read_spec_slowly("base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n", "m.yaml")
    assert not problems and tree is not None
    child = tree["child"]
    assert dict(child) == {"y": 2, "x": 1}
    assert (child.key_locs["x"].line, child.key_locs["x"].column) == (0, 10)
    assert (child.value_locs["y"].line, child.value_locs["y"].column) == (3, 5)


def test_files_that_cannot_be_read_are_problems_not_crashes(project: Path) -> None:
    (project / "specs/models/folder.yaml").mkdir()
    (project / "specs/models/latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    for load in (load_catalog, load_reusing):
        result = load(project / "specs")
        found = {(Path(p.file).name, p.code, p.message.split(":")[0]) for p in result.problems}
        assert ("folder.yaml", "E001", "cannot read file") in found
        assert ("latin1.yaml", "E001", "cannot read file") in found
    lint = run_hubgen("lint", cwd=project)
    assert lint.returncode == 1
    assert "specs/models/folder.yaml:1:1: error[E001] cannot read file" in lint.stdout
    assert "internal error" not in lint.stderr and "Traceback" not in lint.stderr

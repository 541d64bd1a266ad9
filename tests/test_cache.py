"""Cache packs: read once, written back with just the entries a run used or added."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.speed.cache import Pack

pytestmark = pytest.mark.usefixtures("own_cache")


def test_entries_survive_a_save_and_unused_ones_are_dropped() -> None:
    first = Pack("kind", "tree")
    first.put("a", 1)
    first.put("b", 2)
    first.save()
    second = Pack("kind", "tree")
    assert second.get("a") == 1
    second.put("c", 3)
    second.save()  # "b" was not used by this run
    third = Pack("kind", "tree")
    assert (third.get("a"), third.get("b"), third.get("c")) == (1, None, 3)


def test_a_run_that_changes_nothing_writes_nothing() -> None:
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.save()
    assert pack.path is not None
    written = pack.path.stat().st_mtime_ns
    again = Pack("kind", "tree")
    assert again.get("a") == 1
    pack.path.touch()
    before = pack.path.stat().st_mtime_ns
    again.save()
    assert pack.path.stat().st_mtime_ns == before >= written


def test_packs_of_other_trees_and_kinds_are_apart() -> None:
    one = Pack("kind", "tree-1")
    one.put("a", 1)
    one.save()
    assert Pack("kind", "tree-2").get("a") is None
    assert Pack("other", "tree-1").get("a") is None


def test_a_damaged_pack_reads_as_empty() -> None:
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.save()
    assert pack.path is not None
    pack.path.write_bytes(b"not a pickle")
    assert Pack("kind", "tree").get("a") is None


@pytest.mark.parametrize(
    "damage",
    [
        b"cno_such_module\nThing\n.",  # a class that is not there: ModuleNotFoundError
        b"\x80\x05K\x01K\x02\x8c\x01a\x93.",  # a global from an int: garbage
        b"(" * 100000 + b".",  # marks without end
        b"}q\x00(X\x01\x00\x00\x00aq\x01",  # cut off mid-way
    ],
)
def test_any_damage_to_a_pack_reads_as_empty(damage: bytes) -> None:
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.save()
    assert pack.path is not None
    pack.path.write_bytes(damage)
    assert Pack("kind", "tree").get("a") is None


def test_no_cache_means_no_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HUBGEN_NO_CACHE", "1")
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.save()
    assert pack.path is None
    assert not (tmp_path / "cache").exists()

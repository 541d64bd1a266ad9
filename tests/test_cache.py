"""Cache packs: read once, written back with just the entries a run used or added."""

from __future__ import annotations

import pickle
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


def test_a_separate_pack_gives_back_what_was_put_and_keeps_entries_as_bytes() -> None:
    first = Pack("kind", "tree", separate=True)
    first.put("a", {"x": [1, 2]})
    first.put("b", "two")
    first.save()
    second = Pack("kind", "tree", separate=True)
    assert second.get("a") == {"x": [1, 2]}
    assert second.get("a") is not second.get("a")  # each get unpickles: callers own it
    second.put("c", 3)
    second.save()  # "b" was not used: dropped
    assert second.path is not None
    held = pickle.loads(second.path.read_bytes())
    assert set(held) == {"a", "c"} and all(isinstance(v, bytes) for v in held.values())
    third = Pack("kind", "tree", separate=True)
    assert (third.get("a"), third.get("b"), third.get("c")) == ({"x": [1, 2]}, None, 3)


def test_a_damaged_entry_of_a_separate_pack_reads_as_missing() -> None:
    pack = Pack("kind", "tree", separate=True)
    pack.put("a", 1)
    pack.put("b", 2)
    pack.save()
    assert pack.path is not None
    held = pickle.loads(pack.path.read_bytes())
    pack.path.write_bytes(pickle.dumps({**held, "a": b"not a pickle", "b": 7}))
    again = Pack("kind", "tree", separate=True)
    assert (again.get("a"), again.get("b")) == (None, None)  # bad bytes; not bytes at all


def test_a_pack_written_whole_is_not_read_as_separate_entries() -> None:
    whole = Pack("kind", "tree")
    whole.put("a", b"raw bytes are a value here")
    whole.put("b", 2)
    whole.save()
    separate = Pack("kind", "tree", separate=True)
    assert separate.get("b") is None
    assert separate.get("a") is None  # bytes, but not a pickle

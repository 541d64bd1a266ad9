"""Cache packs: read once, written back with just the entries a run used or added."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.speed.cache import Pack

pytestmark = pytest.mark.usefixtures("own_cache")


def _segments(path: Path) -> list[tuple[dict[str, object], tuple[str, ...]]]:
    """A pack file's segments, as written."""
    found = []
    with path.open("rb") as stream:
        while stream.peek(1):
            found.append(pickle.load(stream))
    return found


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
    (first_added, _), (added, removed) = _segments(second.path)
    assert set(first_added) == {"a", "b"} and (set(added), removed) == ({"c"}, ("b",))
    assert all(isinstance(v, bytes) for v in [*first_added.values(), *added.values()])
    third = Pack("kind", "tree", separate=True)
    assert (third.get("a"), third.get("b"), third.get("c")) == ({"x": [1, 2]}, None, 3)


def test_a_damaged_entry_of_a_separate_pack_reads_as_missing() -> None:
    pack = Pack("kind", "tree", separate=True)
    pack.put("a", 1)
    pack.put("b", 2)
    pack.save()
    assert pack.path is not None
    [(held, _)] = _segments(pack.path)
    pack.path.write_bytes(pickle.dumps(({**held, "a": b"not a pickle", "b": 7}, ())))
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


def test_a_save_appends_what_changed_and_the_file_is_not_written_anew() -> None:
    first = Pack("kind", "tree", separate=True)
    for n in range(100):
        first.put(f"k{n}", "x" * 1000)
    first.save()
    assert first.path is not None
    inode, size = first.path.stat().st_ino, first.path.stat().st_size
    second = Pack("kind", "tree", separate=True)
    for n in range(1, 100):
        assert second.get(f"k{n}") == "x" * 1000
    second.put("new", "y")
    second.save()  # k0 was not used: removed
    assert first.path.stat().st_ino == inode
    assert size < first.path.stat().st_size < size + 200
    third = Pack("kind", "tree", separate=True)
    assert (third.get("k0"), third.get("k1"), third.get("new")) == (None, "x" * 1000, "y")


def test_the_file_is_written_anew_once_most_of_its_records_are_dead() -> None:
    pack = Pack("kind", "tree")
    pack.put("keep", 0)
    pack.save()
    assert pack.path is not None
    records, rewritten = [], 0
    for n in range(200):  # each run uses keep and v(n-1), adds vn, drops v(n-2)
        run = Pack("kind", "tree")
        assert run.get("keep") == 0
        assert n == 0 or run.get(f"v{n - 1}") == n - 1
        run.put(f"v{n}", n)
        run.save()
        segments = _segments(pack.path)
        records.append(sum(len(added) + len(removed) for added, removed in segments))
        rewritten += len(segments) == 1
    assert max(records) <= 2 * 3 + 64  # never more than twice the live records, and slack
    assert rewritten >= 2
    final = Pack("kind", "tree")
    assert (final.get("keep"), final.get("v199"), final.get("v197")) == (0, 199, None)


def test_a_torn_append_keeps_what_came_before_and_the_next_save_mends_the_file() -> None:
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.save()
    second = Pack("kind", "tree")
    second.get("a")
    second.put("b", 2)
    second.save()
    assert second.path is not None
    data = second.path.read_bytes()
    second.path.write_bytes(data[:-3])  # the second segment cut short
    torn = Pack("kind", "tree")
    assert (torn.get("a"), torn.get("b")) == (1, None)
    torn.put("c", 3)
    torn.save()
    assert len(_segments(second.path)) == 1  # written anew, the torn tail gone
    mended = Pack("kind", "tree")
    assert (mended.get("a"), mended.get("b"), mended.get("c")) == (1, None, 3)


def test_a_pack_removed_meanwhile_is_written_whole() -> None:
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.save()
    again = Pack("kind", "tree")
    again.get("a")
    again.put("b", 2)
    assert again.path is not None
    again.path.unlink()
    again.save()
    assert _segments(again.path) == [({"a": 1, "b": 2}, ())]

"""Files known by their stat: trusted without a read only while nothing about them moved."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.speed import known_files
from generator.speed.cache import Pack
from generator.speed.known_files import KnownFiles

pytestmark = pytest.mark.usefixtures("own_cache")

TEXT = b"the same bytes\n"
DIGEST = hashlib.sha256(TEXT).hexdigest()
AN_HOUR_AGO_NS = time.time_ns() - 3600 * 10**9 + 123_457  # not a whole millisecond


def _file(tmp_path: Path, data: bytes = TEXT, mtime_ns: int = AN_HOUR_AGO_NS) -> Path:
    path = tmp_path / "out" / "a.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def _recorded(root: Path) -> KnownFiles:
    """What a second run sees after a first one checked a.txt and saved."""
    first = KnownFiles(str(root))
    assert first.holds("a.txt", DIGEST)
    first.save(every_file=True)
    return KnownFiles(str(root))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the known-files check opens from now on."""
    opened: list[str] = []
    real: Callable[..., int] = os.open

    def counting(path: str, flags: int, *args: int) -> int:
        opened.append(os.fspath(path))
        return real(path, flags, *args)

    monkeypatch.setattr(known_files.os, "open", counting)
    return opened


def test_a_file_checked_before_is_trusted_by_its_stat(tmp_path: Path, reads: list[str]) -> None:
    path = _file(tmp_path)
    second = _recorded(path.parent)
    reads.clear()
    assert second.holds("a.txt", DIGEST)
    assert reads == []
    assert not second.holds("a.txt", "0" * 64)  # another hash is never taken on trust


def test_a_rewrite_of_the_same_size_is_read_again(tmp_path: Path, reads: list[str]) -> None:
    path = _file(tmp_path)
    second = _recorded(path.parent)
    path.write_bytes(TEXT.upper())  # same size; a new modification time
    reads.clear()
    assert not second.holds("a.txt", DIGEST)
    assert reads == [str(path)]


def test_a_replaced_file_is_read_again_even_with_the_old_stat_times(
    tmp_path: Path, reads: list[str]
) -> None:
    path = _file(tmp_path)
    second = _recorded(path.parent)
    other = path.with_name("b.txt")
    other.write_bytes(TEXT.upper())
    os.utime(other, ns=(AN_HOUR_AGO_NS, AN_HOUR_AGO_NS))
    os.replace(other, path)  # same size and times, another inode
    reads.clear()
    assert not second.holds("a.txt", DIGEST)
    assert reads == [str(path)]


def test_a_file_changed_just_before_it_was_checked_is_read_every_time(
    tmp_path: Path, reads: list[str]
) -> None:
    path = _file(tmp_path, mtime_ns=time.time_ns())
    second = _recorded(path.parent)  # racy: written within RACY_NS of the check
    reads.clear()
    assert second.holds("a.txt", DIGEST)
    assert reads == [str(path)]


def test_coarse_file_times_need_a_wider_margin(tmp_path: Path, reads: list[str]) -> None:
    whole_second = (time.time_ns() // 10**9 - 1) * 10**9  # 1 to 2 s ago, whole seconds
    path = _file(tmp_path, mtime_ns=whole_second)
    second = _recorded(path.parent)
    reads.clear()
    assert second.holds("a.txt", DIGEST)
    assert reads == [str(path)]
    assert known_files.RACY_NS < time.time_ns() - whole_second < known_files.COARSE_NS


@pytest.mark.parametrize("kind", ["missing", "symlink", "directory"])
def test_what_is_not_a_regular_file_never_holds(tmp_path: Path, kind: str) -> None:
    path = _file(tmp_path)
    second = _recorded(path.parent)
    path.unlink()
    if kind == "symlink":
        target = tmp_path / "target.txt"  # the same bytes, reached through a link
        target.write_bytes(TEXT)
        path.symlink_to(target)
    elif kind == "directory":
        path.mkdir()
    assert not second.holds("a.txt", DIGEST)


def test_without_a_cache_every_check_reads(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBGEN_NO_CACHE", "1")
    path = _file(tmp_path)
    second = _recorded(path.parent)
    reads.clear()
    assert second.holds("a.txt", DIGEST)
    assert reads == [str(path)]


def test_a_partial_look_keeps_the_entries_it_did_not_see(tmp_path: Path) -> None:
    pack = Pack("kind", "tree")
    pack.put("a", 1)
    pack.put("b", 2)
    pack.save()
    partial = Pack("kind", "tree")
    partial.put("c", 3)
    partial.save(prune=False)
    after = Pack("kind", "tree")
    assert (after.get("a"), after.get("b"), after.get("c")) == (1, 2, 3)


def _stat(path: Path) -> tuple[int, int, int, int]:
    seen = path.stat()
    return (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns)


def _linked(path: Path, root: Path) -> tuple[tuple[int, int, int, int], str]:
    """`path` hard-linked into a new tree at `root`, as the writer links it early."""
    staged = root / path.name
    staged.parent.mkdir(exist_ok=True)
    os.link(path, staged)
    return _stat(staged), str(staged)


def test_a_file_linked_into_a_new_tree_is_the_one_vouched_for(
    tmp_path: Path, reads: list[str]
) -> None:
    path = _file(tmp_path)
    second = _recorded(path.parent)
    linked = _linked(path, tmp_path / "new")
    path.unlink()  # replaced since it was linked: other bytes, another inode
    path.write_bytes(b"other bytes\n")
    reads.clear()
    assert second.holds("a.txt", DIGEST, linked)
    assert reads == []  # trusted by the linked file's stat
    assert not second.holds("a.txt", DIGEST)  # what root holds under that name is not it


def test_a_linked_file_its_stat_cannot_vouch_for_is_read_where_it_is_linked(
    tmp_path: Path, reads: list[str]
) -> None:
    path = _file(tmp_path, mtime_ns=time.time_ns())  # too recent to be trusted by its stat
    linked = _linked(path, tmp_path / "new")
    known = KnownFiles(str(path.parent))
    path.unlink()
    path.write_bytes(TEXT)  # the same bytes, another file: never read for the linked one
    reads.clear()
    assert known.holds("a.txt", DIGEST, linked)
    assert reads == [linked[1]]
    other = tmp_path / "other" / "a.txt"
    other.parent.mkdir()
    other.write_bytes(b"changed\n")
    assert not known.holds("a.txt", DIGEST, _linked(other, tmp_path / "newer"))


def _files_read(reads: list[str]) -> list[str]:
    """The files among what was opened (hold_all opens each folder once, to look in it)."""
    return [path for path in reads if not os.path.isdir(path)]


def _written(path: Path, private_until_ns: int) -> KnownFiles:
    """What a run sees after the writer wrote a.txt, recorded it unread and saved."""
    first = KnownFiles(str(path.parent))
    first.record({"a.txt": _stat(path)}, {"a.txt": DIGEST}, private_until_ns)
    first.save(every_file=False)
    return KnownFiles(str(path.parent))


def test_a_file_written_long_enough_before_the_swap_is_trusted_unread(
    tmp_path: Path, reads: list[str]
) -> None:
    path = _file(tmp_path)  # written an hour before its tree was swapped in
    second = _written(path, private_until_ns=time.time_ns())
    reads.clear()
    assert second.hold_all({"a.txt": DIGEST})
    assert _files_read(reads) == []
    path.write_bytes(TEXT.upper())  # same size; a new modification time
    assert not second.hold_all({"a.txt": DIGEST})
    assert _files_read(reads) == [str(path)]


def test_a_file_written_just_before_the_swap_is_read_the_next_time(
    tmp_path: Path, reads: list[str]
) -> None:
    now = time.time_ns()
    path = _file(tmp_path, mtime_ns=now - known_files.RACY_NS // 2)
    second = _written(path, private_until_ns=now)
    reads.clear()
    assert second.hold_all({"a.txt": DIGEST})
    assert _files_read(reads) == [str(path)]  # then recorded as read, in its own right


def test_what_the_writer_did_not_say_it_wrote_is_never_recorded(tmp_path: Path) -> None:
    path = _file(tmp_path)
    known = KnownFiles(str(path.parent))
    known.record({"a.txt": _stat(path)}, {}, time.time_ns())  # no hash for it: nothing
    known.save(every_file=False)
    assert Pack("known-files", os.path.realpath(path.parent)).get("a.txt") is None


def test_every_file_must_hold_for_all_to_hold(tmp_path: Path, reads: list[str]) -> None:
    path = _file(tmp_path)
    known = _written(path, private_until_ns=time.time_ns())
    assert not known.hold_all({"a.txt": DIGEST, "b.txt": DIGEST})  # b.txt is not there
    assert not known.hold_all({"a.txt": "0" * 64})  # another hash is never taken on trust
    (path.parent / "sub").mkdir()
    (path.parent / "sub" / "c.txt").write_bytes(TEXT)
    assert known.hold_all({"a.txt": DIGEST, "sub/c.txt": DIGEST})  # read, then recorded
    reads.clear()
    assert known.hold_all({})
    assert reads == []

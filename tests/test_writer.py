"""The writer: compares trees exactly and replaces generated/ whole or not at all."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath

import pytest

from generator.output import swap, writer
from generator.output.writer import Stale, compare_tree, write_tree
from generator.speed import background

FILES = {PurePosixPath("a.txt"): "one\n", PurePosixPath("sub/b.txt"): "two\n"}


def test_write_then_compare_is_clean(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    assert compare_tree(out, FILES) == []
    (out / "sub/__pycache__").mkdir()
    (out / "sub/__pycache__/b.cpython-311.pyc").write_bytes(b"\0")
    assert compare_tree(out, FILES) == []


def test_compare_names_changed_missing_and_extra(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    (out / "a.txt").write_text("edited\n")
    (out / "sub/b.txt").unlink()
    (out / "c.txt").write_text("stray\n")
    assert compare_tree(out, FILES) == [
        Stale(PurePosixPath("a.txt"), "changed"),
        Stale(PurePosixPath("c.txt"), "extra"),
        Stale(PurePosixPath("sub/b.txt"), "missing"),
    ]


def test_failed_swap_puts_the_old_tree_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)

    def failing_exchange(first: Path, second: Path) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(swap, "exchange", failing_exchange)
    with pytest.raises(OSError, match="disk full"):
        write_tree(out, {PurePosixPath("new.txt"): "new\n"})
    assert compare_tree(out, FILES) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


NEW_FILES = {
    PurePosixPath("a.txt"): "one, changed\n",
    PurePosixPath("sub/b.txt"): "two\n",
    PurePosixPath("sub"): "a file where a folder was\n",
}


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "file by file"])
def test_generated_is_whole_after_every_step_of_the_swap(
    exchange: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    old = {**FILES, PurePosixPath("extra/c.txt"): "three\n"}
    write_tree(out, old)
    steps: list[str] = []

    def watched(name: str) -> None:
        real = getattr(os, name)

        def step(*args: object, **kwargs: object) -> object:
            result = real(*args, **kwargs)
            if not (out / "a.txt").is_file():
                steps.append(f"{name}{args}: generated/a.txt missing")
            return result

        monkeypatch.setattr(os, name, step)

    for name in ("rename", "replace", "unlink", "rmdir"):
        watched(name)
    if not exchange:
        monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    new = {k: v for k, v in NEW_FILES.items() if k != PurePosixPath("sub")}
    write_tree(out, new, kept=["sub/b.txt"])
    monkeypatch.undo()
    assert steps == []
    assert compare_tree(out, new) == []
    assert not (out / "extra").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


def test_file_by_file_replaces_folders_and_files_of_the_other_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    out = tmp_path / "generated"
    write_tree(out, FILES)
    flipped = {PurePosixPath("a.txt/inner.txt"): "x\n", PurePosixPath("sub"): "y\n"}
    write_tree(out, flipped)
    assert compare_tree(out, flipped) == []
    write_tree(out, FILES)
    assert compare_tree(out, FILES) == []


def test_a_fifo_where_a_file_belongs_is_stale_and_never_read(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    fifo = out / "a.txt"
    fifo.unlink()
    os.mkfifo(fifo)  # opening it to read would block until a writer came
    assert Stale(PurePosixPath("a.txt"), "missing") in compare_tree(out, FILES)
    write_tree(out, FILES)
    assert compare_tree(out, FILES) == [] and fifo.is_file()


def test_a_link_where_a_file_belongs_is_stale_whatever_it_reaches(tmp_path: Path) -> None:
    """As for the freshness check, which never takes a link for a file: else a tree holding
    one would never be current, and never be written either."""
    out = tmp_path / "generated"
    write_tree(out, FILES)
    outside = tmp_path / "outside.txt"
    outside.write_text("one\n")  # the bytes a.txt should hold
    (out / "a.txt").unlink()
    (out / "a.txt").symlink_to(outside)
    assert compare_tree(out, FILES) == [Stale(PurePosixPath("a.txt"), "missing")]
    write_tree(out, FILES)
    assert compare_tree(out, FILES) == [] and not (out / "a.txt").is_symlink()
    assert outside.read_text() == "one\n"


@pytest.mark.parametrize("by_folder", [True, False], ids=["folder descriptors", "paths"])
def test_kept_files_are_linked_with_or_without_folder_descriptors(
    by_folder: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    old = {**FILES, PurePosixPath("deep/er/c.txt"): "three\n", PurePosixPath("gone.txt"): "x"}
    write_tree(out, old)
    inodes = {name: (out / name).stat().st_ino for name in ("a.txt", "deep/er/c.txt")}
    if not by_folder:
        monkeypatch.setattr(os, "supports_dir_fd", set())
    new = {PurePosixPath("sub/b.txt"): "changed\n", PurePosixPath("new/d.txt"): "four\n"}
    open_before = _open_descriptors()
    write_tree(out, new, kept=["a.txt", "deep/er/c.txt"])
    assert _open_descriptors() == open_before  # every folder descriptor closed
    assert compare_tree(out, new, kept=["a.txt", "deep/er/c.txt"]) == []
    assert {name: (out / name).stat().st_ino for name in inodes} == inodes  # linked, not copied
    assert (out / "deep/er/c.txt").read_text() == "three\n"
    assert not (out / "gone.txt").exists()


def _open_descriptors() -> set[str]:
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("open descriptors are listed in /proc/self/fd (Linux)")
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("by_folder", [True, False], ids=["folder descriptors", "paths"])
def test_a_kept_symbolic_link_stays_a_link(
    by_folder: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    outside = tmp_path / "outside.txt"
    outside.write_text("one\n")
    (out / "a.txt").unlink()
    (out / "a.txt").symlink_to(outside)  # the right bytes, through a link
    if not by_folder:
        monkeypatch.setattr(os, "supports_dir_fd", set())
    write_tree(out, {PurePosixPath("sub/b.txt"): "new\n"}, kept=["a.txt"])
    assert (out / "a.txt").is_symlink()
    assert os.readlink(out / "a.txt") == str(outside)
    assert outside.stat().st_nlink == 1  # the file outside was not linked into the tree


@pytest.mark.parametrize("early", ["kept files", "every file, by a child"])
def test_files_linked_early_end_as_the_final_call_says(tmp_path: Path, early: str) -> None:
    out = tmp_path / "generated"
    before = {**FILES, PurePosixPath("early/kept.txt"): "kept\n", PurePosixPath("x.txt"): "x\n"}
    write_tree(out, before)
    olds = {rel: (out / rel).stat().st_ino for rel in before}
    witness = tmp_path / "witness.txt"
    os.link(out / "x.txt", witness)  # sees any write through to the old x.txt
    staging = writer.Staging(out)
    try:
        if early == "kept files":
            staging.link_kept(["early/kept.txt", "x.txt", "a.txt"], threads=False)
        else:
            staging.begin()
            child = background.start(staging.link_previous)
            answer = child.result() if child is not None else staging.link_previous()
            assert answer is not None
            names, stats = answer
            assert names == sorted(str(rel) for rel in before)
            for name in names:  # each as linked: the old file itself
                seen = (out / name).stat()
                assert stats[name] == (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns)
            staging.adopt(answer)
            assert staging.linked_stats == stats
        # x.txt is rewritten after all, a.txt dropped: neither may touch the old tree.
        staging.replace({PurePosixPath("x.txt"): "new x\n"}, kept=["early/kept.txt", "sub/b.txt"])
        staging.discard()
    finally:
        staging.discard()
    expected = {PurePosixPath("x.txt"): "new x\n"}
    assert compare_tree(out, expected, kept=["early/kept.txt", "sub/b.txt"]) == []
    assert (out / "early/kept.txt").stat().st_ino == olds[PurePosixPath("early/kept.txt")]
    assert (out / "x.txt").stat().st_ino != olds[PurePosixPath("x.txt")]
    assert not (out / "a.txt").exists()
    assert witness.read_text() == "x\n"
    # The old tree removed, no staging folder left.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "witness.txt"]


def test_a_staging_discarded_before_its_swap_leaves_the_tree_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    staging = writer.Staging(out)
    staging.link_kept(["a.txt", "sub/b.txt"])
    staging.discard()
    assert compare_tree(out, FILES) == []
    assert [p.name for p in tmp_path.iterdir()] == ["generated"]


@pytest.mark.parametrize(
    "answer",
    [None, "not a pair", (["a.txt", 3], {}), (["a.txt"], {"a.txt": (1, 2, 3)}), ["a.txt"]],
)
def test_an_early_linking_that_failed_leaves_no_link_behind(tmp_path: Path, answer: object) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    witness = tmp_path / "witness.txt"
    os.link(out / "a.txt", witness)  # sees any write through to the old a.txt
    staging = writer.Staging(out)
    try:
        staging.link_previous()  # its answer lost: these links are unknown to the staging
        staging.adopt(answer)
        assert staging.linked_stats == {}
        staging.replace({PurePosixPath("a.txt"): "new a\n"}, kept=["sub/b.txt"])
        staging.discard()
    finally:
        staging.discard()
    assert compare_tree(out, {PurePosixPath("a.txt"): "new a\n"}, kept=["sub/b.txt"]) == []
    assert witness.read_text() == "one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated", "witness.txt"]


@pytest.mark.parametrize("why", ["compared", "no stat reported"])
def test_a_file_not_vouched_for_as_linked_is_kept_as_out_dir_holds_it(
    tmp_path: Path, why: str
) -> None:
    """An early link is of the file out_dir held then. A kept file vouched for by what
    out_dir holds later (read for the comparison, or known by its stat there) must be that
    later file, if it was replaced meanwhile."""
    out = tmp_path / "generated"
    write_tree(out, {PurePosixPath("a.txt"): "old\n", PurePosixPath("b.txt"): "b\n"})
    staging = writer.Staging(out)
    try:
        names, stats = staging.link_previous()
        if why == "no stat reported":
            del stats["a.txt"]
        staging.adopt((names, stats))
        (out / "a.txt").unlink()
        (out / "a.txt").write_text("new\n")  # replaced: what the check saw
        compared = ["a.txt"] if why == "compared" else []
        staging.replace({}, kept=["a.txt", "b.txt"], compared=compared)
        staging.discard()
    finally:
        staging.discard()
    assert (out / "a.txt").read_text() == "new\n"
    assert (out / "b.txt").read_text() == "b\n"


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_the_new_tree_is_a_folder_like_any_other(tmp_path: Path, mask: int) -> None:
    """Made private while it is staged; swapped in with the mode `mkdir` gives."""
    previous = os.umask(mask)
    try:
        out = tmp_path / "generated"
        write_tree(out, FILES)  # made where there was none
        assert out.stat().st_mode & 0o777 == 0o777 & ~mask
        out.chmod(0o700)
        write_tree(out, {PurePosixPath("a.txt"): "new a\n"})  # exchanged
        assert out.stat().st_mode & 0o777 == 0o777 & ~mask
        assert (out / "a.txt").stat().st_mode & 0o777 == 0o666 & ~mask
    finally:
        os.umask(previous)


def test_what_the_writer_wrote_is_reported_with_its_stat(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    staging = writer.Staging(out)
    try:
        staging.link_kept(["a.txt"])
        before = time.time_ns()
        staging.replace({PurePosixPath("sub/b.txt"): "three\n"}, kept=["a.txt"])
    finally:
        staging.discard()
    assert set(staging.written) == {"sub/b.txt"}  # a.txt was linked, not written
    seen = (out / "sub/b.txt").stat()
    assert staging.written["sub/b.txt"] == (
        seen.st_dev,
        seen.st_ino,
        seen.st_size,
        seen.st_mtime_ns,
    )
    assert before <= staging.private_until_ns <= time.time_ns()


def test_the_new_tree_is_open_to_its_owner_only_until_it_is_swapped_in(tmp_path: Path) -> None:
    staging = writer.Staging(tmp_path / "generated")
    try:
        staging.begin()
        assert os.stat(staging.path).st_mode & 0o777 == 0o700
    finally:
        staging.discard()


def test_a_link_to_a_folder_is_never_read_nor_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    elsewhere = tmp_path / "elsewhere"
    (out / "sub").rename(elsewhere)  # b.txt as it should be, but reached through a link
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    assert compare_tree(out, FILES) == [Stale(PurePosixPath("sub/b.txt"), "missing")]
    before = (elsewhere / "b.txt").stat().st_ino
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)  # file by file
    write_tree(out, {**FILES, PurePosixPath("sub/b.txt"): "changed\n"})
    assert not (out / "sub").is_symlink() and (out / "sub/b.txt").read_text() == "changed\n"
    assert (elsewhere / "b.txt").read_text() == "two\n"
    assert (elsewhere / "b.txt").stat().st_ino == before


def test_a_folder_where_a_file_belongs_gives_way_to_it(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_tree(out, FILES)
    (out / "a.txt").unlink()
    (out / "a.txt").mkdir()
    (out / "a.txt" / "inner.txt").write_text("x")
    staging = writer.Staging(out)
    try:
        staging.adopt(staging.link_previous())  # the folder's file linked in early
        staging.replace(FILES, kept=[])
    finally:
        staging.discard()
    assert compare_tree(out, FILES) == []

"""Linking and removing thousands of files folder by folder (generator/output/bulk.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.output.bulk import link_files, remove_tree
from generator.output.tree import by_folder, stat_files


def _files(root: Path, names: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")


# Two folders of more than 64 files each: the work is shared among threads.
MANY = [f"a/{n}.txt" for n in range(100)] + [f"b/c/{n}.txt" for n in range(80)] + ["top.txt"]


def test_names_are_grouped_by_folder() -> None:
    assert by_folder(["x", "a/y", "a/b/z", "a/w"]) == {"": ["x"], "a": ["y", "w"], "a/b": ["z"]}


def test_every_file_is_linked_to_the_same_place(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    _files(old, MANY)
    for folder in ("a", "b/c"):
        (new / folder).mkdir(parents=True)
    assert link_files(str(old), str(new), MANY) == []
    for name in MANY:
        assert (new / name).stat().st_ino == (old / name).stat().st_ino
    assert sorted(p.relative_to(new).as_posix() for p in new.rglob("*.txt")) == sorted(MANY)


def test_a_symbolic_link_is_linked_as_itself(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    _files(old, ["target.txt"])
    (old / "link.txt").symlink_to("target.txt")
    new.mkdir()
    assert link_files(str(old), str(new), ["link.txt"]) == []
    assert (new / "link.txt").is_symlink()
    assert os.readlink(new / "link.txt") == "target.txt"


def test_what_cannot_be_linked_is_named(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    _files(old, MANY)
    (new / "a").mkdir(parents=True)  # b/c is missing in the new tree
    gone = ["a/absent.txt", "nowhere/x.txt"]
    failed = link_files(str(old), str(new), [*MANY, *gone])
    assert failed == sorted([*gone, *(n for n in MANY if n.startswith("b/"))])
    assert (new / "top.txt").stat().st_ino == (old / "top.txt").stat().st_ino


def test_a_tree_is_removed_whole(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _files(tree, [*MANY, "d/e/f/g.txt"])
    (tree / "empty" / "deeper").mkdir(parents=True)
    remove_tree(str(tree))
    assert not tree.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_symbolic_link_in_the_tree_is_removed_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _files(outside, ["keep/me.txt", "also.txt"])
    tree = tmp_path / "tree"
    _files(tree, MANY)
    (tree / "a" / "to-folder").symlink_to(outside / "keep", target_is_directory=True)
    (tree / "to-file").symlink_to(outside / "also.txt")
    remove_tree(str(tree))
    assert not tree.exists()
    assert (outside / "keep" / "me.txt").read_text(encoding="utf-8") == "keep/me.txt"
    assert (outside / "also.txt").exists()


def test_a_symbolic_link_given_as_the_tree_is_not_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    _files(real, ["x.txt"])
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    remove_tree(str(link))
    assert (real / "x.txt").read_text(encoding="utf-8") == "x.txt"


def test_removing_what_is_not_there_is_quiet(tmp_path: Path) -> None:
    remove_tree(str(tmp_path / "absent"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("by_folder_fd", [True, False])
def test_each_file_is_stated_as_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by_folder_fd: bool
) -> None:
    _files(tmp_path, MANY)
    (tmp_path / "a" / "link.txt").symlink_to("/nonexistent")
    if not by_folder_fd:
        monkeypatch.setattr(os, "supports_dir_fd", set())
    found = stat_files(str(tmp_path), [*MANY, "a/link.txt", "a/gone.txt", "nowhere/x.txt"])
    assert sorted(found) == sorted([*MANY, "a/link.txt"])  # what is not there is left out
    for name, stat in found.items():
        seen = (tmp_path / name).lstat()
        assert stat == (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns)

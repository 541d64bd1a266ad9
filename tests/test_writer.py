"""The writer: compares trees exactly and replaces generated/ whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from generator import writer
from generator.writer import Stale, compare_tree, write_tree

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
    real_rename = os.rename

    def failing_rename(src: str | Path, dst: str | Path) -> None:
        if Path(src).name.startswith(".generated.new-"):
            raise OSError("disk full")
        real_rename(src, dst)

    monkeypatch.setattr(writer.os, "rename", failing_rename)
    with pytest.raises(OSError, match="disk full"):
        write_tree(out, {PurePosixPath("new.txt"): "new\n"})
    assert compare_tree(out, FILES) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]

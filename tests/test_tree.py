"""output/tree.py: a regular file's bytes, read in one call when its stat still holds."""

from __future__ import annotations

import os
from pathlib import Path

from generator.output import tree


def test_a_file_is_read_whole_empty_or_large(tmp_path: Path) -> None:
    for size in (0, 1, 4096, 3 << 20):
        path = tmp_path / f"f{size}"
        data = os.urandom(size)
        path.write_bytes(data)
        read = tree.read_regular(path, follow_symlinks=False)
        assert read is not None
        assert read[0] == data
        assert read[1].st_size == size


def test_a_file_longer_than_its_stat_said_is_read_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "grown"
    data = os.urandom((2 << 20) + 7)
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert tree._read_all(fd, 10) == data  # the file grew after a stat of 10 bytes
    finally:
        os.close(fd)


def test_a_file_shorter_than_its_stat_said_gives_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "shrunk"
    path.write_bytes(b"abc")
    fd = os.open(path, os.O_RDONLY)
    try:
        assert tree._read_all(fd, 100) == b"abc"
    finally:
        os.close(fd)


def test_what_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert tree.read_regular(fifo, follow_symlinks=True) is None
    assert tree.read_regular(tmp_path, follow_symlinks=True) is None
    (tmp_path / "link").symlink_to(tmp_path / "missing")
    assert tree.read_regular(tmp_path / "link", follow_symlinks=True) is None

"""Spec files read into plain values that remember where they came from (located.py).

A file is read only if it is a regular file within limits.MAX_BYTES, as UTF-8 text. Its
text is first composed by ruamel.yaml's C parser (yaml_fast.py); anything that path does
not handle exactly as the round-trip loader would makes it give up, and the text is read
again by the round-trip loader (yaml_roundtrip.py), which reports any problem.

Neither path can be made to spend unbounded time or memory (limits.py): nesting is
measured on the parser's events before a file is composed, aliases have a budget,
integer literals a length, files a size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SpecError
from . import limits
from .located import LMap
from .yaml_fast import Unsupported, read_fast
from .yaml_roundtrip import read_spec_slowly


def read_source(path: Path | str) -> tuple[str, str | None]:
    """A spec file's text and, if it cannot be read as a UTF-8 text file within
    limits.MAX_BYTES, why (the text is then what could be read, undecodable bytes
    replaced). Only a regular file is read: a FIFO, a device or a directory is not."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block here
    except OSError as exc:
        return "", f"cannot read file: {exc.strerror or exc}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "", f"cannot read file: {_kind(info.st_mode)}, not a regular file"
        too_big = limits.too_big(info.st_size)
        if too_big is not None:
            return "", f"cannot read file: {too_big}"
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            if sum(map(len, chunks)) > limits.MAX_BYTES:
                return "", f"cannot read file: it grew beyond {limits.MAX_BYTES} bytes"
        data = b"".join(chunks)
    except OSError as exc:
        return "", f"cannot read file: {exc.strerror or exc}"
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"cannot read file: {exc}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something"


def parse_spec(text: str, display: str) -> tuple[LMap | None, list[SpecError]]:
    """Parse one spec's text. Returns its top-level mapping (or None) and its problems."""
    try:
        return read_fast(text, display), []
    except Unsupported:
        return read_spec_slowly(text, display)


def read_spec(path: Path, display: str) -> tuple[LMap | None, list[SpecError]]:
    """Read and parse one spec file (parse_spec), or say why it cannot be read."""
    text, unreadable = read_source(path)
    if unreadable is not None:
        return None, [SpecError(display, 0, 0, "E001", unreadable)]
    return parse_spec(text, display)

"""Is generated/ current? Answered from hashes alone, before anything is parsed.

manifest.json records the generator's code hash and a hash of every input and output;
when all of them still hold, `generate` and `generate --check` have nothing to do. An
output whose hash was checked before is known by its stat (known_files.py) and not read
again. This module imports nothing heavy, so that answer costs milliseconds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..digests import digest, generator_digest
from ..output.tree import MANIFEST, existing_names, read_regular
from ..paths import Paths, spec_file_names
from .known_files import KnownFiles


class _NotSpec(Exception):
    """A spec path that the loader could not read as a spec file (lint fails on it)."""


def _spec_text(path: str) -> str:
    """A spec file's text, read as the loader reads it; _NotSpec when the loader would
    report it instead: not a regular file (a directory, a FIFO, a dangling symlink or a
    symlink loop), unreadable, or not UTF-8."""
    read = read_regular(path, follow_symlinks=True)
    if read is None:
        raise _NotSpec
    try:
        return read[0].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _NotSpec from exc


def _inputs(paths: Paths) -> dict[str, Callable[[], str]]:
    """What manifest() records as inputs, by name, each hash to be computed from disk
    when asked for (no parsing); asking raises _NotSpec when a spec path is not a file
    the loader can read."""
    specs, prefix = os.fspath(paths.specs), f"{paths.specs.name}/"
    names = ["hub.yaml"] if os.path.lexists(os.path.join(specs, "hub.yaml")) else []
    found: dict[str, Callable[[], str]] = {
        prefix + name: partial(_spec_digest, os.path.join(specs, name))
        for name in names + spec_file_names(specs)
    }
    for path in sorted(p for p in paths.templates.rglob("*") if p.is_file()):
        name = path.relative_to(paths.templates).as_posix()
        found[f"templates/{name}"] = partial(_template_digest, path)
    return found


def _spec_digest(path: str) -> str:
    return digest(_spec_text(path))


def _template_digest(path: Path) -> str:
    return digest(path.read_text("utf-8"))


def _same_inputs(recorded: object, paths: Paths) -> bool:
    """Whether `recorded` is what manifest() would record as inputs now: the names
    first, then each file's hash, stopping at the first that differs."""
    inputs = _inputs(paths)
    if not isinstance(recorded, dict) or recorded.keys() != inputs.keys():
        return False
    return all(recorded[name] == hashed() for name, hashed in inputs.items())


def up_to_date(paths: Paths) -> bool:
    """True when generated/ was made from exactly these inputs by this generator and no
    file in it has changed since: then there is nothing to render."""
    try:
        # Never through a link (taken for the file), nor from a FIFO (would block).
        read = read_regular(os.path.join(paths.out, MANIFEST), follow_symlinks=False)
        if read is None:
            return False
        recorded = json.loads(read[0].decode("utf-8"))
        if recorded.get("generator_digest") != generator_digest():
            return False
        if not _same_inputs(recorded.get("inputs"), paths):
            return False
        outputs: dict[str, str] = recorded["outputs"]
        present = existing_names(paths.out) - {str(MANIFEST)}
        if present != set(outputs):
            return False
        known = KnownFiles(os.fspath(paths.out))
        if not known.hold_all(outputs):
            return False
        known.save(every_file=True)
        return True
    except (OSError, ValueError, KeyError, TypeError, AttributeError, _NotSpec):
        return False

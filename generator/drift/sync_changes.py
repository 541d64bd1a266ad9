"""The changes sync found: shown as a unified diff, or written once the edited tree
loads cleanly (never before)."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..catalog import load_catalog
from ..errors import SpecsInvalid


def diff_text(changes: Mapping[Path, str | None], root: Path) -> str:
    """A unified diff of every change, paths shown relative to `root`."""
    chunks: list[str] = []
    for path, text in sorted(changes.items()):
        before = path.read_text("utf-8") if path.is_file() else ""
        after = text or ""
        name = path.resolve().relative_to(root.resolve()).as_posix()
        chunks += difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}" if text is not None else "/dev/null",
        )
    return "".join(chunks)


def verify_and_write(specs: Path, changes: Mapping[Path, str | None]) -> None:
    """Load the edited tree in a scratch copy; only if it is clean, write the files."""
    with tempfile.TemporaryDirectory(prefix="hubgen-sync-") as tmp:
        scratch = Path(tmp) / specs.name
        shutil.copytree(specs, scratch)
        for path, text in changes.items():
            target = scratch / path.resolve().relative_to(specs.resolve())
            if text is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        result = load_catalog(scratch)
        if result.catalog is None:
            raise SpecsInvalid(result.problems)
    for path, text in changes.items():
        if text is None:
            path.unlink(missing_ok=True)
            continue
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".sync-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp_name, path)

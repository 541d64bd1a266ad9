"""Spec trees to compare: a directory, or `specs/` as it was at a git ref; and what
changed from one to the other (`hubgen diff`)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog, load_catalog
from ..errors import UsageError
from . import spec_models
from .compare import Change, compare_catalogs


def _git(*args: str, cwd: Path) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return result.stdout


def _load(path: Path, label: str) -> Catalog:
    result = load_catalog(path)
    if result.catalog is None:
        first = result.problems[0].format() if result.problems else "no catalog"
        raise UsageError(f"{label}: specs do not load ({len(result.problems)} problem(s); {first})")
    return result.catalog


def catalog_at(where: str, specs: Path) -> Catalog:
    """The catalog in directory `where`, or in `specs` as of git ref `where`."""
    path = Path(where)
    if path.is_dir():
        return _load(path / "specs" if (path / "specs" / "hub.yaml").is_file() else path, where)
    specs = specs.resolve()
    top = Path(_git("rev-parse", "--show-toplevel", cwd=specs.parent).decode().strip())
    try:
        _git("rev-parse", "--verify", "--quiet", f"{where}^{{commit}}", cwd=top)
    except UsageError:
        raise UsageError(f"{where!r} is neither a directory nor a git ref") from None
    rel = specs.relative_to(top).as_posix()
    archive = _git("archive", "--format=tar", where, rel, cwd=top)
    with tempfile.TemporaryDirectory(prefix="hubgen-ref-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return _load(Path(tmp) / rel, where)


@dataclass(frozen=True)
class TreeDiff:
    changes: list[Change]
    models: int
    """Models in either tree."""


def diff_trees(old: str, new: str, specs: Path) -> TreeDiff:
    """What changed from tree `old` to tree `new` (each a directory or a git ref of
    `specs`, see catalog_at)."""
    before, after = catalog_at(old, specs), catalog_at(new, specs)
    changes = compare_catalogs(spec_models(before), spec_models(after))
    models = len({m.id for m in before.models} | {m.id for m in after.models})
    return TreeDiff(changes, models)

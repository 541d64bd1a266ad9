"""The repository's paths, loading the shipped catalog, and running the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.catalog import Catalog, load_catalog

ROOT = Path(__file__).resolve().parent.parent.parent
SPECS = ROOT / "specs"
TEMPLATES = ROOT / "templates"
GENERATED = ROOT / "generated"


def run_hubgen(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`hubgen ARGS` in a fresh process, as a user runs it."""
    return _python(["-m", "generator.cli", *args], cwd, env)


def run_python(
    script: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`script` run by this Python in a fresh process (what it imports, what it sets)."""
    return _python(["-c", script], cwd, env)


def _python(
    args: list[str], cwd: Path, env: dict[str, str] | None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def load_specs() -> Catalog:
    """The shipped catalog (specs/), freshly loaded; it must load without problems."""
    result = load_catalog(SPECS)
    assert result.catalog is not None, result.problems
    return result.catalog

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
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
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

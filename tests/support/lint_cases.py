"""The broken-spec cases of tests/lint_cases/: where they are and their names (each a
folder overlaid on `_base/`, with the expected `hubgen lint` output)."""

from __future__ import annotations

from .repository import ROOT

CASES = ROOT / "tests" / "lint_cases"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))

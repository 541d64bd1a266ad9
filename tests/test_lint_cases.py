"""Broken specs, each with the exact output `hubgen lint` must give (tests/lint_cases/).

Each case overlays its files on `_base/` (a valid one-model catalog) and snapshots the
full error output in `expected.txt`, so message wording is reviewed in diffs.
Set HUBGEN_UPDATE_SNAPSHOTS=1 to rewrite the snapshots after a deliberate change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .support.lint_cases import CASES, NAMES
from .support.repository import TEMPLATES, run_hubgen


def _assemble(case: str, tmp_path: Path) -> Path:
    shutil.copytree(CASES / "_base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(
        CASES / case, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
    )
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


def test_base_is_valid(tmp_path: Path) -> None:
    shutil.copytree(CASES / "_base", tmp_path, dirs_exist_ok=True)
    result = run_hubgen("lint", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.parametrize("case", NAMES)
def test_lint_reports_every_problem_with_its_position(case: str, tmp_path: Path) -> None:
    result = run_hubgen("lint", cwd=_assemble(case, tmp_path))
    expected = CASES / case / "expected.txt"
    if os.environ.get("HUBGEN_UPDATE_SNAPSHOTS"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", NAMES)
def test_generate_refuses_broken_specs_and_writes_nothing(case: str, tmp_path: Path) -> None:
    root = _assemble(case, tmp_path)
    result = run_hubgen("generate", cwd=root)
    assert result.returncode == 1
    assert result.stdout == (CASES / case / "expected.txt").read_text(encoding="utf-8")
    assert not (root / "generated").exists()


def test_no_models_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    shutil.copy(CASES / "_base/specs/hub.yaml", tmp_path / "specs/hub.yaml")
    result = run_hubgen("lint", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "specs/models:1:1: error[E103] no model specs found\n"

"""`hubgen diff` and `hubgen changelog` between spec trees and git refs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.drift.release import next_version

from .support.repository import SPECS, run_hubgen


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose two commits differ in one spec: a value removed, one added."""
    shutil.copytree(SPECS, tmp_path / "specs")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "catalog")
    spec = tmp_path / "specs/models/veo-3.1-first-last.yaml"
    text = spec.read_text("utf-8").replace(
        'values: [auto, "16:9", "9:16"]', 'values: [auto, "16:9", "1:1"]'
    )
    spec.write_text(text, encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "change")
    return tmp_path


def test_diff_between_git_refs(repo: Path) -> None:
    result = run_hubgen("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        'breaking  veo-3.1-first-last  aspect_ratio: values removed: "9:16"',
        'additive  veo-3.1-first-last  aspect_ratio: values added: "1:1"',
        "drift: 2 change(s) in 25 models checked (1 breaking, 1 additive, 0 info)",
    ]
    same = run_hubgen("diff", "HEAD", "HEAD", cwd=repo)
    assert (same.returncode, same.stdout) == (0, "no drift: 25 models agree\n")


def test_diff_between_directories(repo: Path, tmp_path: Path) -> None:
    result = run_hubgen("diff", str(SPECS), str(repo / "specs"), "--format", "json", cwd=repo)
    assert result.returncode == 1
    assert '"breaking": 1' in result.stdout


def test_diff_names_a_bad_ref(repo: Path) -> None:
    result = run_hubgen("diff", "no-such-ref", "HEAD", cwd=repo)
    assert result.returncode == 2
    assert result.stderr == "hubgen: 'no-such-ref' is neither a directory nor a git ref\n"


def test_changelog_entry_with_the_semver_bump(repo: Path) -> None:
    result = run_hubgen("changelog", "--since", "HEAD~1", "--to", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "## hub-sdk 0.2.0",
        "",
        "A minor release (breaking, below 1.0.0): catalog changes since HEAD~1 (hub-sdk 0.1.0).",
        "",
        "### Breaking",
        "",
        '- `veo-3.1-first-last` `aspect_ratio`: values removed: "9:16"',
        "",
        "### Added",
        "",
        '- `veo-3.1-first-last` `aspect_ratio`: values added: "1:1"',
    ]
    spec = repo / "specs/models/veo-3.1.yaml"
    spec.write_text(spec.read_text("utf-8").replace("summary: Google", "summary: Google's"))
    patch = run_hubgen("changelog", cwd=repo)  # since HEAD, to the working tree
    assert patch.stdout.startswith("## hub-sdk 0.1.1\n")


def test_changelog_write_adds_the_entry_and_bumps_the_sdk_version(repo: Path) -> None:
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## hub-sdk 0.1.0\n\nFirst.\n", "utf-8")
    result = run_hubgen("changelog", "--since", "HEAD~1", "--write", cwd=repo)
    assert result.returncode == 0, result.stderr
    text = (repo / "CHANGELOG.md").read_text("utf-8")
    assert text.startswith("# Changelog\n\n## hub-sdk 0.2.0\n\nA minor release (breaking")
    assert text.endswith("## hub-sdk 0.1.0\n\nFirst.\n")
    hub = (repo / "specs/hub.yaml").read_text("utf-8")
    assert "  version: 0.2.0\n" in hub and "# The generated Python SDK" in hub
    templates = str(SPECS.parent / "templates")
    generated = run_hubgen("generate", "--out", "out", "--templates", templates, cwd=repo)
    assert generated.returncode == 0, generated.stderr
    assert '__version__ = "0.2.0"' in (repo / "out/python/hub_sdk/__init__.py").read_text("utf-8")
    before = (repo / "CHANGELOG.md").read_text("utf-8")
    again = run_hubgen("changelog", "--write", cwd=repo)  # since HEAD: no catalog change
    assert (again.returncode, again.stdout.split(":")[0]) == (0, "no catalog changes since HEAD")
    assert (repo / "CHANGELOG.md").read_text("utf-8") == before


def test_the_zero_x_rule_and_plain_semver() -> None:
    assert next_version("0.4.2", "major") == "0.5.0"
    assert next_version("1.4.2", "major") == "2.0.0"
    assert next_version("0.4.2", "minor") == "0.5.0"
    assert next_version("0.4.2", "patch") == "0.4.3"
    assert next_version("0.4.2", None) == "0.4.2"

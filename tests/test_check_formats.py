"""`--format json` and `--format github` for `hubgen lint` and `hubgen generate --check`."""

from __future__ import annotations

import json
from pathlib import Path

from .support.repository import run_hubgen


def _break_one(project: Path) -> None:
    spec = project / "specs/models/veo-3.1.yaml"
    spec.write_text(spec.read_text("utf-8").replace("id: veo-3.1\n", "id: veo 3.1\n"), "utf-8")


def test_lint_as_json_and_github_annotations(project: Path) -> None:
    clean = run_hubgen("lint", "--format", "json", cwd=project)
    assert clean.returncode == 0, clean.stderr
    assert json.loads(clean.stdout) == {"version": 1, "models": 25, "errors": 0, "problems": []}
    _break_one(project)
    result = run_hubgen("lint", "--format", "json", cwd=project)
    assert result.returncode == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == (
        "specs/models/veo-3.1.yaml",
        1,
        5,
    )
    assert problem["level"] == "error" and "veo 3.1" in problem["message"]
    github = run_hubgen("lint", "--format", "github", cwd=project)
    assert github.returncode == 1
    assert github.stdout.startswith(
        f"::error file=specs/models/veo-3.1.yaml,line=1,col=5,title={problem['code']}::veo 3.1: "
    )
    assert github.stdout.count("\n") == 1


def test_generate_check_as_json_and_github_annotations(project: Path) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    fresh = run_hubgen("generate", "--check", "--format", "json", cwd=project)
    assert fresh.returncode == 0
    assert json.loads(fresh.stdout) == {"version": 1, "up_to_date": True, "stale": []}
    spec = project / "specs/models/veo-3.1-lite.yaml"
    spec.write_text(spec.read_text("utf-8").replace("name: Veo 3.1 Lite", "name: Lite"), "utf-8")
    result = run_hubgen("generate", "--check", "--format", "json", cwd=project)
    assert result.returncode == 1
    paths = {s["path"]: s["reason"] for s in json.loads(result.stdout)["stale"]}
    assert paths["generated/python/hub_sdk/models/veo_3_1_lite.py"] == "changed"
    github = run_hubgen("generate", "--check", "--format", "github", cwd=project)
    assert github.returncode == 1
    line = (
        "::error file=generated/python/hub_sdk/models/veo_3_1_lite.py,title=stale generated "
        "file::generated/python/hub_sdk/models/veo_3_1_lite.py is changed; run `hubgen generate`"
    )
    assert line in github.stdout.splitlines()

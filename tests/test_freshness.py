"""The no-op fast path: generated/ is current only if every hash in manifest.json holds."""

from __future__ import annotations

import json
from pathlib import Path

from generator.freshness import MANIFEST, up_to_date
from generator.paths import Paths

from .conftest import GENERATED, ROOT, run_hubgen


def _paths(project: Path) -> Paths:
    return Paths(project / "specs", project / "templates", project / "generated")


def test_the_committed_tree_is_current_by_its_hashes() -> None:
    assert up_to_date(Paths(ROOT / "specs", ROOT / "templates", GENERATED))


def test_every_input_output_and_the_generator_itself_count(project: Path) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    paths = _paths(project)
    assert up_to_date(paths)

    template = project / "templates/docs/model.md.jinja"
    original = template.read_text("utf-8")
    template.write_text(original + "\n", encoding="utf-8")
    assert not up_to_date(paths)
    template.write_text(original, encoding="utf-8")
    assert up_to_date(paths)

    output = project / "generated/docs/index.md"
    output.write_text(output.read_text("utf-8") + "x", encoding="utf-8")
    assert not up_to_date(paths)
    assert run_hubgen("generate", cwd=project).returncode == 0
    assert up_to_date(paths)

    manifest = project / "generated" / str(MANIFEST)
    recorded = json.loads(manifest.read_text("utf-8"))
    recorded["generator_digest"] = "0" * 64  # as if made by other generator code
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    assert not up_to_date(paths)
    result = run_hubgen("generate", cwd=project)
    assert "1 changed" in result.stderr
    (project / "generated/stray.txt").write_text("x")
    assert not up_to_date(paths)

"""The no-op fast path: generated/ is current only if every hash in manifest.json holds."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.output.tree import MANIFEST
from generator.paths import Paths
from generator.speed.cache import Pack
from generator.speed.freshness import up_to_date

from .support.repository import GENERATED, ROOT, TEMPLATES, run_hubgen, run_python

LINT_BASE = Path(__file__).parent / "lint_cases" / "_base"


def _paths(project: Path) -> Paths:
    return Paths(project / "specs", project / "templates", project / "generated")


def test_the_committed_tree_is_current_by_its_hashes() -> None:
    assert up_to_date(Paths(ROOT / "specs", ROOT / "templates", GENERATED))


def test_a_current_tree_is_known_without_loading_the_pipeline() -> None:
    """What a no-op run loads: nothing of the loader, Jinja, the schemas, the writer's
    threads or processes (each would cost a no-op milliseconds)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.paths import Paths\n"
        "from generator.project import run\n"
        "paths = Paths(Path('specs'), Path('templates'), Path('generated'))\n"
        "assert run(paths, write=False).fresh\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = run_python(script)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    heavy = {
        "concurrent.futures",
        "fastjsonschema",
        "generator.catalog",
        "generator.output.bulk",
        "generator.output.writer",
        "generator.pipeline",
        "jinja2",
        "jsonschema",
        "logging",
        "multiprocessing",
        "orjson",
        "ruamel.yaml",
        "threading",
    }
    assert loaded & heavy == set()


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


def _odd_entry(kind: str, path: Path) -> None:
    if kind == "directory":
        path.mkdir()
    elif kind == "symlink loop":
        path.symlink_to(path.name)
    elif kind == "dangling symlink":
        path.symlink_to("nowhere.yaml")
    else:
        os.mkfifo(path)


@pytest.mark.parametrize("kind", ["directory", "symlink loop", "dangling symlink", "fifo"])
@pytest.mark.parametrize("folder", ["models", "bases"])
def test_a_spec_entry_that_is_not_a_regular_file_is_never_up_to_date(
    kind: str, folder: str, tmp_path: Path
) -> None:
    shutil.copytree(LINT_BASE, tmp_path, dirs_exist_ok=True)
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    assert run_hubgen("generate", cwd=tmp_path).returncode == 0
    odd = tmp_path / "specs" / folder / "x.yaml"
    _odd_entry(kind, odd)
    assert not up_to_date(_paths(tmp_path))
    lint = run_hubgen("lint", cwd=tmp_path)
    assert lint.returncode == 1
    assert f"specs/{folder}/x.yaml:1:1: error[E001] cannot read file" in lint.stdout
    for command in (["generate"], ["generate", "--check"]):
        result = run_hubgen(*command, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (1, lint.stdout), command
        assert "up to date" not in result.stderr
    odd.unlink() if odd.is_symlink() or not odd.is_dir() else odd.rmdir()
    result = run_hubgen("generate", "--check", cwd=tmp_path)
    assert result.returncode == 0 and "up to date" in result.stderr


def test_what_a_run_wrote_is_recorded_as_each_file_holds_it(project: Path, own_cache: Path) -> None:
    """The writer records the files it wrote without reading them back (their stat as
    written, the hash of what was written): every entry must be the file's truth."""
    assert run_hubgen("generate", cwd=project).returncode == 0
    out = project / "generated"
    outputs = json.loads((out / str(MANIFEST)).read_text("utf-8"))["outputs"]
    pack = Pack("known-files", os.path.realpath(out))
    for name, expected in outputs.items():
        entry = pack.get(name)
        assert entry is not None, name
        seen = (out / name).stat()
        assert entry[:4] == (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns), name
        assert entry[4] == expected == hashlib.sha256((out / name).read_bytes()).hexdigest()
        assert entry[5] >= seen.st_mtime_ns  # recorded once written, not before

    page = out / "docs" / "index.md"
    text = page.read_bytes()
    page.write_bytes(text[:-2] + b"?\n")  # the same size, at once: maybe the same mtime tick
    assert not up_to_date(_paths(project))
    checked = run_hubgen("generate", "--check", cwd=project)
    assert checked.returncode != 0 and "docs/index.md" in checked.stdout + checked.stderr


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_manifest_that_is_not_a_regular_file_is_never_up_to_date(
    kind: str, project: Path, tmp_path: Path
) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    manifest = project / "generated" / str(MANIFEST)
    if kind == "symlink":  # the right bytes, reached through a link
        outside = tmp_path / "manifest-elsewhere.json"
        outside.write_bytes(manifest.read_bytes())
        manifest.unlink()
        manifest.symlink_to(outside)
    else:  # opening it to read would block until a writer came
        manifest.unlink()
        os.mkfifo(manifest)
    assert not up_to_date(_paths(project))
    checked = run_hubgen("generate", "--check", cwd=project)
    assert checked.returncode == 1 and "manifest.json (missing)" in checked.stdout
    assert run_hubgen("generate", cwd=project).returncode == 0
    assert manifest.is_file() and not manifest.is_symlink() and up_to_date(_paths(project))

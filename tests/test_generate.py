"""`hubgen generate`: reproducible, guarded by --check, atomic, and safe for any text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.output.tree import existing_files
from generator.project import render_all

from .support.adversarial import ADVERSARIAL_SPEC
from .support.repository import GENERATED, ROOT, TEMPLATES, run_hubgen


def _tree(root: Path) -> dict[str, bytes]:
    """Every generated file under `root` (caches that tools leave there excluded)."""
    return {str(rel): (root / rel).read_bytes() for rel in sorted(existing_files(root))}


def test_committed_generated_tree_is_current() -> None:
    result = run_hubgen("generate", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_generating_twice_gives_identical_bytes(project: Path) -> None:
    first = run_hubgen("generate", "--out", "one", cwd=project)
    second = run_hubgen("generate", "--out", "two", cwd=project)
    assert first.returncode == second.returncode == 0
    one, two = _tree(project / "one"), _tree(project / "two")
    assert one == two == _tree(GENERATED)


def test_cached_and_uncached_generation_give_identical_bytes(project: Path) -> None:
    plain = {**os.environ, "HUBGEN_NO_CACHE": "1"}
    assert run_hubgen("generate", cwd=project, env=plain).returncode == 0
    uncached = _tree(project / "generated")
    shutil.rmtree(project / "generated")
    cached = {**os.environ, "HUBGEN_CACHE_DIR": str(project / "cache")}
    for _ in range(2):  # the first run fills the cache, the second reads it
        assert run_hubgen("generate", cwd=project, env=cached).returncode == 0
        assert _tree(project / "generated") == uncached
        shutil.rmtree(project / "generated")
    assert any((project / "cache").rglob("*"))


def test_regenerating_after_changes_gives_what_a_fresh_run_gives(project: Path) -> None:
    cached = {**os.environ, "HUBGEN_CACHE_DIR": str(project / "cache")}
    assert run_hubgen("generate", cwd=project, env=cached).returncode == 0
    edits = [  # a model's own file, a model other models extend, a shared base
        ("specs/models/veo-3.1-lite.yaml", "name: Veo 3.1 Lite", "name: Veo 3.1 Lite (renamed)"),
        ("specs/models/seedance-2.0.yaml", "mode: text-to-video", "mode: text-to-video\nvendor: X"),
        ("specs/bases/wan-2.7.yaml", "vendor: Alibaba", "vendor: Alibaba Cloud"),
    ]
    for name, old, new in edits:
        path = project / name
        text = path.read_text("utf-8")
        assert old in text, name
        path.write_text(text.replace(old, new, 1), "utf-8")
        assert run_hubgen("generate", cwd=project, env=cached).returncode == 0
        plain = {**os.environ, "HUBGEN_NO_CACHE": "1"}
        assert run_hubgen("generate", "--out", "fresh", cwd=project, env=plain).returncode == 0
        assert _tree(project / "generated") == _tree(project / "fresh"), name
        shutil.rmtree(project / "fresh")


def test_a_run_writes_nothing_through_to_the_files_of_the_tree_it_replaces(project: Path) -> None:
    """The new tree starts as hard links to every file of the old one (made by a child
    process, the catalog-wide files by another): a file rendered anew, one the user
    edited in place and one the new tree drops must each end as a file of its own, the
    old file's bytes untouched."""
    cached = {**os.environ, "HUBGEN_CACHE_DIR": str(project / "cache")}
    assert run_hubgen("generate", cwd=project, env=cached).returncode == 0
    out = project / "generated"
    rendered = out / "python/hub_sdk/_registry.py"
    edited = out / "docs/models/kling-v3-pro.md"
    dropped = out / "junk.txt"
    dropped.write_text("not generated\n", "utf-8")
    edited.write_text(edited.read_text("utf-8") + "edited\n", "utf-8")
    witnesses = {}
    for at, path in enumerate((rendered, edited, dropped)):
        witness = project / f"witness-{at}"
        os.link(path, witness)
        witnesses[witness] = witness.read_bytes()
    spec = project / "specs/models/veo-3.1-lite.yaml"
    spec.write_text(spec.read_text("utf-8").replace("name: Veo 3.1 Lite", "name: Veo Lite", 1))
    assert run_hubgen("generate", cwd=project, env=cached).returncode == 0
    for witness, before in witnesses.items():
        assert witness.read_bytes() == before, witness
    assert b"Veo Lite" in rendered.read_bytes() and not dropped.exists()
    plain = {**os.environ, "HUBGEN_NO_CACHE": "1"}
    assert run_hubgen("generate", "--out", "fresh", cwd=project, env=plain).returncode == 0
    assert _tree(out) == _tree(project / "fresh")
    leftovers = {p.name for p in project.iterdir()} - {"cache", "fresh", "generated", "specs"}
    assert leftovers == {"templates", *(w.name for w in witnesses)}


def test_generation_does_not_depend_on_the_working_directory(project: Path) -> None:
    result = run_hubgen(
        "generate",
        "--specs",
        str(project / "specs"),
        "--templates",
        str(project / "templates"),
        "--out",
        str(project / "elsewhere"),
        cwd=project.parent,
    )
    assert result.returncode == 0, result.stderr
    assert _tree(project / "elsewhere") == _tree(GENERATED)


def test_every_generated_file_carries_a_do_not_edit_header() -> None:
    for rel, data in _tree(GENERATED).items():
        text = data.decode("utf-8")
        if rel.endswith((".py", ".toml", ".yml")):
            assert text.startswith("# Generated by hubgen from "), rel
            assert "DO NOT EDIT." in text.splitlines()[0], rel
        elif rel.endswith(".md"):
            assert text.startswith("<!-- Generated by hubgen from "), rel
        elif rel.startswith("schemas/"):
            assert '"$comment": "Generated by hubgen from specs/models/' in text, rel


@pytest.mark.parametrize(
    ("edit", "reason"),
    [("change", "changed"), ("delete", "missing"), ("add", "extra")],
)
def test_check_names_stale_files_and_writes_nothing(project: Path, edit: str, reason: str) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    out = project / "generated"
    target = out / "python/hub_sdk/models/veo_3_1.py"
    if edit == "change":
        target.write_text(target.read_text() + "# hand edit\n")
    elif edit == "delete":
        target.unlink()
    else:
        target = out / "python/hub_sdk/models/stray.py"
        target.write_text("x = 1\n")
    before = _tree(out)
    result = run_hubgen("generate", "--check", cwd=project)
    assert result.returncode == 1
    rel = target.relative_to(project).as_posix()
    assert result.stdout == f"stale: {rel} ({reason})\n"
    assert _tree(out) == before
    assert run_hubgen("generate", cwd=project).returncode == 0
    assert run_hubgen("generate", "--check", cwd=project).returncode == 0


def test_spec_change_makes_output_stale(project: Path) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    spec = project / "specs/bases/veo.yaml"
    spec.write_text(
        spec.read_text().replace('values: ["4s", "6s", "8s"]', 'values: ["4s", "6s", "8s", "10s"]')
    )
    result = run_hubgen("generate", "--check", cwd=project)
    assert result.returncode == 1
    assert "stale: generated/schemas/veo-3.1.json (changed)" in result.stdout


def test_failed_render_leaves_generated_untouched(project: Path) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    before = _tree(project / "generated")
    spec = project / "specs/models/veo-3.1.yaml"
    spec.write_text(spec.read_text().replace("name: Veo 3.1", "name: Veo 3.1 changed"))
    template = project / "templates/python/registry.py.jinja"
    template.write_text(template.read_text() + "{{ no_such_variable }}\n")
    result = run_hubgen("generate", cwd=project)
    assert result.returncode == 1
    assert "no_such_variable" in result.stderr and "Traceback" not in result.stderr
    assert _tree(project / "generated") == before
    assert not [p for p in project.iterdir() if p.name.startswith(".generated")]


def test_timings_show_each_phase_of_a_run(project: Path) -> None:
    cold = run_hubgen("generate", "--timings=json", cwd=project)
    assert cold.returncode == 0, cold.stderr
    report = json.loads(cold.stdout)
    assert {
        "freshness check (hashes)",
        "load specs (parse, check, build)",
        "each model's files",
        "write the new tree and swap it in",
    } <= set(report["phases"])
    assert 0 < sum(report["phases"].values()) <= report["total"]
    assert cold.stderr.endswith("changed\n")  # the usual summary is still there
    noop = run_hubgen("generate", "--timings", cwd=project)
    assert noop.returncode == 0, noop.stderr
    labels = [line.split("  ")[0] for line in noop.stdout.splitlines()]
    assert labels == ["command line", "freshness check (hashes)", "total"]
    assert _tree(project / "generated") == _tree(GENERATED)


def test_missing_specs_directory_exits_2(tmp_path: Path) -> None:
    result = run_hubgen("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "hubgen: specs directory not found: specs\n"


def test_bad_arguments_exit_2() -> None:
    result = run_hubgen("generate", "--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in result.stderr


def test_adversarial_text_yields_code_that_compiles_imports_and_validates(project: Path) -> None:
    for path in (project / "specs/models").glob("*.yaml"):
        path.unlink()
    (project / "specs/models/tricky.yaml").write_text(ADVERSARIAL_SPEC, encoding="utf-8")
    lint = run_hubgen("lint", cwd=project)
    assert lint.returncode == 0, lint.stdout
    result = run_hubgen("generate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    script = (
        textwrap.dedent("""
        import json, hub_sdk
        from hub_sdk.models.tricky import TrickyInput
        assert hub_sdk.__file__.startswith(%r)
        fields = TrickyInput.model_fields
        assert fields["from_"].alias == "from" and fields["class_"].alias == "class"
        assert fields["f_model_config"].alias == "model_config"
        assert fields["with_dash"].alias == "with-dash"
        described = fields["prompt"].description
        assert '\"\"\"' in described and "{{ jinja }}" in described
        given = {"prompt": "p", "from": "{{x}}", "class": 0, "with-dash": 1.5}
        out = hub_sdk.validate_input("tricky", given)
        assert out == given, out
        try:
            hub_sdk.validate_input("tricky", {"prompt": "p", "class": -1})
        except hub_sdk.InputError as exc:
            assert "class: must be at least 0" in str(exc), str(exc)
        else:
            raise AssertionError("not rejected")
        schema = json.load(open(%r))
        assert schema["properties"]["from"]["enum"] == ['a"b', "c\\\\d", "{{x}}", None]
        print("ok")
        """)
        % (
            str(project / "generated/python/hub_sdk"),
            str(project / "generated/schemas/tricky.json"),
        )
    )
    env = {**os.environ, "PYTHONPATH": str(project / "generated/python")}
    ran = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert ran.stdout == "ok\n", ran.stderr
    contract = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "generated/tests"],
        cwd=project,
        capture_output=True,
        text=True,
        env={k: v for k, v in env.items() if k not in ("HUB_BASE_URL", "HUB_API_KEY")},
        timeout=300,
        check=False,
    )
    assert contract.returncode == 0, contract.stdout
    assert " passed" in contract.stdout and "failed" not in contract.stdout
    mypy = subprocess.run(
        [
            sys.executable,
            *("-m", "mypy", "--strict", "--config-file", str(ROOT / "pyproject.toml")),
            *("--cache-dir", str(project / ".mypy_cache"), "hub_sdk"),
        ],
        cwd=project / "generated/python",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout


def test_render_all_is_pure_and_matches_the_committed_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    """No cache entry written, no process started (the shipped catalog is large enough for
    `generate` to fork its workers), nothing written: only the files, as generate gives."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("HUBGEN_CACHE_DIR", str(cache_dir))
    monkeypatch.delenv("HUBGEN_NO_CACHE", raising=False)

    def no_fork() -> int:
        raise AssertionError("render_all started a process")

    monkeypatch.setattr(os, "fork", no_fork)
    files = render_all(catalog, TEMPLATES)
    assert {str(k): v.encode() for k, v in files.items()} == _tree(GENERATED)
    assert not cache_dir.exists() and list(tmp_path.iterdir()) == []

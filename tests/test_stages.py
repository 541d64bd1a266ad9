"""No module of the generator imports a later stage of the pipeline.

Data flows specs -> Catalog -> documents -> rendering -> targets -> the writer; the verbs
(generate, drift, sync, the mock) sit on that, and the command line on them. Every
import statement counts: at module level, inside a function (a lazy import) and for
types only (under TYPE_CHECKING).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from .support.repository import ROOT

STAGES = (
    "foundation",  # knows no hubgen data: errors, paths, names, hashes, the cache, formats
    "catalog",  # specs -> Catalog: parse, check, build
    "documents",  # a model or the hub as JSON: JSON Schema, the wire form, OpenAPI
    "render",  # Jinja and the escapes its templates print
    "targets",  # each output's files, formatted and checked
    "output",  # generated/ on disk: is it current, replace it
    "orchestration",  # the verbs: generate, drift, sync, changelog, the mock hub
    "surface",  # the command line and the library's lazy names
)

# Module path prefixes (relative to the repository) -> stage; the longest prefix decides.
PLACES = {
    "generator/errors.py": "foundation",
    "generator/paths.py": "foundation",
    "generator/naming.py": "foundation",
    "generator/timings.py": "foundation",
    "generator/digests.py": "foundation",
    "generator/formats.py": "foundation",  # what a string format means (lint and the mock)
    # speed/ sits at the stage of what each of its modules serves:
    "generator/speed/__init__.py": "foundation",
    "generator/speed/cache.py": "foundation",  # a content-addressed store any stage memoizes in
    "generator/speed/background.py": "foundation",  # a function run in a forked child
    "generator/speed/known_files.py": "output",  # files of generated/ known by their stat
    "generator/speed/freshness.py": "output",  # is generated/ current, from hashes alone
    "generator/speed/built_models.py": "orchestration",  # the loader with its store on disk
    "generator/speed/fast_checks.py": "orchestration",  # schemas compiled to Python
    "generator/speed/formatted.py": "orchestration",  # black's output kept by content
    "generator/speed/model_outputs.py": "orchestration",  # the rendered-file cache
    "generator/speed/processes.py": "orchestration",  # the forked workers and child
    "generator/catalog/": "catalog",
    "generator/documents/": "documents",
    "generator/render/": "render",
    "generator/targets/": "targets",
    "generator/output/": "output",
    "generator/pipeline.py": "orchestration",
    "generator/project.py": "orchestration",
    "generator/findings.py": "orchestration",  # lint's and --check's findings as text or JSON
    "generator/drift/": "orchestration",
    "generator/mock/": "orchestration",
    "generator/cli.py": "surface",
    "generator/cli_commands.py": "surface",
    "generator/cli_parser.py": "surface",
    "generator/__init__.py": "surface",
}

# (importer, imported) -> why the earlier stage may import the later one. Keep it short.
KNOWN = {
    # Lint checks each model's example against the model's JSON Schema, which input_schema.py
    # derives from the catalog's model types alone (never from the loader); the loader reports it.
    (
        "generator/catalog/example_check.py",
        "generator/documents/input_schema.py",
    ): "the example check",
}


def stage_of(rel: str) -> str | None:
    matches = [prefix for prefix in PLACES if rel == prefix or rel.startswith(prefix)]
    return PLACES[max(matches, key=len)] if matches else None


def _module_file(root: Path, parts: list[str]) -> str | None:
    """The file of module `parts` under `root`, relative to it, if it is one of ours."""
    base = root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(root).as_posix()
    return None


def imports(root: Path, rel: str) -> Iterator[tuple[int, str]]:
    """(line, file) of each of our modules that the module `rel` under `root` imports."""
    tree = ast.parse((root / rel).read_text("utf-8"), rel)
    package = rel.split("/")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
            for parts in names:
                found = _module_file(root, parts)
                if found is not None:
                    yield node.lineno, found
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
            else:
                base = []
            parts = base + (node.module.split(".") if node.module else [])
            owner = _module_file(root, parts)
            for alias in node.names:
                # `from . import cache` imports a module; `from .x import name` imports x.
                found = _module_file(root, [*parts, alias.name]) or owner
                if found is not None:
                    yield node.lineno, found


def violations(root: Path) -> list[str]:
    """Every import of a later stage under `root` (a directory holding generator/) that
    KNOWN does not name; a module no PLACES prefix covers is one too."""
    out = []
    for path in sorted((root / "generator").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        here = stage_of(rel)
        if here is None:
            out.append(f"{rel}: no stage (add it to PLACES)")
            continue
        for line, target in sorted(set(imports(root, rel))):
            # The package root holds __version__ and the library's lazy names; Python
            # has imported it before any module in it, so taking a name from it is free.
            if target == "generator/__init__.py" or (rel, target) in KNOWN:
                continue
            there = stage_of(target)
            if there is not None and STAGES.index(there) > STAGES.index(here):
                out.append(f"{rel}:{line}: {here} imports {target} ({there})")
    return out


def test_no_module_imports_a_later_stage() -> None:
    assert violations(ROOT) == []


# The pure core: what it computes is the same with or without any cache or worker, and it
# never reaches for one; speed/ is chosen by the verbs (pipeline.py, project.py).
CORE = ("generator/catalog/", "generator/documents/", "generator/render/", "generator/targets/")


def speed_in_the_core(root: Path) -> list[str]:
    """Every import of generator/speed/ by a module of the core under `root`."""
    return [
        f"{rel}:{line}: imports {target}"
        for path in sorted((root / "generator").rglob("*.py"))
        if (rel := path.relative_to(root).as_posix()).startswith(CORE)
        for line, target in sorted(set(imports(root, rel)))
        if target.startswith("generator/speed/")
    ]


def test_the_core_knows_nothing_of_speed() -> None:
    assert speed_in_the_core(ROOT) == []


def test_a_speed_import_in_the_core_is_caught(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    for folder in ("catalog", "speed"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "speed/cache.py").write_text("")
    (package / "catalog/memo.py").write_text("def f() -> None:\n    from ..speed import cache\n")
    assert speed_in_the_core(tmp_path) == [
        "generator/catalog/memo.py:2: imports generator/speed/cache.py"
    ]


def test_each_known_exception_is_still_an_import() -> None:
    found = {
        (path.relative_to(ROOT).as_posix(), target)
        for path in (ROOT / "generator").rglob("*.py")
        for _, target in imports(ROOT, path.relative_to(ROOT).as_posix())
    }
    assert set(KNOWN) <= found


def test_every_place_is_a_module_and_every_stage_is_used() -> None:
    for prefix in PLACES:
        assert (ROOT / prefix).exists(), prefix
    assert set(PLACES.values()) == set(STAGES)


def test_a_later_stage_is_caught_wherever_it_is_imported(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    (package / "catalog").mkdir(parents=True)
    (package / "targets").mkdir()
    (package / "output").mkdir()
    for name in ("__init__.py", "errors.py", "output/__init__.py", "output/writer.py"):
        (package / name).write_text("")
    (package / "targets/__init__.py").write_text("from .. import __version__, errors\n")
    (package / "catalog/build.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..errors import HubgenError\n"
        "if TYPE_CHECKING:\n"
        "    from generator.targets import Files\n"
        "def load() -> None:\n"
        "    from ..output.writer import write_tree\n"
        "    from ..output import writer\n"
    )
    assert violations(tmp_path) == [
        "generator/catalog/build.py:4: catalog imports generator/targets/__init__.py (targets)",
        "generator/catalog/build.py:6: catalog imports generator/output/writer.py (output)",
        "generator/catalog/build.py:7: catalog imports generator/output/writer.py (output)",
    ]
    (package / "stray.py").write_text("")
    assert "generator/stray.py: no stage (add it to PLACES)" in violations(tmp_path)


def test_every_module_imports_first_on_its_own() -> None:
    """Each module imported before any other of ours (as `python -c "import X"` does):
    two modules that import each other at the top fail here whichever comes first."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] == 'generator']:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ImportError as exc:\n"
        "        failed.append(f'{name}: {exc}')\n"
        "print('\\n'.join(failed))\n"
    )
    names = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted((ROOT / "generator").rglob("*.py"))
    ]
    done = subprocess.run(
        [sys.executable, "-c", script, *names],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

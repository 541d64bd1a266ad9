"""No module of the generator imports a later stage of the pipeline.

Data flows specs -> Catalog -> documents -> rendering -> targets -> the writer; the verbs
(generate, drift, sync, the mock) sit on that, and the command line on them. Every
import statement counts: at module level, inside a function (a lazy import) and for
types only (under TYPE_CHECKING).
"""

from __future__ import annotations

import ast
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
    "generator/speed/known_files.py": "output",  # files of generated/ known by their stat
    "generator/speed/model_outputs.py": "orchestration",  # the workers, the rendered-file cache
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
    # derives from catalog.model alone (never from the loader); the loader reports it.
    ("generator/catalog/checks.py", "generator/documents/input_schema.py"): "the example check",
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

"""The pipeline: specs -> Catalog -> targets -> formatted files, and the verbs on it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jinja2 import Environment

from . import __version__
from .catalog import Catalog, load_catalog
from .errors import SpecsInvalid, UsageError
from .formatting import format_file
from .render import make_environment
from .targets import Files
from .targets.contract import render_contract
from .targets.docs import render_docs
from .targets.openapi import render_openapi
from .targets.python import render_python
from .targets.schemas import render_schemas
from .writer import Stale, compare_tree, write_tree

TARGETS: tuple[Callable[[Catalog, Environment], Files], ...] = (
    render_python,
    render_schemas,
    render_openapi,
    render_docs,
    render_contract,
)
MANIFEST = PurePosixPath("manifest.json")


@dataclass(frozen=True)
class Paths:
    specs: Path
    templates: Path
    out: Path

    def require(self, *, templates: bool = True) -> None:
        needed = [("specs", self.specs)] + ([("templates", self.templates)] if templates else [])
        for what, path in needed:
            if not path.is_dir():
                raise UsageError(f"{what} directory not found: {path}")


def load(paths: Paths) -> Catalog:
    """The catalog, or SpecsInvalid with every problem."""
    paths.require()
    result = load_catalog(paths.specs)
    if not result.ok or result.catalog is None:
        raise SpecsInvalid(result.problems)
    return result.catalog


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest(catalog: Catalog, env: Environment, files: Files) -> str:
    """Provenance: the generator version and a hash of every input and output."""
    assert env.loader is not None
    templates = {
        f"templates/{name}": _digest(env.loader.get_source(env, name)[0])
        for name in sorted(env.list_templates())
    }
    body = {
        "generator": f"hubgen {__version__}",
        "inputs": {**{k: _digest(v) for k, v in sorted(catalog.sources.items())}, **templates},
        "outputs": {
            str(k): _digest(v) for k, v in sorted(files.items(), key=lambda kv: str(kv[0]))
        },
    }
    return json.dumps(body, indent=2) + "\n"


def render_all(catalog: Catalog, templates: Path) -> Files:
    """Every generated file, formatted, keyed by its path under generated/."""
    env = make_environment(templates)
    files: Files = {}
    for target in TARGETS:
        for path, text in target(catalog, env).items():
            files[path] = format_file(path, text)
    files = dict(sorted(files.items(), key=lambda kv: str(kv[0])))
    files[MANIFEST] = manifest(catalog, env, files)
    return files


def check(paths: Paths) -> list[Stale]:
    return compare_tree(paths.out, render_all(load(paths), paths.templates))


def generate(paths: Paths) -> tuple[int, int]:
    """Regenerate; returns (files in the tree, files that changed). Writes only on change."""
    files = render_all(load(paths), paths.templates)
    stale = compare_tree(paths.out, files)
    if stale:
        write_tree(paths.out, files)
    return len(files), len(stale)

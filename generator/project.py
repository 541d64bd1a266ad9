"""The pipeline: specs -> Catalog -> targets -> formatted files, and the verbs on it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment

from . import __version__
from .catalog import Catalog, load_catalog
from .errors import SpecsInvalid
from .formatting import format_files
from .freshness import MANIFEST, digest, generator_digest, up_to_date
from .paths import Paths
from .render import make_environment
from .targets import Files
from .targets.contract import render_contract
from .targets.docs import render_docs
from .targets.openapi import render_openapi
from .targets.python import render_python
from .targets.schemas import render_schemas
from .writer import Stale, compare_tree, existing_files, write_tree

TARGETS: tuple[Callable[[Catalog, Environment], Files], ...] = (
    render_python,
    render_schemas,
    render_openapi,
    render_docs,
    render_contract,
)


def load(paths: Paths) -> Catalog:
    """The catalog, or SpecsInvalid with every problem."""
    paths.require()
    result = load_catalog(paths.specs, reuse=True)
    if not result.ok or result.catalog is None:
        raise SpecsInvalid(result.problems)
    return result.catalog


def manifest(catalog: Catalog, env: Environment, files: Files) -> str:
    """Provenance: the generator (version and code hash) and a hash of every input and
    output."""
    assert env.loader is not None
    templates = {
        f"templates/{name}": digest(env.loader.get_source(env, name)[0])
        for name in sorted(env.list_templates())
    }
    body = {
        "generator": f"hubgen {__version__}",
        "generator_digest": generator_digest(),
        "inputs": {**{k: digest(v) for k, v in sorted(catalog.sources.items())}, **templates},
        "outputs": {str(k): digest(v) for k, v in sorted(files.items(), key=lambda kv: str(kv[0]))},
    }
    return json.dumps(body, indent=2) + "\n"


def render_all(catalog: Catalog, templates: Path) -> Files:
    """Every generated file, formatted, keyed by its path under generated/."""
    env = make_environment(templates)
    rendered: Files = {}
    for target in TARGETS:
        rendered.update(target(catalog, env))
    files = format_files(dict(sorted(rendered.items(), key=lambda kv: str(kv[0]))))
    files[MANIFEST] = manifest(catalog, env, files)
    return files


def check(paths: Paths, *, fresh: bool | None = None) -> list[Stale]:
    """What is stale in paths.out; `fresh` is up_to_date(paths) when the caller has it."""
    paths.require()
    if fresh if fresh is not None else up_to_date(paths):
        return []
    return compare_tree(paths.out, render_all(load(paths), paths.templates))


def generate(paths: Paths, *, fresh: bool | None = None) -> tuple[int, int]:
    """Regenerate; returns (files in the tree, files that changed). Writes only on change.
    `fresh` is up_to_date(paths) when the caller has it already."""
    paths.require()
    if fresh if fresh is not None else up_to_date(paths):
        return len(existing_files(paths.out)), 0
    files = render_all(load(paths), paths.templates)
    stale = compare_tree(paths.out, files)
    if stale:
        changed = {item.path for item in stale}
        write_tree(paths.out, files, unchanged=[p for p in files if p not in changed])
    return len(files), len(stale)

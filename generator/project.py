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
from .model_outputs import ModelOutputs
from .paths import Paths
from .render import make_environment
from .targets import Files, contract, docs, openapi, python, schemas
from .writer import Stale, compare_tree, existing_files, write_tree

CATALOG_TARGETS: tuple[Callable[[Catalog, Environment], Files], ...] = (
    python.catalog_files,
    schemas.catalog_files,
    openapi.catalog_files,
    docs.catalog_files,
    contract.catalog_files,
)


def load(paths: Paths) -> Catalog:
    """The catalog, or SpecsInvalid with every problem."""
    paths.require()
    result = load_catalog(paths.specs, reuse=True)
    if not result.ok or result.catalog is None:
        raise SpecsInvalid(result.problems)
    return result.catalog


def template_digests(env: Environment) -> dict[str, str]:
    assert env.loader is not None
    return {
        f"templates/{name}": digest(env.loader.get_source(env, name)[0])
        for name in sorted(env.list_templates())
    }


def manifest(catalog: Catalog, templates: dict[str, str], files: Files) -> str:
    """Provenance: the generator (version and code hash) and a hash of every input and
    output."""
    body = {
        "generator": f"hubgen {__version__}",
        "generator_digest": generator_digest(),
        "inputs": {**{k: digest(v) for k, v in sorted(catalog.sources.items())}, **templates},
        "outputs": {str(k): digest(v) for k, v in sorted(files.items(), key=lambda kv: str(kv[0]))},
    }
    return json.dumps(body, indent=2) + "\n"


def render_all(catalog: Catalog, templates: Path, *, cache_as: str | None = None) -> Files:
    """Every generated file, formatted, keyed by its path under generated/.

    Each model's own files are rendered in parallel processes while the catalog-wide
    files are rendered here; with `cache_as` (a name for the specs tree), a model's
    files are reused from the cache while the model, the hub, the templates and the
    generator are unchanged."""
    env = make_environment(templates)
    digests = template_digests(env)
    salt = json.dumps([generator_digest(), digests, repr(catalog.hub)])
    per_model = ModelOutputs(catalog, env, salt, cache_as)
    per_model.start()
    rendered: Files = {}
    for target in CATALOG_TARGETS:
        rendered.update(target(catalog, env))
    files = {**per_model.result(), **format_files(rendered)}
    files = dict(sorted(files.items(), key=lambda kv: str(kv[0])))
    files[MANIFEST] = manifest(catalog, digests, files)
    return files


def _name(paths: Paths) -> str:
    return f"{paths.specs.resolve()}\0{paths.templates.resolve()}"


def check(paths: Paths, *, fresh: bool | None = None) -> list[Stale]:
    """What is stale in paths.out; `fresh` is up_to_date(paths) when the caller has it."""
    paths.require()
    if fresh if fresh is not None else up_to_date(paths):
        return []
    return compare_tree(paths.out, render_all(load(paths), paths.templates, cache_as=_name(paths)))


def generate(paths: Paths, *, fresh: bool | None = None) -> tuple[int, int]:
    """Regenerate; returns (files in the tree, files that changed). Writes only on change.
    `fresh` is up_to_date(paths) when the caller has it already."""
    paths.require()
    if fresh if fresh is not None else up_to_date(paths):
        return len(existing_files(paths.out)), 0
    files = render_all(load(paths), paths.templates, cache_as=_name(paths))
    stale = compare_tree(paths.out, files)
    if stale:
        changed = {item.path for item in stale}
        write_tree(paths.out, files, unchanged=[p for p in files if p not in changed])
    return len(files), len(stale)

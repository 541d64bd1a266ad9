"""The pipeline: specs -> Catalog -> targets -> formatted files, with the manifest.

Everything heavy lives behind this module (the loader, Jinja, the targets, black, the
worker processes); project.py imports it only when generated/ is not current.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import orjson
from jinja2 import Environment

from . import __version__
from .catalog import Catalog
from .digests import digest, generator_digest
from .errors import SpecsInvalid
from .output.tree import MANIFEST
from .output.writer import Stale, compare_tree
from .paths import Paths
from .render.environment import make_environment
from .speed import cache
from .speed.built_models import load_reusing
from .speed.known_files import KnownFiles
from .speed.model_outputs import Linked, ModelOutputs, Outputs
from .speed.processes import (
    PARALLEL_AT,
    catalog_files_from,
    render_catalog_files,
    start_catalog_files,
    workers,
)
from .targets import Files, Target, contract, docs, openapi, python, schemas, typescript, vectors
from .timings import Timings

TARGETS: tuple[Target, ...] = (python, schemas, openapi, docs, contract, typescript, vectors)
WHOLE = tuple(at for at, target in enumerate(TARGETS) if not target.PARTS)
"""The targets whose catalog-wide files are rendered from the whole catalog (no parts)."""
ASSEMBLED = tuple(at for at, target in enumerate(TARGETS) if target.PARTS)
"""The targets whose catalog-wide files are put together from each model's parts."""


def load(paths: Paths) -> Catalog:
    """The catalog, or SpecsInvalid with every problem."""
    paths.require()
    result = load_reusing(paths.specs)
    if not result.ok or result.catalog is None:
        raise SpecsInvalid(result.problems)
    return result.catalog


def template_digests(env: Environment) -> dict[str, str]:
    assert env.loader is not None
    return {
        f"templates/{name}": digest(env.loader.get_source(env, name)[0])
        for name in sorted(env.list_templates())
    }


def output_digests(
    data: Mapping[PurePosixPath, bytes],
    known: Mapping[PurePosixPath, str],
    kept: Mapping[str, str],
) -> dict[str, str]:
    """The hash of every file of the tree (POSIX path -> hash), sorted by path: the files
    rendered (`data`, their bytes; `known`: hashes of some of them, already computed) and
    those `kept` as they are."""
    outputs = {str(k): known.get(k) or hashlib.sha256(v).hexdigest() for k, v in data.items()}
    outputs.update(kept)
    return dict(sorted(outputs.items()))


def manifest(catalog: Catalog, templates: dict[str, str], outputs: Mapping[str, str]) -> str:
    """Provenance: the generator (version and code hash) and a hash of every input and
    output (`outputs`: output_digests)."""
    body = {
        "generator": f"hubgen {__version__}",
        "generator_digest": generator_digest(),
        "inputs": {**{k: digest(v) for k, v in sorted(catalog.sources.items())}, **templates},
        "outputs": outputs,
    }
    return manifest_text(body)


def manifest_text(body: Mapping[str, object]) -> str:
    """`json.dumps(body, indent=2)` and a newline, byte for byte. orjson writes it ten times
    faster and the same whenever what it writes is ASCII without DEL (the standard library
    escapes the rest, orjson does not): otherwise the standard library writes it."""
    text = orjson.dumps(body, option=orjson.OPT_INDENT_2).decode()
    if not text.isascii() or "\x7f" in text:
        text = json.dumps(body, indent=2)
    return text + "\n"


@dataclass(frozen=True)
class Rendered:
    files: Files
    """The files rendered by this run (with paths, not every one: see `kept`)."""
    data: dict[PurePosixPath, bytes]
    """The same files' bytes (UTF-8), encoded once for the manifest's hashes, the
    comparison and the writer."""
    kept: frozenset[str]
    """Files of the tree (POSIX paths) that the output directory already holds byte for
    byte, their hashes checked: not rendered again, and not in `files`."""
    digests: dict[str, str]
    """The hash of every file of the tree but the manifest (POSIX path -> sha256 hex), as
    the manifest records them."""

    @property
    def total(self) -> int:
        return len(self.files) + len(self.kept)


def render_tree(
    catalog: Catalog,
    templates: Path,
    *,
    paths: Paths | None = None,
    timings: Timings | None = None,
    parallel: bool = True,
    on_kept: Callable[[Collection[str]], None] | None = None,
    linked: Linked | None = None,
    known: KnownFiles | None = None,
) -> Rendered:
    """Every generated file, formatted, keyed by its path under generated/.

    For a large catalog, a forked child renders the catalog-wide files that need the whole
    catalog (and worker processes the models that need rendering, when there are many),
    while this process finds the files it can reuse; the catalog-wide files made of each
    model's parts are put together here once every model's parts are known. With `paths`,
    a model's files already in `paths.out` are taken from there, with its parts, while the
    model, the hub, the templates and the generator are unchanged (speed/model_outputs.py).
    `parallel=False` renders everything in this process. `on_kept` is given the model
    files taken from `paths.out` (POSIX paths) while the child still renders catalog-wide
    files: the writer links those not linked yet into the new tree in time this process
    would spend waiting. `linked`: the files the writer linked into the new tree before
    (speed/model_outputs.py's Linked), vouched for as linked. `known`: what is recorded of
    `paths.out`'s files (read from the cache when not given)."""
    timings = timings or Timings()
    env = make_environment(templates, cache.templates_bytecode(generator_digest()))
    whole = [TARGETS[at] for at in WHOLE]
    with ExitStack() as stack:
        job = start_catalog_files(catalog, env, whole, enabled=parallel)
        if job is not None:  # reaped on the way out (ended, if this run fails before)
            stack.callback(job.stop)
        digests = template_digests(env)
        salt = json.dumps([generator_digest(), digests, repr(catalog.hub)])
        identity = f"{paths.specs.resolve()}\0{paths.out.resolve()}" if paths else None
        out = paths.out if paths else None
        per_model = ModelOutputs(
            catalog, env, TARGETS, salt, identity=identity, out_dir=out, linked=linked, known=known
        )
        with timings.phase("find reusable model files, render or hand out the rest"):
            many = per_model.find() >= PARALLEL_AT
            pool = stack.enter_context(workers(catalog, env, TARGETS, enabled=parallel and many))
            per_model.hand_out(pool)
        with timings.phase("each model's files"):
            outputs = per_model.result()
        with timings.phase("catalog-wide files from parts (OpenAPI)"):
            targets = [TARGETS[at] for at in ASSEMBLED]
            parts = [[each[at] for at in ASSEMBLED] for each in outputs.parts]
            catalog_files = render_catalog_files(catalog, env, targets, parts)
        if on_kept is not None and job is not None:
            with timings.phase("link the kept files into the new tree"):
                on_kept(outputs.kept.keys())
        if job is not None:
            with timings.phase("their bytes and hashes, while the child renders"):
                _encode(catalog_files, outputs)
        with timings.phase("catalog-wide files (registry, stub, index)"):
            catalog_files.update(catalog_files_from(job, catalog, env, whole))
    files = dict(sorted({**outputs.files, **catalog_files}.items(), key=lambda kv: str(kv[0])))
    with timings.phase("manifest"):
        data = {path: _encoded(path, text, outputs.data) for path, text in files.items()}
        hashes = output_digests(data, outputs.digests, outputs.kept)
        files[MANIFEST] = manifest(catalog, digests, hashes)
        data[MANIFEST] = files[MANIFEST].encode("utf-8")
    return Rendered(files, data, frozenset(outputs.kept), hashes)


def _encode(files: Files, outputs: Outputs) -> None:
    """Each file's bytes and hash, kept with the models' (the OpenAPI document alone is
    8 MB at N = 1000: this is work the main process can do before the child is done)."""
    for path, text in files.items():
        data = outputs.data[path] = text.encode("utf-8")
        outputs.digests[path] = hashlib.sha256(data).hexdigest()


def _encoded(path: PurePosixPath, text: str, known: Mapping[PurePosixPath, bytes]) -> bytes:
    found = known.get(path)
    return text.encode("utf-8") if found is None else found


def render_and_compare(
    paths: Paths,
    timings: Timings,
    on_kept: Callable[[Collection[str]], None] | None = None,
    linked: Linked | None = None,
    known: KnownFiles | None = None,
) -> tuple[Rendered, list[Stale]]:
    """The generated tree, and the files that paths.out does not hold as they are
    (`on_kept`, `linked`, `known`: see render_tree)."""
    with timings.phase("load specs (parse, check, build)"):
        catalog = load(paths)
    rendered = render_tree(
        catalog,
        paths.templates,
        paths=paths,
        timings=timings,
        on_kept=on_kept,
        linked=linked,
        known=known,
    )
    with timings.phase("compare with the output directory"):
        stale = compare_tree(paths.out, rendered.data, kept=rendered.kept)
    return rendered, stale

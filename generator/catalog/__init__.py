"""Loading specs/ into a validated `Catalog`, or the full list of what is wrong with it.

    specs/hub.yaml          the hub's own surface
    specs/models/<id>.yaml  one per catalog model
    specs/bases/*.yaml      shared parts that models extend

Every file is parsed and shape-checked, every model resolved and checked; problems from
all files come back together, sorted by position.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SpecError
from .build import build_hub, build_model
from .checks import ModelChecker, check_catalog
from .inherit import Resolver
from .model import Catalog, ImageMapping, ModelSpec, Parameter, Rule
from .shape import check_shape
from .source import LMap, Loc, read_spec_cached

__all__ = [
    "Catalog",
    "ImageMapping",
    "LoadResult",
    "ModelSpec",
    "Parameter",
    "Rule",
    "display_path",
    "load_catalog",
]


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog | None
    problems: tuple[SpecError, ...]
    trees: Mapping[str, LMap] = field(default_factory=dict)
    """Each model's resolved tree (model id -> tree): which file set which value."""

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not any(p.level == "error" for p in self.problems)


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when below it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return path.as_posix()


def load_catalog(specs_dir: Path) -> LoadResult:
    problems: list[SpecError] = []
    sources: dict[str, str] = {}
    files: dict[str, LMap] = {}
    shown: dict[str, str] = {}

    def read(path: Path, definition: str) -> LMap | None:
        shown_path = display_path(path)
        stable = Path(specs_dir.name, path.relative_to(specs_dir)).as_posix()
        sources[stable] = path.read_text("utf-8", errors="replace")
        tree, found = read_spec_cached(path, shown_path)
        problems.extend(found)
        if tree is not None:
            shape_problems = check_shape(tree, definition)
            problems.extend(shape_problems)
            if shape_problems:
                return None
        return tree

    hub_path = specs_dir / "hub.yaml"
    hub_tree = read(hub_path, "hub") if hub_path.is_file() else None
    if not hub_path.is_file():
        problems.append(
            SpecError(
                display_path(hub_path), 0, 0, "E103", "missing spec file for the hub's own surface"
            )
        )

    spec_paths = sorted(specs_dir.glob("bases/*.yaml")) + sorted(specs_dir.glob("models/*.yaml"))
    broken: set[str] = set()
    for path in spec_paths:
        name = path.relative_to(specs_dir).as_posix()
        shown[name] = display_path(path)
        tree = read(path, "spec_file")
        if tree is None:
            broken.add(name)
            tree = LMap(Loc(shown[name], 0, 0))
        files[name] = tree

    resolver = Resolver(files)
    built: list[tuple[ModelSpec, LMap]] = []
    for name in sorted(files):
        if not name.startswith("models/") or name in broken:
            continue
        resolved = resolver.resolve(name)
        if resolved is None or any(c in broken for c in resolved.chain):
            continue
        shape = check_shape(resolved.tree, "model")
        if shape:
            problems.extend(shape)
            continue
        bases = tuple(f"{specs_dir.name}/{c}" for c in resolved.chain[:-1])
        model = build_model(resolved.tree, f"{specs_dir.name}/{name}", bases)
        problems.extend(ModelChecker(model, resolved.tree).run(Path(name).stem))
        built.append((model, resolved.tree))
    problems.extend(resolver.problems)
    problems.extend(check_catalog(built))
    if not any(name.startswith("models/") for name in files):
        problems.append(
            SpecError(display_path(specs_dir / "models"), 0, 0, "E103", "no model specs found")
        )

    unique = tuple(sorted(set(problems)))
    if any(p.level == "error" for p in unique) or hub_tree is None:
        return LoadResult(None, unique)
    catalog = Catalog(
        hub=build_hub(hub_tree, f"{specs_dir.name}/hub.yaml"),
        models=tuple(sorted((m for m, _ in built), key=lambda m: m.id)),
        sources=dict(sorted(sources.items())),
    )
    return LoadResult(catalog, unique, {m.id: tree for m, tree in built})

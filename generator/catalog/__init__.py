"""Loading specs/ into a validated `Catalog`, or the full list of what is wrong with it.

    specs/hub.yaml          the hub's own surface
    specs/models/<id>.yaml  one per catalog model
    specs/bases/*.yaml      shared parts that models extend

Every file is parsed and shape-checked, every model resolved and checked; problems from
all files come back together, sorted by position.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import digest, generator_digest
from ..errors import SpecError
from ..paths import spec_file_names
from .build import build_hub, build_model
from .catalog_checks import check_catalog, check_hub
from .hub import Capability, HubSpec
from .images import ImageMapping
from .inherit import Resolver
from .located import LMap, Loc
from .memo import Built, ModelMemo, Store
from .model import Catalog, ModelSpec
from .model_checks import ModelChecker
from .parameter import Parameter
from .rules import Rule
from .shape import Vouch, check_shape, non_finite
from .source import parse_spec, read_source

__all__ = [
    "Capability",
    "Catalog",
    "HubSpec",
    "ImageMapping",
    "LoadResult",
    "ModelSpec",
    "Parameter",
    "Rule",
    "Store",
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


def load_catalog(
    specs_dir: Path, *, store: Store | None = None, vouch: Vouch | None = None
) -> LoadResult:
    """Every spec under `specs_dir`, checked and built. With a `store`, a model built
    without problems from exactly the same files before is taken from it, and each model
    built now is put in it (see memo.py): the problems and catalog are the same, but
    `trees` is left empty. `vouch`: a faster shape check, trusted when it accepts a tree
    (shape.py's Vouch)."""
    return _Loader(specs_dir, store, vouch).load()


class _Loader:
    def __init__(self, specs_dir: Path, store: Store | None, vouch: Vouch | None) -> None:
        self.specs_dir = specs_dir
        self.store = store
        self.vouch = vouch
        self.problems: list[SpecError] = []
        self.sources: dict[str, str] = {}
        self.texts: dict[str, str] = {}
        self.shown: dict[str, str] = {}
        self.broken: set[str] = set()
        self.clean: set[str] = set()
        """The files parsed and shape-checked without a problem."""
        self.unreadable: dict[str, str] = {}
        self.trees: dict[str, LMap] = {}
        self.built: list[tuple[ModelSpec, Loc]] = []
        self.hub: HubSpec | None = None
        self.shown_dir = display_path(specs_dir)
        self.root = os.fspath(specs_dir)

    def stable(self, name: str) -> str:
        return f"{self.specs_dir.name}/{name}"

    def read_text(self, name: str) -> str:
        """Read the spec file `name` (a POSIX path under specs_dir); returns the name."""
        self.shown[name] = name if self.shown_dir == "." else f"{self.shown_dir}/{name}"
        text, unreadable = read_source(os.path.join(self.root, name))
        self.texts[name] = self.sources[self.stable(name)] = text
        if unreadable is not None:
            self.unreadable[name] = unreadable
        return name

    def parse(self, name: str, definition: str) -> LMap | None:
        shown = self.shown[name]
        if name in self.unreadable:
            self.problems.append(SpecError(shown, 0, 0, "E001", self.unreadable[name]))
            return None
        tree, found = parse_spec(self.texts[name], shown)
        self.problems.extend(found)
        if tree is not None:
            # A resolved model is made of these trees: numbers are checked here, once.
            shape_problems = check_shape(tree, definition, self.vouch)
            shape_problems += non_finite(tree, [], tree.loc)
            self.problems.extend(shape_problems)
            if shape_problems:
                return None
            if not found:
                self.clean.add(name)
        return tree

    def load(self) -> LoadResult:
        specs_dir = self.specs_dir
        hub_path = specs_dir / "hub.yaml"
        hub_tree = None
        if hub_path.is_file():
            hub_tree = self.parse(self.read_text("hub.yaml"), "hub")
            if hub_tree is not None:
                self.hub = build_hub(hub_tree, self.stable("hub.yaml"))
                self.problems.extend(check_hub(self.hub, hub_tree))
        else:
            message = "missing spec file for the hub's own surface"
            self.problems.append(SpecError(display_path(hub_path), 0, 0, "E103", message))

        names = [self.read_text(name) for name in spec_file_names(specs_dir)]
        files = _Files(names, lambda name: self.parse(name, "spec_file"), self.broken, self.shown)
        resolver = Resolver(files)
        memo = None
        if self.store is not None:
            bases = {n: (self.shown[n], self.texts[n]) for n in names if n.startswith("bases/")}
            # A model is checked against the hub's capabilities: hub.yaml is part of its key.
            bases["hub.yaml"] = (self.shown.get("hub.yaml", ""), self.texts.get("hub.yaml", ""))
            memo = ModelMemo(generator_digest(), specs_dir, bases, self.store)
        for name in names:
            if name.startswith("models/"):
                self.load_model(name, files, resolver, memo)
            elif not self.known_clean(name, memo):
                files.get(name)  # every base is parsed and shape-checked (or was, as it is)
        if memo is not None:
            for name in sorted(self.clean):
                if name.startswith("bases/") and not self.known_clean(name, memo):
                    memo.put_clean(name, self.shown[name], self.texts[name])
            memo.save()
        self.problems.extend(resolver.problems)
        self.problems.extend(check_catalog(self.built))
        if not any(name.startswith("models/") for name in names):
            where = display_path(specs_dir / "models")
            self.problems.append(SpecError(where, 0, 0, "E103", "no model specs found"))

        unique = tuple(sorted(set(self.problems)))
        if any(p.level == "error" for p in unique) or self.hub is None:
            return LoadResult(None, unique)
        catalog = Catalog(
            hub=self.hub,
            models=tuple(sorted((m for m, _ in self.built), key=lambda m: m.id)),
            sources=dict(sorted(self.sources.items())),
        )
        return LoadResult(catalog, unique, self.trees)

    def known_clean(self, name: str, memo: ModelMemo | None) -> bool:
        """Whether the store says this file, as it reads now, has no problem."""
        if memo is None or name in self.unreadable:
            return False
        return memo.clean(name, self.shown[name], self.texts[name])

    def load_model(
        self, name: str, files: Mapping[str, LMap], resolver: Resolver, memo: ModelMemo | None
    ) -> None:
        shown, text = self.shown[name], self.texts[name]
        readable = name not in self.unreadable
        hit = memo.get(name, shown, text, self.texts) if memo and readable else None
        if hit is not None:
            self.built.append((hit.model, hit.id_loc))
            return
        before = len(self.problems) + len(resolver.problems)
        files.get(name)  # parsed and shape-checked
        if name in self.broken:
            return
        resolved = resolver.resolve(name)
        if resolved is None or any(c in self.broken for c in resolved.chain):
            return
        shape = check_shape(resolved.tree, "model", self.vouch)
        if shape:
            self.problems.extend(shape)
            return
        bases = tuple(self.stable(c) for c in resolved.chain[:-1])
        model = build_model(resolved.tree, self.stable(name), bases)
        capabilities = (
            {c.name: c.modes for c in self.hub.capabilities} if self.hub is not None else None
        )
        checker = ModelChecker(model, resolved.tree, capabilities, self.vouch)
        self.problems.extend(checker.run(Path(name).stem))
        id_loc = resolved.tree.value_locs.get("id", resolved.tree.loc)
        self.built.append((model, id_loc))
        if self.store is None:
            self.trees[model.id] = resolved.tree
        if memo is not None and len(self.problems) + len(resolver.problems) == before:
            others = tuple(
                (c, digest(self.texts[c]))
                for c in resolved.chain
                if c.startswith("models/") and c != name
            )
            memo.put(name, shown, text, Built(model, id_loc, resolved.chain, others))


class _Files(Mapping[str, LMap]):
    """Spec files by name, each parsed and shape-checked when first asked for (a broken
    file reads as an empty mapping and is added to `broken`)."""

    def __init__(
        self,
        names: list[str],
        parse: Callable[[str], LMap | None],
        broken: set[str],
        shown: Mapping[str, str],
    ) -> None:
        self._names = names
        self._parse = parse
        self._broken = broken
        self._shown = shown
        self._trees: dict[str, LMap] = {}

    def __getitem__(self, name: str) -> LMap:
        if name not in self._trees:
            if name not in self._shown:
                raise KeyError(name)
            tree = self._parse(name)
            if tree is None:
                self._broken.add(name)
                tree = LMap(Loc(self._shown[name], 0, 0))
            self._trees[name] = tree
        return self._trees[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._shown and name != "hub.yaml"

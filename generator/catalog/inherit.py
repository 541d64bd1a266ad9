"""`extends`: merging a spec with its bases, keeping every value's position.

A spec's bases (one path or a list, relative to specs/) are resolved first and merged
left to right; the base's `remove` list drops inherited parameters; then the spec's own
keys win. Mappings merge key by key (so a child may override one field of a parameter),
`example` and `images` are replaced whole, `rules` accumulate, other lists are replaced.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import SpecError
from .located import LList, LMap, Loc
from .shape import suggest

REPLACED_WHOLE = frozenset({"example", "images"})
ACCUMULATED = frozenset({"rules"})
OWN_ONLY = frozenset({"extends", "remove"})


@dataclass(frozen=True)
class Resolved:
    tree: LMap
    chain: tuple[str, ...]
    """Every file that contributed, bases first, the spec itself last."""


def _copy_map(source: LMap, skip: frozenset[str] = frozenset()) -> LMap:
    out = LMap(source.loc)
    for key, value in source.items():
        if key not in skip:
            out.put(key, value, source.key_locs[key], source.value_locs[key])
    return out


def _merge(base: LMap, over: LMap, depth: int = 0) -> LMap:
    out = _copy_map(base)
    out.loc = over.loc
    for key, new in over.items():
        old = out.get(key)
        value = new
        top = depth == 0
        if top and key in ACCUMULATED and isinstance(old, LList) and isinstance(new, LList):
            value = LList(new.loc)
            for source in (old, new):
                for item, loc in zip(source, source.item_locs, strict=True):
                    value.put(item, loc)
        elif isinstance(old, LMap) and isinstance(new, LMap):
            if not (top and key in REPLACED_WHOLE):
                value = _merge(old, new, depth + 1)
        out.put(key, value, over.key_locs[key], over.value_locs[key])
    return out


class Resolver:
    """Resolves `extends` for a set of parsed spec files, collecting problems."""

    def __init__(self, files: Mapping[str, LMap]) -> None:
        self.files = files
        self.problems: list[SpecError] = []
        self._done: dict[str, Resolved | None] = {}

    def _error(self, loc: Loc, code: str, message: str) -> None:
        self.problems.append(SpecError(loc.file, loc.line, loc.column, code, message))

    def resolve(self, name: str, stack: tuple[str, ...] = ()) -> Resolved | None:
        if name in self._done:
            return self._done[name]
        node = self.files[name]
        result = self._resolve(name, node, (*stack, name))
        self._done[name] = result
        return result

    def _bases(self, node: LMap) -> list[tuple[str, Loc]]:
        extends = node.get("extends")
        loc = node.value_locs.get("extends", node.loc)
        if isinstance(extends, str):
            return [(extends, loc)]
        if isinstance(extends, LList):
            return [
                (b, bl)
                for b, bl in zip(extends, extends.item_locs, strict=True)
                if isinstance(b, str)
            ]
        return []

    def _resolve(self, name: str, node: LMap, stack: tuple[str, ...]) -> Resolved | None:
        merged: LMap | None = None
        chain: list[str] = []
        for base, loc in self._bases(node):
            if base not in self.files:
                hint = suggest(base, self.files)
                self._error(loc, "E301", f"extends: no spec file '{base}' under specs/{hint}")
                return None
            if base in stack:
                cycle = " -> ".join([*stack[stack.index(base) :], base])
                self._error(loc, "E302", f"extends: cycle {cycle}")
                return None
            resolved = self.resolve(base, stack)
            if resolved is None:
                return None
            merged = resolved.tree if merged is None else _merge(merged, resolved.tree)
            chain.extend(c for c in resolved.chain if c not in chain)
        own = _copy_map(node, OWN_ONLY)
        removed = node.get("remove")
        if isinstance(removed, LList):
            if merged is None:
                self._error(node.key_locs["remove"], "E303", "remove: this spec extends nothing")
            else:
                merged = self._remove(merged, removed)
        tree = own if merged is None else _merge(merged, own)
        return Resolved(tree, (*chain, name))

    def _remove(self, merged: LMap, removed: LList) -> LMap:
        params = merged.get("parameters")
        kept = _copy_map(params) if isinstance(params, LMap) else LMap(merged.loc)
        for item, loc in zip(removed, removed.item_locs, strict=True):
            if item in kept:
                del kept[item]
            else:
                hint = suggest(str(item), kept)
                self._error(loc, "E303", f"remove: no inherited parameter '{item}'{hint}")
        out = _copy_map(merged)
        out.put("parameters", kept, merged.key_locs.get("parameters", merged.loc), kept.loc)
        return out

"""YAML spec files read into plain values that remember where they came from.

ruamel.yaml gives every mapping key, value and sequence item a position; we copy those
into `LMap`/`LList` (dict and list subclasses) so that positions survive merging a spec
with its bases, and every later check can point at the exact file, line and column.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import SpecError


@dataclass(frozen=True)
class Loc:
    """A position in a spec file; line and column are 0-based."""

    file: str
    line: int
    column: int


class LMap(dict[str, Any]):
    """A mapping from a spec, with the position of itself, each key and each value."""

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}
        self.value_locs: dict[str, Loc] = {}

    def put(self, key: str, value: Any, key_loc: Loc, value_loc: Loc) -> None:
        self[key] = value
        self.key_locs[key] = key_loc
        self.value_locs[key] = value_loc


class LList(list[Any]):
    """A sequence from a spec, with the position of itself and of each item."""

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.item_locs: list[Loc] = []

    def put(self, value: Any, loc: Loc) -> None:
        self.append(value)
        self.item_locs.append(loc)


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def _convert(node: Any, file: str, loc: Loc, problems: list[SpecError]) -> Any:
    if isinstance(node, CommentedMap):
        out = LMap(loc)
        for raw_key, value in node.items():
            kl, kc = node.lc.key(raw_key)
            vl, vc = node.lc.value(raw_key)
            key_loc = Loc(file, kl, kc)
            key = str(raw_key)
            if not isinstance(raw_key, str):
                message = f"key {raw_key!r} must be a string (quote it)"
                problems.append(SpecError(file, kl, kc, "E102", message))
            value_loc = Loc(file, vl, vc)
            out.put(key, _convert(value, file, value_loc, problems), key_loc, value_loc)
        return out
    if isinstance(node, CommentedSeq):
        seq = LList(loc)
        for index, item in enumerate(node):
            il, ic = node.lc.item(index)
            item_loc = Loc(file, il, ic)
            seq.put(_convert(item, file, item_loc, problems), item_loc)
        return seq
    return _scalar(node)


def read_spec(path: Path, display: str) -> tuple[LMap | None, list[SpecError]]:
    """Parse one spec file. Returns its top-level mapping (or None) and its problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [SpecError(display, 0, 0, "E001", f"cannot read file: {exc}")]
    yaml = YAML(typ="rt")
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line, mark.column) if mark is not None else (0, 0)
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, [SpecError(display, line, column, "E001", f"YAML syntax error: {what}")]
    except YAMLError as exc:
        return None, [SpecError(display, 0, 0, "E001", f"YAML syntax error: {exc}")]
    problems: list[SpecError] = []
    if not isinstance(node, CommentedMap):
        kind = "empty" if node is None else f"a {type(node).__name__}"
        problems.append(
            SpecError(display, 0, 0, "E102", f"a spec must be a mapping of keys, not {kind}")
        )
        return None, problems
    top = _convert(node, display, Loc(display, 0, 0), problems)
    assert isinstance(top, LMap)
    return top, problems


def read_spec_cached(path: Path, display: str) -> tuple[LMap | None, list[SpecError]]:
    """read_spec, from the cache when this exact text was parsed before (by this code and
    under this display path, which every position carries)."""
    from .. import cache  # noqa: PLC0415 (leaf modules; keep imports light)
    from ..freshness import generator_digest  # noqa: PLC0415

    data = path.read_bytes()
    entry = cache.entry("specs", generator_digest().encode(), display.encode(), data)
    cached = cache.load(entry)
    if cached is not None:
        try:
            result: tuple[LMap | None, list[SpecError]] = pickle.loads(cached)
            return result
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    result = read_spec(path, display)
    if entry is not None:
        cache.store(entry, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return result

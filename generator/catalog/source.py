"""YAML spec files read into plain values that remember where they came from.

ruamel.yaml gives every mapping key, value and sequence item a position; we copy those
into `LMap`/`LList` (dict and list subclasses) so that positions survive merging a spec
with its bases, and every later check can point at the exact file, line and column.

A spec is first composed by ruamel.yaml's C parser (ruamel.yaml.clib), whose nodes carry
the same positions at a tenth of the cost. Anything that path does not handle exactly
as the round-trip loader would (a syntax error, a duplicate or non-string key, anchors,
merge keys, explicit tags, a %YAML directive, an empty value) makes it give up, and the
file is read again by the round-trip loader, which reports any problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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


def _positions(node: CommentedMap, key: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where `key` and its value are written: in this mapping, or in a mapping merged
    into it with `<<`."""
    if key in node.lc.data:
        return node.lc.key(key), node.lc.value(key)
    for source in getattr(node, "merge", ()):
        if isinstance(source, CommentedMap) and key in source:
            return _positions(source, key)
    here = (node.lc.line, node.lc.col)
    return here, here


def _convert(node: Any, file: str, loc: Loc, problems: list[SpecError]) -> Any:
    if isinstance(node, CommentedMap):
        out = LMap(loc)
        for raw_key, value in node.items():
            (kl, kc), (vl, vc) = _positions(node, raw_key)
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


class _Unsupported(Exception):
    """The fast path cannot read this file exactly as the round-trip loader would."""


_TAG = "tag:yaml.org,2002:"
_DIRECTIVE_OR_TAG = re.compile(r"^%|(?:^|[\s\[{,])!", re.MULTILINE)
"""A %YAML directive, or what may be an explicit tag (!!str, !custom)."""
_SCALARS: dict[str, Any] = {
    f"{_TAG}str": lambda c, node: str(node.value),
    f"{_TAG}int": SafeConstructor.construct_yaml_int,
    f"{_TAG}float": SafeConstructor.construct_yaml_float,
    f"{_TAG}bool": SafeConstructor.construct_yaml_bool,
    f"{_TAG}null": lambda c, node: None,
}


@cache
def _composer() -> tuple[YAML, SafeConstructor] | None:
    """ruamel.yaml's C-based composer and a constructor for scalars, if the C parser is
    installed."""
    try:
        yaml = YAML(typ="safe", pure=False)
        if yaml.Parser.__module__.startswith("ruamel.yaml.parser"):
            return None  # no C parser here: the pure one brings no speed
    except (ImportError, AttributeError):
        return None
    constructor = yaml.constructor
    if not isinstance(constructor, SafeConstructor):
        return None
    return yaml, constructor


def _fast(text: str, file: str) -> LMap:
    """The spec read through the C composer; _Unsupported whenever it differs in any way
    from what read_spec's round-trip path would give."""
    found = _composer()
    if found is None:
        raise _Unsupported
    yaml, constructor = found
    if _DIRECTIVE_OR_TAG.search(text):
        raise _Unsupported  # the round-trip loader honours these its own way
    try:
        root = yaml.compose(text)
    except Exception as exc:
        raise _Unsupported from exc
    if not isinstance(root, MappingNode):
        raise _Unsupported
    seen: set[int] = set()

    def loc(node: Node) -> Loc:
        return Loc(file, node.start_mark.line, node.start_mark.column)

    def convert(node: Node, here: Loc) -> Any:
        if id(node) in seen:
            raise _Unsupported  # an alias: the same node twice
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            make = _SCALARS.get(node.tag or "")
            if make is None or (node.value == "" and node.tag == f"{_TAG}null"):
                raise _Unsupported  # other tags; an empty value (placed on the next line)
            return make(constructor, node)
        if isinstance(node, MappingNode):
            out = LMap(here)
            for key_node, value_node in node.value:
                if key_node.tag != f"{_TAG}str" or not isinstance(key_node, ScalarNode):
                    raise _Unsupported  # non-string keys, merge keys
                key = str(key_node.value)
                if key in out:
                    raise _Unsupported  # duplicate keys
                value_loc = loc(value_node)
                out.put(key, convert(value_node, value_loc), loc(key_node), value_loc)
            return out
        if isinstance(node, SequenceNode):
            seq = LList(here)
            for item in node.value:
                item_loc = loc(item)
                seq.put(convert(item, item_loc), item_loc)
            return seq
        raise _Unsupported

    top = convert(root, Loc(file, 0, 0))
    assert isinstance(top, LMap)
    return top


def read_source(path: Path) -> tuple[str, str | None]:
    """A spec file's text and, if it cannot be read as UTF-8, why (the text is then what
    could be read, undecodable bytes replaced)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", f"cannot read file: {exc}"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"cannot read file: {exc}"


def parse_spec(text: str, display: str) -> tuple[LMap | None, list[SpecError]]:
    """Parse one spec's text. Returns its top-level mapping (or None) and its problems."""
    try:
        return _fast(text, display), []
    except _Unsupported:
        return read_spec_slowly(text, display)


def read_spec(path: Path, display: str) -> tuple[LMap | None, list[SpecError]]:
    """Read and parse one spec file (parse_spec), or say why it cannot be read."""
    text, unreadable = read_source(path)
    if unreadable is not None:
        return None, [SpecError(display, 0, 0, "E001", unreadable)]
    return parse_spec(text, display)


def read_spec_slowly(text: str, display: str) -> tuple[LMap | None, list[SpecError]]:
    """read_spec through ruamel.yaml's round-trip loader: the reference behaviour, and
    the one that explains a problem."""
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

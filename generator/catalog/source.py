"""YAML spec files read into plain values that remember where they came from.

ruamel.yaml gives every mapping key, value and sequence item a position; we copy those
into `LMap`/`LList` (dict and list subclasses) so that positions survive merging a spec
with its bases, and every later check can point at the exact file, line and column.

A spec is first composed by ruamel.yaml's C parser (ruamel.yaml.clib), whose nodes carry
the same positions at a tenth of the cost. Anything that path does not handle exactly
as the round-trip loader would (a syntax error, a duplicate or non-string key, anchors,
merge keys, explicit tags, a %YAML directive, an empty value, anything beyond a bound of
limits.py) makes it give up, and the file is read again by the round-trip loader, which
reports any problem.

Neither path can be made to spend unbounded time or memory (limits.py): nesting is
measured on the parser's events before a file is composed, aliases have a budget,
integer literals a length, files a size.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from ..errors import SpecError
from . import limits


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
    if key in (node.lc.data or ()):
        return node.lc.key(key), node.lc.value(key)
    for source in getattr(node, "merge", ()):
        if isinstance(source, CommentedMap) and key in source:
            return _positions(source, key)
    here = (node.lc.line, node.lc.col)
    return here, here


class _Refused(Exception):
    """The file cannot be read as a spec at all: carries the one problem that says why."""

    def __init__(self, problem: SpecError) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _not_unicode(text: str) -> bool:
    """True for a string no UTF-8 file can hold: a lone surrogate, from an escape."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refuse(loc: Loc, code: str, message: str) -> _Refused:
    return _Refused(SpecError(loc.file, loc.line, loc.column, code, message))


def _check_text(text: str, loc: Loc) -> None:
    if _not_unicode(text):
        message = f"{text!r} is not valid Unicode text (a lone surrogate escape)"
        raise _refuse(loc, "E001", message)


class _Converter:
    """The round-trip loader's values copied into LMap/LList, within limits.py's bounds
    (`_Refused` beyond one)."""

    def __init__(self, file: str, problems: list[SpecError]) -> None:
        self.file = file
        self.problems = problems
        self.seen: set[int] = set()
        self.aliased = 0

    def convert(self, node: Any, loc: Loc, depth: int = 1, aliased: bool = False) -> Any:
        if isinstance(node, (CommentedMap, CommentedSeq)):
            if depth > limits.MAX_DEPTH:
                message = f"collections nested more than {limits.MAX_DEPTH} levels deep"
                raise _refuse(loc, limits.CODE, message)
            aliased = aliased or id(node) in self.seen
            self.seen.add(id(node))
        if aliased:
            self.aliased += 1
            if self.aliased > limits.MAX_ALIASED:
                raise _refuse(loc, limits.CODE, limits.ALIASED_MESSAGE)
        if isinstance(node, CommentedMap):
            return self.mapping(node, loc, depth, aliased)
        if isinstance(node, CommentedSeq):
            seq = LList(loc)
            for index, item in enumerate(node):
                il, ic = node.lc.item(index) if node.lc.data else (loc.line, loc.column)
                item_loc = Loc(self.file, il, ic)
                seq.put(self.convert(item, item_loc, depth + 1, aliased), item_loc)
            return seq
        if isinstance(node, str):
            _check_text(node, loc)
        return _scalar(node)

    def mapping(self, node: CommentedMap, loc: Loc, depth: int, aliased: bool) -> LMap:
        out = LMap(loc)
        for raw_key, value in node.items():
            (kl, kc), (vl, vc) = _positions(node, raw_key)
            key_loc = Loc(self.file, kl, kc)
            key = str(raw_key)
            _check_text(key, key_loc)
            if not isinstance(raw_key, str):
                message = f"key {raw_key!r} must be a string (quote it)"
                self.problems.append(SpecError(self.file, kl, kc, "E102", message))
            value_loc = Loc(self.file, vl, vc)
            out.put(key, self.convert(value, value_loc, depth + 1, aliased), key_loc, value_loc)
        return out


_INT = "tag:yaml.org,2002:int"


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, with every failure to build a value (an integer too
    long, `!!int abc`, `!!bool maybe`) a YAML error at that value's position."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        if isinstance(node, ScalarNode) and (tag or node.tag) == _INT:
            too_long = limits.int_too_long(str(node.value))
            if too_long is not None:
                raise _IntTooLong(None, None, too_long, node.start_mark)
        try:
            return super().construct_non_recursive_object(node, tag)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            problem = f"cannot build this {node.tag} value: {exc}"
            raise ConstructorError(None, None, problem, node.start_mark) from None


class _IntTooLong(ConstructorError):
    """An integer literal beyond limits.MAX_INT_DIGITS."""


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
    if _too_deep(text, file, quick=True) is not None:
        raise _Unsupported  # never composed: the round-trip path says where
    try:
        root = yaml.compose(text)
    except Exception as exc:
        raise _Unsupported from exc
    if not isinstance(root, MappingNode):
        raise _Unsupported
    top = _FastConverter(file, constructor).convert(root, Loc(file, 0, 0), 1)
    assert isinstance(top, LMap)
    return top


class _FastConverter:
    """The C composer's nodes copied into LMap/LList; _Unsupported on anything the
    round-trip path would read otherwise, or would report."""

    def __init__(self, file: str, constructor: SafeConstructor) -> None:
        self.file = file
        self.constructor = constructor
        self.seen: set[int] = set()

    def loc(self, node: Node) -> Loc:
        return Loc(self.file, node.start_mark.line, node.start_mark.column)

    def scalar(self, node: ScalarNode) -> Any:
        make = _SCALARS.get(node.tag or "")
        if make is None or (node.value == "" and node.tag == f"{_TAG}null"):
            raise _Unsupported  # other tags; an empty value (placed on the next line)
        if node.tag == _INT and limits.int_too_long(node.value):
            raise _Unsupported
        if node.tag == f"{_TAG}str" and _not_unicode(node.value):
            raise _Unsupported
        try:
            return make(self.constructor, node)
        except (ValueError, TypeError, KeyError) as exc:
            raise _Unsupported from exc

    def convert(self, node: Node, here: Loc, depth: int) -> Any:
        if id(node) in self.seen:
            raise _Unsupported  # an alias: the same node twice
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth > limits.MAX_DEPTH:
            raise _Unsupported
        if isinstance(node, MappingNode):
            out = LMap(here)
            for key_node, value_node in node.value:
                if key_node.tag != f"{_TAG}str" or not isinstance(key_node, ScalarNode):
                    raise _Unsupported  # non-string keys, merge keys
                key = self.scalar(key_node)
                if key in out:
                    raise _Unsupported  # duplicate keys
                value_loc = self.loc(value_node)
                value = self.convert(value_node, value_loc, depth + 1)
                out.put(key, value, self.loc(key_node), value_loc)
            return out
        if isinstance(node, SequenceNode):
            seq = LList(here)
            for item in node.value:
                item_loc = self.loc(item)
                seq.put(self.convert(item, item_loc, depth + 1), item_loc)
            return seq
        raise _Unsupported


def _too_deep(text: str, display: str, *, quick: bool) -> SpecError | None:
    """limits.too_deep on the events of the C parser where there is one: the pure one
    looks up to 1024 characters ahead at every level, quadratic in the depth. `quick`:
    skipped when the text cannot nest deep enough to harm the C composer (the fast
    path measures the depth itself as it converts)."""
    if quick and limits.surely_shallow(text):
        return None
    found = _composer()
    yaml = found[0] if found is not None else YAML(typ="rt")
    return limits.too_deep(lambda: yaml.parse(text), display)


def read_source(path: Path) -> tuple[str, str | None]:
    """A spec file's text and, if it cannot be read as a UTF-8 text file within
    limits.MAX_BYTES, why (the text is then what could be read, undecodable bytes
    replaced). Only a regular file is read: a FIFO, a device or a directory is not."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block here
    except OSError as exc:
        return "", f"cannot read file: {exc.strerror or exc}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "", f"cannot read file: {_kind(info.st_mode)}, not a regular file"
        too_big = limits.too_big(info.st_size)
        if too_big is not None:
            return "", f"cannot read file: {too_big}"
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            if sum(map(len, chunks)) > limits.MAX_BYTES:
                return "", f"cannot read file: it grew beyond {limits.MAX_BYTES} bytes"
        data = b"".join(chunks)
    except OSError as exc:
        return "", f"cannot read file: {exc.strerror or exc}"
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), f"cannot read file: {exc}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something"


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
    too_big = limits.too_big(len(text.encode("utf-8", errors="replace")))
    if too_big is not None:
        return None, [SpecError(display, 0, 0, "E001", f"cannot read file: {too_big}")]
    too_deep = _too_deep(text, display, quick=False)
    if too_deep is not None:
        return None, [too_deep]
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        node = yaml.load(text)
    except _IntTooLong as exc:
        return None, [_marked(exc, display, limits.CODE, "")]
    except MarkedYAMLError as exc:
        return None, [_marked(exc, display, "E001", "YAML syntax error: ")]
    except ReaderError as exc:
        at = exc.position if isinstance(exc.position, int) else 0
        line, column = text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1)
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        message = f"YAML syntax error: the character {shown} is not allowed in YAML"
        return None, [SpecError(display, line, column, "E001", message)]
    except YAMLError as exc:
        message = " ".join(str(exc).split())
        return None, [SpecError(display, 0, 0, "E001", f"YAML syntax error: {message}")]
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        message = f"cannot read this YAML: {type(exc).__name__}: {exc}"
        return None, [SpecError(display, 0, 0, "E001", message)]
    problems: list[SpecError] = []
    if not isinstance(node, CommentedMap):
        kind = "empty" if node is None else f"a {type(node).__name__}"
        problems.append(
            SpecError(display, 0, 0, "E102", f"a spec must be a mapping of keys, not {kind}")
        )
        return None, problems
    try:
        top = _Converter(display, problems).convert(node, Loc(display, 0, 0))
    except _Refused as exc:
        return None, [exc.problem]
    assert isinstance(top, LMap)
    return top, problems


def _marked(exc: MarkedYAMLError, display: str, code: str, prefix: str) -> SpecError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    return SpecError(display, line, column, code, f"{prefix}{what}")

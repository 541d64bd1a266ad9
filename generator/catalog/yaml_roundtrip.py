"""The reference way to read a spec: ruamel.yaml's round-trip loader, whose values are
copied into LMap/LList with their positions. It is the one that explains a problem, and
the one every file the fast path (yaml_fast.py) gives up on is read by.

It cannot be made to spend unbounded time or memory (limits.py): nesting is measured on
the parser's events before a file is composed, aliases have a budget, integer literals a
length, text a size.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError

from ..errors import SpecError
from . import limits
from .located import LList, LMap, Loc
from .yaml_parser import INT, not_unicode, too_deep


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


def _refuse(loc: Loc, code: str, message: str) -> _Refused:
    return _Refused(SpecError(loc.file, loc.line, loc.column, code, message))


def _check_text(text: str, loc: Loc) -> None:
    if not_unicode(text):
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


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, with every failure to build a value (an integer too
    long, `!!int abc`, `!!bool maybe`) a YAML error at that value's position."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        if isinstance(node, ScalarNode) and (tag or node.tag) == INT:
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


def read_spec_slowly(text: str, display: str) -> tuple[LMap | None, list[SpecError]]:
    """read_spec through ruamel.yaml's round-trip loader: the reference behaviour, and
    the one that explains a problem."""
    too_big = limits.too_big(len(text.encode("utf-8", errors="replace")))
    if too_big is not None:
        return None, [SpecError(display, 0, 0, "E001", f"cannot read file: {too_big}")]
    nested = too_deep(text, display, quick=False)
    if nested is not None:
        return None, [nested]
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

"""The fast way to read a spec: composed by ruamel.yaml's C parser (ruamel.yaml.clib),
whose nodes carry the same positions as the round-trip loader's at a tenth of the cost.

Anything this path does not handle exactly as the round-trip loader would (a syntax
error, a duplicate or non-string key, anchors, merge keys, explicit tags, a %YAML
directive, an empty value, anything beyond a bound of limits.py) makes it give up
(`Unsupported`), and the file is read again by yaml_roundtrip.py, which reports any
problem.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import limits
from .located import LList, LMap, Loc
from .yaml_parser import INT, TAG, c_composer, not_unicode, too_deep


class Unsupported(Exception):
    """The fast path cannot read this file exactly as the round-trip loader would."""


_DIRECTIVE_OR_TAG = re.compile(r"^%|(?:^|[\s\[{,])!", re.MULTILINE)
"""A %YAML directive, or what may be an explicit tag (!!str, !custom)."""
_SCALARS: dict[str, Any] = {
    f"{TAG}str": lambda c, node: str(node.value),
    f"{TAG}int": SafeConstructor.construct_yaml_int,
    f"{TAG}float": SafeConstructor.construct_yaml_float,
    f"{TAG}bool": SafeConstructor.construct_yaml_bool,
    f"{TAG}null": lambda c, node: None,
}


def read_fast(text: str, file: str) -> LMap:
    """The spec read through the C composer; Unsupported whenever it differs in any way
    from what read_spec_slowly's round-trip path would give."""
    found = c_composer()
    if found is None:
        raise Unsupported
    yaml, constructor = found
    if _DIRECTIVE_OR_TAG.search(text):
        raise Unsupported  # the round-trip loader honours these its own way
    if too_deep(text, file, quick=True) is not None:
        raise Unsupported  # never composed: the round-trip path says where
    try:
        root = yaml.compose(text)
    except Exception as exc:
        raise Unsupported from exc
    if not isinstance(root, MappingNode):
        raise Unsupported
    top = _FastConverter(file, constructor).convert(root, Loc(file, 0, 0), 1)
    assert isinstance(top, LMap)
    return top


class _FastConverter:
    """The C composer's nodes copied into LMap/LList; Unsupported on anything the
    round-trip path would read otherwise, or would report."""

    def __init__(self, file: str, constructor: SafeConstructor) -> None:
        self.file = file
        self.constructor = constructor
        self.seen: set[int] = set()

    def loc(self, node: Node) -> Loc:
        return Loc(self.file, node.start_mark.line, node.start_mark.column)

    def scalar(self, node: ScalarNode) -> Any:
        make = _SCALARS.get(node.tag or "")
        if make is None or (node.value == "" and node.tag == f"{TAG}null"):
            raise Unsupported  # other tags; an empty value (placed on the next line)
        if node.tag == INT and limits.int_too_long(node.value):
            raise Unsupported
        if node.tag == f"{TAG}str" and not_unicode(node.value):
            raise Unsupported
        try:
            return make(self.constructor, node)
        except (ValueError, TypeError, KeyError) as exc:
            raise Unsupported from exc

    def convert(self, node: Node, here: Loc, depth: int) -> Any:
        if id(node) in self.seen:
            raise Unsupported  # an alias: the same node twice
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth > limits.MAX_DEPTH:
            raise Unsupported
        if isinstance(node, MappingNode):
            out = LMap(here)
            for key_node, value_node in node.value:
                if key_node.tag != f"{TAG}str" or not isinstance(key_node, ScalarNode):
                    raise Unsupported  # non-string keys, merge keys
                key = self.scalar(key_node)
                if key in out:
                    raise Unsupported  # duplicate keys
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
        raise Unsupported

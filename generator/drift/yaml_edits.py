"""Sync's plan applied to the spec files' text with ruamel.yaml's round trip, so comments,
key order, quoting and layout of everything untouched stay as they were."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .sync_plan import DELETE, SyncPlan


def yaml() -> YAML:
    """The round-trip YAML the spec files are written in (see specs/ for the layout)."""
    out = YAML()
    out.preserve_quotes = True
    out.width = 4096
    out.indent(mapping=2, sequence=4, offset=2)
    out.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return out


def _to_yaml_value(value: Any) -> Any:
    """Plain data as ruamel nodes; short lists of scalars in flow style, as specs write them."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _to_yaml_value(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_to_yaml_value(v) for v in value)
        if all(not isinstance(v, (Mapping, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return _scalar(value)


def _apply(document: CommentedMap, keys: tuple[str, ...], value: Any) -> None:
    node = document
    for key in keys[:-1]:
        if key not in node or not isinstance(node[key], CommentedMap):
            node[key] = CommentedMap()
        node = node[key]
    last = keys[-1]
    if value is DELETE:
        node.pop(last, None)
        return
    old = node.get(last)
    if isinstance(old, CommentedSeq) and isinstance(value, list):
        quoted = [type(item) for item in old if isinstance(item, str) and type(item) is not str]
        seq = _to_yaml_value([quoted[0](v) if quoted and isinstance(v, str) else v for v in value])
        if not old.fa.flow_style():
            seq.fa.set_block_style()
        node[last] = seq
    elif not isinstance(value, (Mapping, list)) and last in node:
        node[last] = _keep_style(old, value)
    else:
        node[last] = _to_yaml_value(value)


_AMBIGUOUS = re.compile(
    r"^$|^[-+.]?[0-9][0-9_:.eE+-]*$|^(?:true|false|yes|no|on|off|y|n|null|~)$", re.IGNORECASE
)


def _scalar(value: Any) -> Any:
    """Strings that other YAML readers could take for numbers, booleans or null get quotes
    (as the specs write "16:9" and "8s"); everything else is written as it is."""
    if isinstance(value, str) and type(value) is str and _AMBIGUOUS.match(value):
        return DoubleQuotedScalarString(value)
    return value


def _keep_style(old: Any, value: Any) -> Any:
    """A new scalar in the old one's quoting style, when both are strings."""
    if isinstance(value, str) and isinstance(old, str) and type(old) is not str:
        try:
            return type(old)(value)
        except TypeError:
            pass
    return _scalar(value)


def render_plan(plan: SyncPlan) -> dict[Path, str | None]:
    """New text for each touched file (None: delete it)."""
    y = yaml()
    out: dict[Path, str | None] = {}
    for path, edits in plan.edits.items():
        document = y.load(path.read_text("utf-8"))
        for keys, value in edits:
            _apply(document, keys, value)
        buffer = io.StringIO()
        y.dump(document, buffer)
        out[path] = buffer.getvalue()
    for path, spec in plan.created.items():
        buffer = io.StringIO()
        y.dump(_to_yaml_value(spec), buffer)
        out[path] = buffer.getvalue()
    for path in plan.deleted:
        out[path] = None
    return out

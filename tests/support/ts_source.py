"""Reading rendered TypeScript back: an interface's JSDoc and fields, the names a module
exports, the JSON value a declaration is given, and whether every `*/` ends a comment."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_KEY = r'"(?:[^"\\]|\\.)*"|[A-Za-z_$][\w$]*'
_FIELD = re.compile(rf"^  (?:readonly )?(?P<key>{_KEY})(?P<optional>\??): (?P<type>.+);$")


@dataclass(frozen=True)
class Field:
    key: str
    optional: bool
    type: str
    doc: tuple[str, ...]


def _key(text: str) -> str:
    return str(json.loads(text)) if text.startswith('"') else text


def _doc(lines: list[str]) -> tuple[str, ...]:
    """The text of a JSDoc block's lines (`/**`, ` * text`, ` */` or `/** text */`)."""
    if len(lines) == 1:
        return (lines[0].strip().removeprefix("/** ").removesuffix(" */"),)
    inner = [line.strip() for line in lines[1:-1]]
    assert all(line == "*" or line.startswith("* ") for line in inner), lines
    return tuple(line[2:] for line in inner)


def interface(text: str, name: str) -> tuple[tuple[str, ...], list[Field]]:
    """The JSDoc (if any) and the fields of `export interface name ... { ... }`."""
    lines = text.splitlines()
    start = next(
        at
        for at, line in enumerate(lines)
        if line.startswith(f"export interface {name} ") and line.endswith("{")
    )
    opening = start
    if lines[start - 1].endswith("*/"):  # a JSDoc right above it
        opening = start - 1
        while not lines[opening].startswith("/**"):
            opening -= 1
    end = lines.index("}", start)
    fields: list[Field] = []
    doc: list[str] = []
    for line in lines[start + 1 : end]:
        if line.strip().startswith("/**") or (doc and not doc[-1].strip().endswith("*/")):
            doc.append(line)
            continue
        match = _FIELD.match(line)
        if match is None:  # an index signature
            assert line.strip().startswith("readonly [key: string]"), line
            continue
        optional = bool(match["optional"])
        fields.append(Field(_key(match["key"]), optional, match["type"], _doc(doc) if doc else ()))
        doc = []
    return (_doc(lines[opening:start]) if opening < start else ()), fields


def exports(text: str) -> set[str]:
    """The names a module exports (`* from "path"` for a re-export of all)."""
    found = set(
        re.findall(r"^export (?:async )?(?:function|class|interface|const|type) (\w+)", text, re.M)
    )
    for names in re.findall(r"^export (?:type )?\{([^}]*)\}", text, re.M):
        found |= {name.split(" as ")[-1].strip() for name in names.split(",") if name.strip()}
    found |= {
        f"* from {path}" for path in re.findall(r'^export (?:type )?\* from "(.+)";$', text, re.M)
    }
    return found


def json_value(text: str, declaration: str) -> Any:
    """The JSON value of `declaration = <value>;` in `text`."""
    value = text.split(f"{declaration} = ", 1)[1]
    return json.loads(value[: value.index(";\n")])


def comments_close_where_they_end(text: str) -> bool:
    """No `*/` but at the end of a comment: a text holding one cannot end its JSDoc early."""
    for line in text.splitlines():
        if "*/" in line and (line.count("*/") != 1 or not line.endswith("*/")):
            return False
        if "*/" in line and not (line.strip() == "*/" or line.lstrip().startswith("/**")):
            return False
    return True

"""`hubgen lint` and `hubgen generate --check` findings as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import SpecError

if TYPE_CHECKING:
    from .output.writer import Stale

CHECK_FORMATS = ("text", "json", "github")


def _gh_data(text: str) -> str:
    """Escape a workflow command's message (%, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """Escape a workflow command's property value (also ':' and ',')."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def lint_output(problems: Sequence[SpecError], models: int | None, fmt: str) -> str:
    """Every problem, in `fmt`; "" when text has nothing to say."""
    if fmt == "json":
        data = {
            "version": 1,
            "models": models,
            "errors": sum(p.level == "error" for p in problems),
            "problems": [
                {
                    "file": p.file,
                    "line": p.line + 1,
                    "column": p.column + 1,
                    "level": p.level,
                    "code": p.code,
                    "message": p.message,
                }
                for p in problems
            ],
        }
        return json.dumps(data, indent=2) + "\n"
    if fmt == "github":
        lines = []
        for p in problems:
            kind = "error" if p.level == "error" else "warning"
            where = f"file={_gh_property(p.file)},line={p.line + 1},col={p.column + 1}"
            lines.append(f"::{kind} {where},title={_gh_property(p.code)}::{_gh_data(p.message)}")
        return "".join(f"{line}\n" for line in lines)
    return "".join(f"{p.format()}\n" for p in problems)


def stale_output(stale: Sequence[Stale], out: str, fmt: str) -> str:
    """The stale files of generated/ (`out`), in `fmt`."""
    if fmt == "json":
        data = {
            "version": 1,
            "up_to_date": not stale,
            "stale": [{"path": f"{out}/{s.path}", "reason": s.reason} for s in stale],
        }
        return json.dumps(data, indent=2) + "\n"
    if fmt == "github":
        return "".join(
            f"::error file={_gh_property(f'{out}/{s.path}')},title=stale generated file::"
            + _gh_data(f"{out}/{s.path} is {s.reason}; run `hubgen generate`")
            + "\n"
            for s in stale
        )
    return "".join(f"stale: {out}/{s.path} ({s.reason})\n" for s in stale)

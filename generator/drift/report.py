"""A list of changes as text, JSON, Markdown or GitHub workflow annotations.

The JSON shape is stable:

    {"version": 1, "source": ..., "target": ..., "models_checked": N,
     "summary": {"breaking": N, "additive": N, "info": N},
     "changes": [{"model", "field", "kind", "class", "before", "after", "message"}, ...]}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..render.filters import md_cell
from .compare import CLASSES, Change, counts

FORMATS = ("text", "json", "markdown", "github")


def summary_line(changes: list[Change], models: int) -> str:
    found = counts(changes)
    if not changes:
        return f"no drift: {models} models agree"
    parts = ", ".join(f"{found[c]} {c}" for c in CLASSES)
    return f"drift: {len(changes)} change(s) in {models} models checked ({parts})"


def render(changes: list[Change], *, fmt: str, source: str, target: str, models: int) -> str:
    if fmt == "json":
        body: dict[str, Any] = {
            "version": 1,
            "source": source,
            "target": target,
            "models_checked": models,
            "summary": counts(changes),
            "changes": [c.as_json() for c in changes],
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        lines = [f"## Catalog drift: {source} → {target}", "", summary_line(changes, models), ""]
        if changes:
            lines += ["| Class | Model | Field | Change |", "|---|---|---|---|"]
            lines += [
                "| "
                + " | ".join(md_cell(v) for v in (c.cls, c.model, c.field or "–", c.message))
                + " |"
                for c in changes
            ]
            lines.append("")
        return "\n".join(lines) + "\n"
    if fmt == "github":
        level = {"breaking": "error", "additive": "warning", "info": "notice"}
        lines = [
            f"::{level[c.cls]} title={_gh_property(f'{c.cls}: {c.model}')}::{_gh_data(_where(c))}"
            for c in changes
        ]
        return "\n".join([*lines, summary_line(changes, models)]) + "\n"
    width = max((len(c.model) for c in changes), default=0)
    lines = [
        f"{c.cls:<9} {c.model:<{width}}  {c.field + ': ' if c.field else ''}{c.message}"
        for c in changes
    ]
    return "\n".join([*lines, summary_line(changes, models)]) + "\n"


def _where(change: Change) -> str:
    field = f" {change.field}" if change.field else ""
    return f"{change.model}{field}: {change.message}"


def _gh_data(text: str) -> str:
    """Escape a workflow command's message (%, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """Escape a workflow command's property value (also ':' and ',')."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def load_json_report(text: str) -> tuple[list[Change], str, str, int]:
    """A report written with --format json, back as (changes, source, target, models)."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError("not a version 1 hubgen JSON report")
    changes = [
        Change(c["model"], c["field"], c["kind"], c["class"], c.get("before"), c.get("after"))
        for c in data["changes"]
    ]
    return changes, str(data["source"]), str(data["target"]), int(data["models_checked"])


def read_json_report(path: str) -> tuple[list[Change], str, str, int]:
    """The report in file `path` (see load_json_report); UsageError naming the file when it
    cannot be read or is not a hubgen JSON report."""
    try:
        text = Path(path).read_text("utf-8")
        return load_json_report(text)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: not a hubgen JSON report ({exc})") from None

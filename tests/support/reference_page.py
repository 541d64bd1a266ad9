"""A parser for the hub's scraped reference page (tests/fixtures/reference_page.txt).

The page's tables were scraped with empty cells dropped, so a row whose Req cell was
empty (no ✓) has one cell fewer and its columns shift left. This module undoes that
and yields, per model, the parameter rows and the example request exactly as printed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .repository import ROOT

PAGE = ROOT / "tests" / "fixtures" / "reference_page.txt"
MODES = (
    "first-last-frame-to-video",
    "reference-to-video",
    "image-to-video",
    "text-to-video",
    "video-to-video",
)
HEADER = re.compile(
    r"^(?P<id>[a-z0-9][a-z0-9.-]*) — (?P<name>.+) \((?P<vendor>[^)]+)\) · "
    r"(?P<mode>" + "|".join(MODES) + r")(?P<summary>.*)$"
)
API_ONLY = " Note: API-only parameter."
EMPTY = "–"
END = "Documentation Index"  # the page's footer: no more models after it
# The ids of the models on the page, in its order.
EXPECTED_IDS = (
    """veo-3.1 veo-3.1-image veo-3.1-ref veo-3.1-first-last veo-3.1-fast veo-3.1-fast-image
veo-3.1-fast-ref veo-3.1-lite veo-3.1-lite-image veo-3 veo-3-image kling-v3-standard
kling-v3-standard-image kling-v3-pro kling-v3-pro-image wan-2.7 wan-2.7-image wan-2.7-ref
wan-2.7-edit seedance-2.0 seedance-2.0-image seedance-2.0-ref seedance-2.0-fast
seedance-2.0-fast-image seedance-2.0-fast-ref""".split()
)


@dataclass
class PageRow:
    name: str
    type: str
    required: bool
    default: str | None
    values: list[str] | None
    description: str
    api_only: bool


@dataclass
class PageModel:
    id: str
    name: str
    vendor: str
    mode: str
    summary: str
    rows: list[PageRow] = field(default_factory=list)
    example: dict[str, Any] = field(default_factory=dict)


def _cell(text: str) -> str | None:
    return None if text == EMPTY else text


def parse_row(line: str) -> PageRow:
    cells = [c.strip() for c in line.strip().removesuffix("|").split(" | ")]
    cells = [c.removesuffix(" |").strip() for c in cells]
    while cells and cells[-1] == "":
        cells.pop()
    required = len(cells) > 2 and cells[2] == "✓"
    if required:
        del cells[2]
    cells += [EMPTY] * (5 - len(cells))
    name, type_, default, values, description = cells[:5]
    api_only = description.endswith(API_ONLY)
    description = description.removesuffix(API_ONLY)
    values_cell = _cell(values)
    return PageRow(
        name=name,
        type=type_,
        required=required,
        default=_cell(default),
        values=values_cell.split(" ") if values_cell else None,
        description=_cell(description) or "",
        api_only=api_only,
    )


def parse_page(text: str | None = None) -> dict[str, PageModel]:
    lines = (text if text is not None else PAGE.read_text("utf-8")).splitlines()
    models: dict[str, PageModel] = {}
    current: PageModel | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(END):
            break
        match = HEADER.match(line)
        if match:
            current = PageModel(**match.groupdict())
            models[current.id] = current
        elif current is not None and line == "{":
            block = [line]
            while True:
                i += 1
                block.append(lines[i])
                try:
                    request = json.loads("\n".join(block))
                except json.JSONDecodeError:
                    continue
                break
            assert request["model"] == current.id
            current.example = request["input"]
        elif current is not None and " | " in line and not line.startswith("| Parameter"):
            if not line.startswith("|---"):
                current.rows.append(parse_row(line))
        i += 1
    return models

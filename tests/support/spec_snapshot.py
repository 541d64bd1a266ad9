"""The YAML files under a folder and their text, to compare a specs/ tree before and
after a command."""

from __future__ import annotations

from pathlib import Path


def snapshot(root: Path) -> dict[str, str]:
    """Every *.yaml under `root`, by its path relative to `root`, with its text."""
    return {p.relative_to(root).as_posix(): p.read_text("utf-8") for p in root.rglob("*.yaml")}

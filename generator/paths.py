"""Where hubgen reads specs and templates and writes generated output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Paths:
    specs: Path
    templates: Path
    out: Path

    def require(self, *, templates: bool = True) -> None:
        needed = [("specs", self.specs)] + ([("templates", self.templates)] if templates else [])
        for what, path in needed:
            if not path.is_dir():
                raise UsageError(f"{what} directory not found: {path}")

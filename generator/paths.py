"""Where hubgen reads specs and templates and writes generated output."""

from __future__ import annotations

import os
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


def spec_file_names(specs: str | os.PathLike[str]) -> list[str]:
    """The spec files of `specs`' bases/ and models/ folders (`*.yaml`), as POSIX paths
    relative to `specs`, bases first, each folder sorted: what the loader reads besides
    hub.yaml, and what the freshness check hashes. A folder that is missing, is not a
    folder or cannot be listed holds none. Strings, not paths: there are thousands."""
    names: list[str] = []
    for folder in ("bases", "models"):
        try:
            found = os.listdir(os.path.join(specs, folder))
        except OSError:
            continue
        names += sorted(f"{folder}/{name}" for name in found if name.endswith(".yaml"))
    return names

"""Errors of hubgen.

Problems found in specs are data, not exceptions: every check returns `SpecError`s,
they are collected over all files and printed together, sorted by position.

Failures that stop a run are exceptions, translated at the CLI into one message and an
exit code::

    HubgenError              anything hubgen reports and stops on
    ├── UsageError           bad arguments, a missing directory            exit 2
    ├── SpecsInvalid         the specs have problems (carries them)        exit 1
    └── RenderError          a template failed, or its output is invalid   exit 1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SpecError:
    """One problem in one spec file. Line and column are 0-based; shown 1-based."""

    file: str
    line: int
    column: int
    code: str
    message: str
    level: str = "error"

    def format(self) -> str:
        where = f"{self.file}:{self.line + 1}:{self.column + 1}"
        return f"{where}: {self.level}[{self.code}] {self.message}"


class HubgenError(Exception):
    """Base of every failure hubgen reports itself."""

    exit_code = 2


class UsageError(HubgenError):
    """The command could not run: bad arguments or missing inputs."""

    exit_code = 2


class SpecsInvalid(HubgenError):
    """The specs have problems; `problems` holds all of them."""

    exit_code = 1

    def __init__(self, problems: Iterable[SpecError]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(f"{len(self.problems)} problem(s) in specs")


class RenderError(HubgenError):
    """A template failed to render, or rendered text that is not valid for its kind."""

    exit_code = 1

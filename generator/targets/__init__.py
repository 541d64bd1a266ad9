"""Targets: each turns the Catalog into (path, text) pairs under generated/.

A target never reads specs or writes files; it renders through the shared environment.
"""

from __future__ import annotations

from pathlib import PurePosixPath

Files = dict[PurePosixPath, str]


class Preformatted(str):
    """Text a target already wrote exactly as black would: the pipeline checks that it
    compiles but does not run black on it (tests hold it to black's output)."""

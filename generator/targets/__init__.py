"""Targets: each turns the Catalog into (path, text) pairs under generated/.

A target never reads specs or writes files; it renders through the shared environment.
"""

from __future__ import annotations

from pathlib import PurePosixPath

Files = dict[PurePosixPath, str]

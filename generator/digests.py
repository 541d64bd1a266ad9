"""Content hashes: of a text, and of the generator itself.

The loader's memo, the cache of rendered files, the manifest and the freshness check
all key on these; this module imports nothing of hubgen's, so any stage may use it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def generator_digest() -> str:
    """A hash of the generator's own code and black's version: output depends on both."""
    hasher = hashlib.sha256(f"black {version('black')}\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()

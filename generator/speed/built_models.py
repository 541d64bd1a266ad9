"""Loading specs/ with the models built before: one cache pack per specs/ tree.

The loader takes any `Store` (catalog/memo.py); this is the one on disk, under the
cache directory (speed/cache.py), that generate, lint, drift and sync share.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import LoadResult, load_catalog
from . import cache


def load_reusing(specs: Path) -> LoadResult:
    """load_catalog, reusing each model built without problems from the same files before."""
    return load_catalog(specs, store=cache.Pack("models", str(specs.resolve()), separate=True))

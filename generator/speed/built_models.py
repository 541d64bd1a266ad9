"""Loading specs/ with the models built before: one cache pack per specs/ tree.

The loader takes any `Store` (catalog/memo.py); this is the one on disk, under the
cache directory (speed/cache.py), that generate, lint, drift and sync share.
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import LoadResult, load_catalog
from . import cache
from .fast_checks import FastChecks


def load_reusing(specs: Path) -> LoadResult:
    """load_catalog, reusing each model built without problems from the same files before,
    with specs and examples vouched for by schemas compiled to Python (fast_checks.py)."""
    store = cache.Pack("models", str(specs.resolve()), separate=True)
    return load_catalog(specs, store=store, vouch=FastChecks())

"""hubgen: keeps SDKs, schemas and docs in lock-step with the hub's model catalog.

The library surface, for scripts and other tools; the CLI (`generator.cli`) is built on it::

    from pathlib import Path
    import generator

    result = generator.load_catalog(Path("specs"))      # problems as data, never raised
    if result.catalog is not None:
        files = generator.render_all(result.catalog, Path("templates"))   # path -> text
    generator.generate(generator.Paths(Path("specs"), Path("templates"), Path("generated")))

Names load on first use, so that `import generator` (and the CLI's start) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Capability": ".catalog",
    "Catalog": ".catalog",
    "HubSpec": ".catalog",
    "HubgenError": ".errors",
    "LoadResult": ".catalog",
    "ModelSpec": ".catalog",
    "Parameter": ".catalog",
    "Paths": ".paths",
    "RenderError": ".errors",
    "Rule": ".catalog",
    "SpecError": ".errors",
    "SpecsInvalid": ".errors",
    "Stale": ".output.writer",
    "UsageError": ".errors",
    "check": ".project",
    "generate": ".project",
    "load_catalog": ".catalog",
    "render_all": ".project",
}

__all__ = [
    "Capability",
    "Catalog",
    "HubSpec",
    "HubgenError",
    "LoadResult",
    "ModelSpec",
    "Parameter",
    "Paths",
    "RenderError",
    "Rule",
    "SpecError",
    "SpecsInvalid",
    "Stale",
    "UsageError",
    "__version__",
    "check",
    "generate",
    "load_catalog",
    "render_all",
]

if TYPE_CHECKING:
    from .catalog import (
        Capability,
        Catalog,
        HubSpec,
        LoadResult,
        ModelSpec,
        Parameter,
        Rule,
        load_catalog,
    )
    from .errors import HubgenError, RenderError, SpecError, SpecsInvalid, UsageError
    from .output.writer import Stale
    from .paths import Paths
    from .project import check, generate, render_all


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

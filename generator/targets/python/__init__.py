"""The `hub_sdk` package: one pydantic request model per catalog model, a registry,
and the hand-written runtime copied from templates/python/runtime/.

The target itself (`model_files`, `catalog_files`); the modules beside it build the values
the templates lay out: each request model, the client's resources and task fields, and
the exported names. The templates that spell their statements through
python/_layout.jinja's macros lay them out as black does (`LaidOut`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment

from ...catalog import Catalog, ModelSpec
from ...catalog.constraints import CONSTRAINTS
from ...catalog.hub import HubSpec
from ...naming import class_name, module_name
from ...render.environment import raw_source, render
from ...render.layout import LaidOut, Preformatted
from .. import Files, Parts
from .client_surface import Resource, task_fields
from .exports import LAZY_RUNTIME, RUNTIME_EXPORTS, export_order
from .request_model import request_module

ROOT = PurePosixPath("python")
PACKAGE = ROOT / "hub_sdk"
RUNTIME = (
    "_api.py",
    "_base.py",
    "_core.py",
    "_errors.py",
    "_exceptions.py",
    "_polling.py",
    "_transport.py",
    "_types.py",
)


@dataclass(frozen=True)
class RegistryEntry:
    """One model as the package-level templates list it."""

    id: str
    module: str
    cls: str
    model: ModelSpec


PARTS: tuple[str, ...] = ()


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    """The model's request module."""
    module = request_module(model)
    text = render(env, "python/model.py.jinja", module=module)
    return {PACKAGE / "models" / f"{module_name(model.id)}.py": LaidOut(text)}


def catalog_context(catalog: Catalog) -> dict[str, Any]:
    """What the catalog-wide templates are given."""
    entries = [RegistryEntry(m.id, module_name(m.id), class_name(m.id), m) for m in catalog.models]
    exports = sorted(RUNTIME_EXPORTS, key=export_order)
    resources = [
        Resource(c.name, class_name(c.name, ""), c.path, [m.id for m in catalog.models_of(c.name)])
        for c in catalog.hub.capabilities
    ]
    return {
        "constraints": CONSTRAINTS,
        "type_imports": sorted((f".{module}", name) for name, module in LAZY_RUNTIME.items()),
        "catalog": catalog,
        "hub": catalog.hub,
        "entries": entries,
        "exports": exports,
        "lazy": LAZY_RUNTIME,
        "lazy_imports": sorted((module, name) for name, module in LAZY_RUNTIME.items()),
        "resources": resources,
        "resource_classes": sorted(r.cls for r in resources),
        "any_ids": any(r.ids for r in resources),
        "fields": task_fields(catalog),
        "aliased": any(f.aliases for f in catalog.hub.task),
    }


def model_parts(model: ModelSpec, hub: HubSpec, env: Environment) -> Parts:
    return {}


def catalog_files(catalog: Catalog, env: Environment, parts: Sequence[Parts]) -> Files:
    """The package around the request modules: registry, exports, client stub, runtime."""
    files: Files = {}
    context = catalog_context(catalog)
    for template, path in (
        ("python/models_init.py.jinja", PACKAGE / "models" / "__init__.py"),
        ("python/runtime_init.py.jinja", PACKAGE / "_runtime" / "__init__.py"),
        ("python/hub.py.jinja", PACKAGE / "_hub.py"),
        ("python/pyproject.toml.jinja", ROOT / "pyproject.toml"),
        ("python/README.md.jinja", ROOT / "README.md"),
    ):
        files[path] = render(env, template, **context)
    for template, path in (
        ("python/registry.py.jinja", PACKAGE / "_registry.py"),
        ("python/limits.py.jinja", PACKAGE / "_runtime" / "_limits.py"),
        ("python/task.py.jinja", PACKAGE / "_task.py"),
        ("python/init.py.jinja", PACKAGE / "__init__.py"),
    ):
        files[path] = LaidOut(render(env, template, **context))
    runtime = PACKAGE / "_runtime"
    for sync, name in ((True, "_client.py"), (False, "_async_client.py")):
        files[runtime / name] = render(env, "python/client.py.jinja", sync=sync, **context)
    for stub, name in ((False, "_resources.py"), (True, "_resources.pyi")):
        text = render(env, "python/resources.py.jinja", stub=stub, **context)
        files[runtime / name] = LaidOut(text) if stub else text
    files[PACKAGE / "py.typed"] = ""
    for name in RUNTIME:
        source = f"templates/python/runtime/{name}"
        header = render(env, "header.jinja", comment="#", source=source, bases=())
        # Hand-written, held to black by `make lint`: copied as it is.
        files[PACKAGE / "_runtime" / name] = Preformatted(
            header + raw_source(env, f"python/runtime/{name}")
        )
    return files

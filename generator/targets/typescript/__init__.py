"""`typescript/`: the npm package, from the same catalog as the Python SDK.

Per model, `src/models/<module>.ts`: the input interface (JSDoc with descriptions and
defaults) and its validation table as data. Per catalog: the capability maps from model
id to input type, the validator registry (`hub-sdk/validate`, every table), the client's
lazy loaders (`src/tables.ts` and its shards, dynamic imports down to each model's
module, so a bundle holds only the tables it calls), the client, the task type,
package.json, the lock file and the tsconfigs; the hand-written runtime
(templates/typescript/runtime/) is copied as it is. Python computes every type string and
literal; templates lay them out.

The target itself (`model_files`, `catalog_files`); the modules beside it hold the
source fragments, the interfaces, the tables, the npm package files and the task type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Environment

from ...catalog import Catalog, ModelSpec
from ...catalog.hub import HubSpec
from ...naming import class_name, module_name
from ...render.environment import raw_source, render
from ...render.filters import to_json
from .. import Files, Parts
from .interfaces import interfaces
from .npm_package import ROOT, SRC, package_files
from .syntax import header, ts_literal
from .tables import model_table, table_files
from .task_type import task_context

RUNTIME = ("core.ts", "errors.ts", "resources.ts", "validate-core.ts")


def model_context(model: ModelSpec) -> dict[str, Any]:
    """What typescript/model.ts.jinja is given for one model."""
    return {
        "header": header(model.source, model.bases),
        "model": model,
        "interfaces": interfaces(model),
        "table_name": class_name(model.id, "Table"),
        "table": to_json(model_table(model)),
    }


PARTS: tuple[str, ...] = ()


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    text = render(env, "typescript/model.ts.jinja", **model_context(model))
    return {SRC / "models" / f"{module_name(model.id)}.ts": text}


def model_import(model_id: str) -> dict[str, str]:
    """How the catalog-wide modules name one model: its key, input type, table and module."""
    return {
        "id": model_id,
        "key": ts_literal(model_id),
        "cls": class_name(model_id),
        "table": class_name(model_id, "Table"),
        "module": module_name(model_id),
    }


def catalog_context(catalog: Catalog) -> dict[str, Any]:
    """What the catalog-wide templates are given."""
    hub = catalog.hub
    top = header(hub.source)
    imports = [model_import(m.id) for m in catalog.models]
    by_id = {i["key"]: i for i in imports}
    capabilities = [
        {
            "name": c.name,
            "map": class_name(c.name, "Models"),
            "path": ts_literal(c.path),
            "summary": c.summary,
            "models": [by_id[ts_literal(m.id)] for m in catalog.models_of(c.name)],
        }
        for c in hub.capabilities
    ]
    polling = hub.polling
    surface = {
        "baseURL": hub.base_url,
        "tokenEnv": hub.auth_env,
        "baseURLEnv": hub.base_url_env,
        "authHeader": hub.auth_header,
        "taskPath": hub.endpoint("get_task").path,
        "polling": {
            "interval": polling.interval,
            "maxInterval": polling.max_interval,
            "backoff": polling.backoff,
            "jitter": polling.jitter,
            "timeout": polling.timeout,
            "running": list(polling.running),
            "succeeded": list(polling.succeeded),
            "failed": list(polling.failed),
        },
    }
    return {
        "header": top,
        "hub": hub,
        "imports": imports,
        "capabilities": capabilities,
        "surface": to_json(surface),
        "list_path": ts_literal(hub.endpoint("list_models").path),
        "model_path": ts_literal(hub.endpoint("get_model").path),
        **task_context(hub),
    }


def model_parts(model: ModelSpec, hub: HubSpec, env: Environment) -> Parts:
    return {}


def catalog_files(catalog: Catalog, env: Environment, parts: Sequence[Parts]) -> Files:
    hub = catalog.hub
    context = catalog_context(catalog)
    files = package_files(hub)
    for template, path in (
        ("typescript/models.ts.jinja", SRC / "models.ts"),
        ("typescript/validate.ts.jinja", SRC / "validate.ts"),
        ("typescript/client.ts.jinja", SRC / "client.ts"),
        ("typescript/base.ts.jinja", SRC / "base.ts"),
        ("typescript/shared.ts.jinja", SRC / "shared.ts"),
        ("typescript/standalone.ts.jinja", SRC / "standalone.ts"),
        ("typescript/index.ts.jinja", SRC / "index.ts"),
        ("typescript/task.ts.jinja", SRC / "task.ts"),
    ):
        files[path] = render(env, template, **context)
    files.update(table_files(context["imports"], context["header"], env))
    for name in RUNTIME:
        source = f"templates/typescript/runtime/{name}"
        files[SRC / "runtime" / name] = (
            f"{header(source)}\n{raw_source(env, f'typescript/runtime/{name}')}"
        )
    source = "templates/typescript/runtime/finish.mjs"
    files[ROOT / "scripts" / "finish.mjs"] = (
        f"{header(source)}\n{raw_source(env, 'typescript/runtime/finish.mjs')}"
    )
    return files

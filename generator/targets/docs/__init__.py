"""`docs/`: one page per model, an index with a comparison matrix, and `mkdocs.yml`.

Everything a page shows is computed as plain text (the model page's text, its examples,
the index's sections and matrices, in the modules beside this one); the templates lay it
out and escape it per Markdown cell through the `md_cell` filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from jinja2 import Environment

from ...catalog import Catalog, ModelSpec
from ...catalog.hub import HubSpec
from ...catalog.images import IMAGE_URLS
from ...documents.wire import model_document
from ...render.environment import render
from .. import Files, Parts
from .examples import curl_command, python_call, typescript_call
from .index_page import section
from .model_page import Page, constraints, images_text, page_path, table_rows

DOCS = PurePosixPath("docs")


PARTS: tuple[str, ...] = ()


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    """The model's page."""
    request = {"model": model.id, "input": model.hub_example()}
    page = Page(
        model=model,
        path=page_path(model),
        rows=table_rows(model),
        images=images_text(model),
        constraints=constraints(model),
        request=request,
        curl=curl_command(hub, hub.capability(model.capability).path, request),
        python=python_call(model),
        typescript=typescript_call(model, hub),
    )
    return {DOCS / page.path: render(env, "docs/model.md.jinja", page=page, hub=hub)}


def model_parts(model: ModelSpec, hub: HubSpec, env: Environment) -> Parts:
    return {}


def catalog_files(catalog: Catalog, env: Environment, parts: Sequence[Parts]) -> Files:
    """The index with its comparison matrix, the API page and mkdocs.yml."""
    hub = catalog.hub
    sections = [section(c, catalog.models_of(c.name)) for c in hub.capabilities]
    context = {"hub": hub, "sections": sections, "image_field": IMAGE_URLS}
    files: Files = {DOCS / "index.md": render(env, "docs/index.md.jinja", **context)}
    sample = model_document(catalog.models[0])
    sample["input_schema"] = {"...": "the JSON Schema of the input, as schemas/<id>.json"}
    files[DOCS / "api.md"] = render(
        env,
        "docs/api.md.jinja",
        hub=hub,
        sample=sample,
        capabilities=hub.capabilities,
        task_path=hub.endpoint("get_task").path,
        model_path=hub.endpoint("get_model").path,
    )
    files[PurePosixPath("mkdocs.yml")] = render(env, "docs/mkdocs.yml.jinja", **context)
    files[DOCS / "stylesheets" / "hubgen.css"] = render(env, "docs/hubgen.css.jinja")
    return files

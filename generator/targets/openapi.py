"""`openapi.json`: the OpenAPI 3.1 document of the whole hub."""

from __future__ import annotations

from pathlib import PurePosixPath

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec
from ..catalog.hub import HubSpec
from ..documents.openapi_document import openapi_document
from ..render.environment import render
from . import Files


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    return {}


def catalog_files(catalog: Catalog, env: Environment) -> Files:
    document = openapi_document(catalog)
    return {PurePosixPath("openapi.json"): render(env, "openapi.json.jinja", document=document)}

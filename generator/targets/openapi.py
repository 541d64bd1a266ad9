"""`openapi.json`: the OpenAPI 3.1 document of the whole hub."""

from __future__ import annotations

from pathlib import PurePosixPath

from jinja2 import Environment

from ..catalog import Catalog
from ..openapi import openapi_document
from ..render import render
from . import Files


def render_openapi(catalog: Catalog, env: Environment) -> Files:
    document = openapi_document(catalog)
    return {PurePosixPath("openapi.json"): render(env, "openapi.json.jinja", document=document)}

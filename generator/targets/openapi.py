"""`openapi.json`: the OpenAPI 3.1 document of the whole hub.

Each model's pieces of it (input schema, request schema, example) are its parts, written
out by `to_json` for where they stand (INDENT); the document is written around them and
they are filled in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec
from ..catalog.hub import HubSpec
from ..documents.json_text import JSONText, fill, indented
from ..documents.openapi_document import ModelPieces, model_pieces, openapi_document
from ..render.environment import render
from ..render.filters import to_json
from ..render.layout import Assembled
from . import Files, Parts

OPENAPI = PurePosixPath("openapi.json")
PARTS: tuple[str, ...] = ("input", "request", "example")
INDENT = {"input": 6, "request": 6, "example": 18}
"""How far the line each part stands on is indented in the document (components/schemas/
<name>, and an operation's examples/<id>/value). Where a part lands elsewhere it is
indented again as it is filled in: a wrong figure costs time, not bytes."""


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    return {}


def model_parts(model: ModelSpec, hub: HubSpec, env: Environment) -> Parts:
    pieces = model_pieces(model)
    return {name: indented(to_json(getattr(pieces, name)), INDENT[name]) for name in PARTS}


def catalog_files(catalog: Catalog, env: Environment, parts: Sequence[Parts]) -> Files:
    texts = [
        {name: JSONText(f"{at}.{name}", part[name], INDENT[name]) for name in PARTS}
        for at, part in enumerate(parts)
    ]
    document = openapi_document(catalog, [ModelPieces(**each) for each in texts])
    skeleton = render(env, "openapi.json.jinja", document=document)
    filled = fill(skeleton, {t.key: t for each in texts for t in each.values()})
    return {OPENAPI: Assembled(filled, skeleton)}

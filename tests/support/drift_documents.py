"""A catalog's model documents as a hub serves them, and the routes of a scripted hub
(tests/support/local_hubs.py) that lists and serves them."""

from __future__ import annotations

from typing import Any

from generator.catalog import Catalog
from generator.documents.wire import model_document


def hub_routes(documents: dict[str, Any]) -> dict[str, Any]:
    routes: dict[str, Any] = {
        "/hub/v1/models": [(200, {}, {"models": [{"id": mid} for mid in documents]})]
    }
    for mid, document in documents.items():
        routes[f"/hub/v1/models/{mid}"] = [(200, {}, document)]
    return routes


def all_documents(catalog: Catalog, **overrides: Any) -> dict[str, Any]:
    """Each model's document (model id -> document), with `overrides` in their place."""
    documents: dict[str, Any] = {m.id: model_document(m) for m in catalog.models}
    documents.update(overrides)
    return documents

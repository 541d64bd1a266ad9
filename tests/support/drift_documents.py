"""The shipped catalog's model documents as a hub serves them, and the routes of a
scripted hub (tests/support/local_hubs.py) that lists and serves them."""

from __future__ import annotations

from typing import Any

from generator.documents.wire import model_document

from .catalog_edits import CATALOG


def hub_routes(documents: dict[str, Any]) -> dict[str, Any]:
    routes: dict[str, Any] = {
        "/hub/v1/models": [(200, {}, {"models": [{"id": mid} for mid in documents]})]
    }
    for mid, document in documents.items():
        routes[f"/hub/v1/models/{mid}"] = [(200, {}, document)]
    return routes


def all_documents(**overrides: Any) -> dict[str, Any]:
    documents: dict[str, Any] = {m.id: model_document(m) for m in CATALOG.models}
    documents.update(overrides)
    return documents

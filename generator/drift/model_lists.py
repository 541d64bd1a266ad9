"""A capability's model list, in any of the shapes the hub may answer.

The list (`GET /hub/v1/models?capability=X`) may be a bare array, `{"models": [...]}` or
`{"data": [...]}`, each entry a string or an object with its id under `id` or `model`
(hub-facts.md: the shape is not documented).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .answer_body import FetchError

ID_KEYS = ("id", "model")
LIST_KEYS = ("models", "data")


def _entry_id(entry: Any) -> Any:
    if not isinstance(entry, Mapping):
        return entry
    return next((entry[key] for key in ID_KEYS if key in entry), None)


def list_ids(answer: Any, url: str) -> list[str]:
    """The ids of a list answer in any of the accepted shapes; FetchError names the URL
    and what is wrong (no list, an entry without an id, an id listed twice)."""
    models = answer
    if isinstance(answer, Mapping):
        models = next((answer[key] for key in LIST_KEYS if key in answer), None)
    if not isinstance(models, list):
        raise FetchError(
            f"GET {url}: no 'models' list in the answer "
            '(expected a JSON array, {"models": [...]} or {"data": [...]})'
        )
    ids: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(models):
        model_id = _entry_id(entry)
        if not isinstance(model_id, str) or not model_id:
            raise FetchError(
                f"GET {url}: a listed model has no id (entry {index}: "
                "expected a string or an object with 'id' or 'model')"
            )
        if model_id in seen:
            raise FetchError(f"GET {url}: model {model_id!r} is listed twice")
        if model_id in (".", ".."):
            raise FetchError(f"GET {url}: model id {model_id!r} is a dot segment, not a model")
        ids.append(model_id)
        seen.add(model_id)
    return ids

"""The task type of `src/task.ts`: its fields, the aliases of their names and the required
ones, as the template prints them."""

from __future__ import annotations

from typing import Any

from ...catalog.hub import HubSpec
from .interfaces import SCALARS
from .syntax import ts_key, ts_literal

TASK_TYPES = {"object": "Record<string, unknown>", "array": "unknown[]", "any": "unknown"}


def task_context(hub: HubSpec) -> dict[str, Any]:
    fields = []
    for f in hub.task:
        fields.append(
            {
                "name": ts_key(f.name),
                "type": TASK_TYPES.get(f.type) or SCALARS[f.type],
                "required": f.required,
                "doc": f.description,
            }
        )
    aliases = [[f.name, list(f.aliases)] for f in hub.task if f.aliases]
    required = [f.name for f in hub.task if f.required]
    return {"fields": fields, "aliases": ts_literal(aliases), "required": ts_literal(required)}

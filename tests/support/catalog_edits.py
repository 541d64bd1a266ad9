"""Edits of a catalog: a catalog with one model changed, a model with one parameter
changed (what a hub that drifted from specs/ serves)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from generator.catalog import Catalog, ModelSpec


def edit_model(catalog: Catalog, model_id: str, edit: Callable[[ModelSpec], ModelSpec]) -> Catalog:
    return replace(
        catalog, models=tuple(edit(m) if m.id == model_id else m for m in catalog.models)
    )


def edit_param(model: ModelSpec, name: str, **changes: Any) -> ModelSpec:
    params = tuple(replace(p, **changes) if p.name == name else p for p in model.parameters)
    return replace(model, parameters=params)

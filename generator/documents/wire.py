"""The catalog as the hub's `/hub/v1/models` endpoints serve it.

`GET /hub/v1/models` answers `{"models": [summary, ...]}`; `GET /hub/v1/models/{id}`
answers `model_document(model)`. The mock hub serves these, the generated contract tests
compare a live hub's answers with them, and the drift check reads them back.
"""

from __future__ import annotations

from typing import Any

from ..catalog.constraints import limits_of
from ..catalog.model import ModelSpec
from ..catalog.parameter import Parameter
from .input_schema import input_schema


def parameter_document(param: Parameter) -> dict[str, Any]:
    """One row of the parameter table, as data; absent facts are left out."""
    out: dict[str, Any] = {"name": param.name, "type": param.type, "required": param.required}
    if param.has_default:
        out["default"] = param.default
    if param.values is not None:
        out["values"] = list(param.values)
    for constraint, value in limits_of(param):
        out[constraint.key] = value
    if param.format:
        out["format"] = param.format
    out["description"] = param.description
    out["api_only"] = param.api_only
    if param.items is not None:
        out["items"] = parameter_document(param.items)
    if param.properties:
        out["properties"] = [parameter_document(p) for p in param.properties]
    return out


def model_summary(model: ModelSpec) -> dict[str, Any]:
    """One entry of `GET /hub/v1/models`."""
    return {
        "id": model.id,
        "name": model.name,
        "vendor": model.vendor,
        "capability": model.capability,
        **({"mode": model.mode} if model.mode is not None else {}),
        "summary": model.summary,
    }


def model_document(model: ModelSpec) -> dict[str, Any]:
    """`GET /hub/v1/models/{id}`: identity, the parameter table, the image mapping, the
    cross-field rules, the JSON Schema of the input and the example input."""
    return {
        **model_summary(model),
        "parameters": [parameter_document(p) for p in model.parameters],
        "images": model.images.document() if model.images else None,
        "rules": [rule.document() for rule in model.rules],
        "input_schema": input_schema(model),
        "example": dict(model.example),
    }

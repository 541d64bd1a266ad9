"""The OpenAPI document's shared components: the error, task, model list, parameter row and
model document schemas, and the `$ref` and response helpers every part of it uses."""

from __future__ import annotations

from typing import Any

from ..catalog.constraints import CONSTRAINTS
from ..catalog.hub import HubSpec, TaskField


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_response(description: str) -> dict[str, Any]:
    return json_response(ref("Error"), description)


def _task_schema(fields: tuple[TaskField, ...]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for field in fields:
        prop: dict[str, Any] = {"description": field.description}
        if field.type != "any":  # "any": the hub documents no shape (e.g. `data`)
            prop["type"] = field.type if field.required else [field.type, "null"]
        if field.format:
            prop["format"] = field.format
        if field.example is not None:
            prop["examples"] = [field.example]
        properties[field.name] = prop
    return {
        "type": "object",
        "description": "A generation task, as a capability's POST and GET /hub/v1/tasks answer it; "
        "a poll need not repeat the creation fields.",
        "required": [f.name for f in fields if f.required],
        "properties": properties,
    }


def _parameter_row() -> dict[str, Any]:
    nullable_number = {"type": ["number", "null"]}
    count = {"type": "integer", "minimum": 0}
    return {
        "type": "object",
        "description": "One row of a model's parameter table.",
        "required": ["name", "type", "required"],
        "properties": {
            "name": {"type": "string"},
            "type": {"enum": ["string", "integer", "number", "boolean", "array", "object"]},
            "required": {"type": "boolean"},
            "default": {},
            "values": {"type": "array", "items": {"type": ["string", "integer", "number"]}},
            **{c.key: count if c.counts else nullable_number for c in CONSTRAINTS},
            "format": {"type": "string"},
            "description": {"type": "string"},
            "api_only": {"type": "boolean"},
            "items": ref("ParameterRow"),
            "properties": {"type": "array", "items": ref("ParameterRow")},
        },
    }


def components(hub: HubSpec) -> dict[str, Any]:
    """The schemas of every hub's document, before each model's own."""
    summary_props = {
        name: {"type": "string"}
        for name in ("id", "name", "vendor", "capability", "mode", "summary")
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "problems": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["field", "rule", "message"],
                                "properties": {
                                    "field": {"type": "string"},
                                    "rule": {"type": "string"},
                                    "message": {"type": "string"},
                                },
                            },
                        },
                    },
                }
            },
        },
        "Task": _task_schema(hub.task),
        "ModelSummary": {
            "type": "object",
            "required": ["id"],
            "properties": summary_props,
        },
        "ModelList": {
            "type": "object",
            "required": ["models"],
            "properties": {"models": {"type": "array", "items": ref("ModelSummary")}},
        },
        "ParameterRow": _parameter_row(),
        "ModelDocument": {
            "type": "object",
            "description": "One model: identity, parameter table, image mapping, rules, "
            "the JSON Schema of its input and an example input.",
            "required": ["id", "parameters"],
            "properties": {
                **summary_props,
                "parameters": {"type": "array", "items": ref("ParameterRow")},
                "images": {
                    "type": ["object", "null"],
                    "required": ["min", "max"],
                    "properties": {
                        "min": {"type": "integer", "minimum": 0},
                        "max": {"type": ["integer", "null"], "minimum": 0},
                        "slots": {"type": "array", "items": {"type": "string"}},
                        "list": {"type": "string"},
                    },
                },
                "rules": {"type": "array", "items": {"type": "object"}},
                "input_schema": {"type": "object"},
                "example": {"type": "object"},
            },
        },
    }

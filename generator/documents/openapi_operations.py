"""The OpenAPI document's operations: the discovery and task endpoints' (list the models,
get one, get a task) and each capability's POST, with the request union it takes."""

from __future__ import annotations

from typing import Any

from ..catalog.hub import Capability, HubSpec
from .openapi_components import error_response, json_response, ref


def discovery_operations(hub: HubSpec) -> dict[str, dict[str, Any]]:
    """The hub's fixed endpoints by id, without the responses every operation has."""
    return {
        "list_models": {
            "parameters": [
                {
                    "name": "capability",
                    "in": "query",
                    "required": False,
                    "schema": {"enum": list(hub.capability_names)},
                }
            ],
            "responses": {
                "200": json_response(ref("ModelList"), "The models."),
                "422": error_response(
                    "The capability is not one the hub knows, or an unknown query parameter."
                ),
            },
        },
        "get_model": {
            "parameters": [_path_parameter("model", "A model id.")],
            "responses": {
                "200": json_response(ref("ModelDocument"), "The model."),
                "404": error_response("No such model."),
                "422": error_response("An unknown query parameter."),
            },
        },
        "get_task": {
            "parameters": [_path_parameter("task_id", "The task id a POST gave.")],
            "responses": {
                "200": json_response(ref("Task"), "The task."),
                "404": error_response("No such task."),
                "422": error_response("An unknown query parameter."),
            },
        },
    }


def _path_parameter(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
    }


def capability_request(capability: str, branches: dict[str, str]) -> dict[str, Any]:
    """One capability's request body: a union on `model` over its models; with none in the
    catalog, any model id and an input object (the hub decides)."""
    if not branches:
        return {
            "type": "object",
            "description": f"A {capability} job. The catalog has no {capability} model yet: "
            "any model id, its input as an object.",
            "required": ["model", "input"],
            "properties": {"model": {"type": "string"}, "input": {"type": "object"}},
        }
    return {
        "description": f"A {capability} job: the model id selects the input's schema.",
        "oneOf": [ref(name) for name in branches.values()],
        "discriminator": {
            "propertyName": "model",
            "mapping": {mid: f"#/components/schemas/{name}" for mid, name in branches.items()},
        },
    }


def create_operation(
    capability: Capability, request: str, examples: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One capability's POST; its body carries every model's example, by model id."""
    body: dict[str, Any] = {"schema": ref(request)}
    if examples:
        body["examples"] = examples
    return {
        "requestBody": {"required": True, "content": {"application/json": body}},
        "responses": {
            "200": json_response(ref("Task"), "The task started."),
            "400": error_response("The body is not a JSON object."),
            "413": error_response("The body is too large."),
            "422": error_response(
                "The input does not fit the model (one problem per field), or the model "
                f"is not a {capability.name} model."
            ),
        },
    }

"""The mock hub's routes, over one `MockState`:

    GET  /hub/v1/models[?capability=]   {"models": [summary, ...]}
    GET  /hub/v1/models/{model}         the model document (generator/documents/wire.py)
    POST <each capability's path>       validates like hub_sdk; answers a task (422 otherwise;
                                        a model of another capability: 422 naming its path)
    GET  /hub/v1/tasks/{task_id}        the lifecycle hub.yaml's polling declares (tasks.py)
    GET  /openapi.json                  the hub's OpenAPI document

Errors are JSON (responses.py).
"""

from __future__ import annotations

import json
import random
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..catalog import Catalog, ModelSpec
from ..catalog.shape import suggest
from ..documents.openapi_document import openapi_document
from ..documents.wire import model_document, model_summary
from .checks import InputChecker, Problem
from .responses import error, invalid, json_bytes, unknown_query
from .settings import MockConfig
from .state import MockState
from .tasks import create_task, poll


class BodyTooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


class MockHub:
    """The routes, over one `MockState`."""

    def __init__(self, catalog: Catalog, config: MockConfig) -> None:
        self.state = MockState(
            config=config,
            catalog=catalog,
            checkers={m.id: InputChecker(m) for m in catalog.models},
            rng=random.Random(config.seed),
        )
        self.openapi = openapi_document(catalog)
        # Answers that depend only on the catalog are built once, as bytes.
        self.documents = {m.id: json_bytes(model_document(m)) for m in catalog.models}

    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    def _model(self, model_id: str) -> ModelSpec | None:
        return self.catalog.model(model_id)

    async def list_models(self, request: Request) -> Response:
        unknown = unknown_query(request, {"capability"})
        if unknown is not None:
            return unknown
        capability = request.query_params.get("capability")
        names = list(self.catalog.hub.capability_names)
        if capability is not None and capability not in names:
            problem = Problem(
                "capability", "enum", f"{capability!r} is not allowed; allowed values: {names!r}"
            )
            return error(422, "invalid_query", problem.message, problems=[problem.as_json()])
        models = [
            model_summary(m)
            for m in self.catalog.models
            if capability is None or m.capability == capability
        ]
        return JSONResponse({"models": models})

    async def get_model(self, request: Request) -> Response:
        unknown = unknown_query(request, set())
        if unknown is not None:
            return unknown
        model_id = request.path_params["model"]
        model = self._model(model_id)
        if model is None:
            hint = suggest(model_id, [m.id for m in self.catalog.models])
            return error(404, "model_not_found", f"no model {model_id!r}{hint}")
        return Response(self.documents[model.id], media_type="application/json")

    def create(self, capability: str) -> Any:
        """The POST handler of one capability's endpoint."""

        async def create_task(request: Request) -> Response:
            return await self._create(capability, request)

        return create_task

    async def _create(self, capability: str, request: Request) -> Response:
        try:
            raw = await _read_body(request, self.state.config.max_body)
        except BodyTooLarge:
            limit = self.state.config.max_body
            return error(413, "body_too_large", f"the body is larger than {limit} bytes")
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            return error(400, "invalid_json", f"the body is not valid JSON: {exc}")
        if not isinstance(body, dict):
            return error(400, "invalid_body", "the body must be a JSON object")
        extra = sorted(set(body) - {"model", "input"})
        if extra:
            problems = [
                Problem(key, "unknown_field", "unknown field; the body takes model and input")
                for key in extra
            ]
            return invalid(*problems)
        model_id = body.get("model")
        if not isinstance(model_id, str):
            return invalid(Problem("model", "required", "a model id (string) is required"))
        model = self._model(model_id)
        if model is None:
            hint = suggest(model_id, [m.id for m in self.catalog.models])
            return invalid(Problem("model", "unknown_model", f"unknown model {model_id!r}{hint}"))
        if model.capability != capability:
            right = self.catalog.hub.capability(model.capability).path
            return invalid(
                Problem(
                    "model",
                    "wrong_capability",
                    f"{model_id!r} is a {model.capability} model: POST it to {right}",
                )
            )
        if "input" not in body:
            return invalid(Problem("input", "required", "input (a JSON object) is required"))
        input = body["input"]
        if not isinstance(input, dict):
            return invalid(Problem("input", "type", "input must be a JSON object"))
        checker = self.state.checkers[model.id]
        problems = checker.problems(input)
        if problems:
            return invalid(*problems, model_id=model.id)
        task = create_task(self.state, model, input, checker.upstream(input))
        return JSONResponse(task)

    async def get_task(self, request: Request) -> Response:
        unknown = unknown_query(request, set())
        if unknown is not None:
            return unknown
        task_id = request.path_params["task_id"]
        record = self.state.tasks.get(task_id)
        if record is None:
            return error(404, "task_not_found", f"no task {task_id!r}")
        return JSONResponse(poll(self.state, record))

    async def openapi_json(self, request: Request) -> Response:
        return JSONResponse(self.openapi)

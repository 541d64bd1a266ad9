"""The mock hub: an ASGI app built from the catalog at start-up.

    GET  /hub/v1/models[?capability=]   {"models": [summary, ...]}
    GET  /hub/v1/models/{model}         the model document (generator/documents/wire.py)
    POST <each capability's path>       validates like hub_sdk; answers a task (422 otherwise;
                                        a model of another capability: 422 naming its path)
    GET  /hub/v1/tasks/{task_id}        the lifecycle hub.yaml's polling declares (see _advance)
    GET  /openapi.json                  the hub's OpenAPI document

Every /hub/v1 route needs a bearer token. Every error is JSON:
`{"error": {"code", "message", "problems"?}}`; never a stack trace.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import monotonic
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..catalog import Catalog, ModelSpec
from ..catalog.shape import suggest
from ..documents.openapi_document import openapi_document
from ..documents.wire import model_document, model_summary
from .checks import InputChecker, Problem
from .settings import MockConfig

API_PREFIX = "/hub/v1/"


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"error": {"code": code, "message": message, **extra}}
    return JSONResponse(body, status_code=status)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class TaskRecord:
    task: dict[str, Any]
    started: float
    ending: str
    """The status it ends in: hub.yaml's first success status, or one of its failures."""


@dataclass
class MockState:
    config: MockConfig
    catalog: Catalog
    checkers: dict[str, InputChecker]
    rng: random.Random
    tasks: dict[str, TaskRecord] = field(default_factory=dict)
    requests: int = 0


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
        self.documents = {m.id: _json_bytes(model_document(m)) for m in catalog.models}

    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    def _model(self, model_id: str) -> ModelSpec | None:
        return self.catalog.model(model_id)

    async def list_models(self, request: Request) -> Response:
        unknown = _unknown_query(request, {"capability"})
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
        unknown = _unknown_query(request, set())
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
            return self._invalid(*problems)
        model_id = body.get("model")
        if not isinstance(model_id, str):
            return self._invalid(Problem("model", "required", "a model id (string) is required"))
        model = self._model(model_id)
        if model is None:
            hint = suggest(model_id, [m.id for m in self.catalog.models])
            return self._invalid(
                Problem("model", "unknown_model", f"unknown model {model_id!r}{hint}")
            )
        if model.capability != capability:
            right = self.catalog.hub.capability(model.capability).path
            return self._invalid(
                Problem(
                    "model",
                    "wrong_capability",
                    f"{model_id!r} is a {model.capability} model: POST it to {right}",
                )
            )
        if "input" not in body:
            return self._invalid(Problem("input", "required", "input (a JSON object) is required"))
        input = body["input"]
        if not isinstance(input, dict):
            return self._invalid(Problem("input", "type", "input must be a JSON object"))
        checker = self.state.checkers[model.id]
        problems = checker.problems(input)
        if problems:
            return self._invalid(*problems, model_id=model.id)
        task = self._create_task(model, input, checker.upstream(input))
        return JSONResponse(task)

    def _invalid(self, *problems: Problem, model_id: str | None = None) -> Response:
        count = len(problems)
        what = f"invalid input for {model_id}" if model_id else "invalid request"
        message = f"{what} ({count} problem{'s' if count != 1 else ''})"
        return error(422, "invalid_input", message, problems=[p.as_json() for p in problems])

    def _create_task(
        self, model: ModelSpec, input: dict[str, Any], upstream: dict[str, Any]
    ) -> dict[str, Any]:
        """The creation answer: the documented fields, plus the mock's own `input` and
        `upstream_input` (what the hub would send upstream), for offline inspection."""
        state = self.state
        polling = self.catalog.hub.polling
        task_id = f"hub-{uuid.uuid4()}"
        task: dict[str, Any] = {
            "task_id": task_id,
            "status": polling.running[0],
            "capability": model.capability,
            "model": model.id,
            "vendor": model.vendor,
            **({"mode": model.mode} if model.mode is not None else {}),
            "created_at": _now(),
        }
        fails = state.rng.random() < state.config.fail_rate
        ending = state.rng.choice(polling.failed) if fails else polling.succeeded[0]
        state.tasks[task_id] = TaskRecord(task, monotonic(), ending)
        return {**task, "input": input, "upstream_input": upstream}

    async def get_task(self, request: Request) -> Response:
        unknown = _unknown_query(request, set())
        if unknown is not None:
            return unknown
        task_id = request.path_params["task_id"]
        record = self.state.tasks.get(task_id)
        if record is None:
            return error(404, "task_not_found", f"no task {task_id!r}")
        return JSONResponse(self._poll(record))

    def _poll(self, record: TaskRecord) -> dict[str, Any]:
        """A poll answer, as the hub documents it: task_id, status, ready, elapsed_ms, and
        `data` once completed or error_code / error_message once failed. The running
        statuses of hub.yaml's polling share the task's delay, then it ends."""
        running = self.catalog.hub.polling.running
        delay = self.state.config.task_delay
        elapsed = monotonic() - record.started
        task_id = record.task["task_id"]
        if elapsed < delay:
            step = min(int(len(running) * elapsed / delay), len(running) - 1) if delay else 0
            return {"task_id": task_id, "status": running[step], "ready": False}
        answer: dict[str, Any] = {
            "task_id": task_id,
            "status": record.ending,
            "ready": True,
            "elapsed_ms": int(delay * 1000),
        }
        if record.ending in self.catalog.hub.polling.succeeded:
            answer["data"] = {"outputs": [{"url": f"https://mock.hub.invalid/{task_id}"}]}
        else:
            answer["error_code"] = f"mock_{record.ending}"
            answer["error_message"] = f"the mock hub ended this task {record.ending} (--fail-rate)"
        return answer

    async def openapi_json(self, request: Request) -> Response:
        return JSONResponse(self.openapi)


def _unknown_query(request: Request, known: set[str]) -> Response | None:
    """A 422 naming query parameters the endpoint does not take, or None."""
    extra = sorted(set(request.query_params) - known)
    if not extra:
        return None
    problems = [
        Problem(name, "unknown_field", f"unknown query parameter{suggest(name, known)}")
        for name in extra
    ]
    message = f"unknown query parameter(s): {', '.join(extra)}"
    return error(422, "invalid_query", message, problems=[p.as_json() for p in problems])


class Gateway:
    """Fault knobs, then auth, for every /hub/v1 request (plain ASGI: no per-request
    wrapping of the body or the response)."""

    def __init__(self, app: ASGIApp, state: MockState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        response = await self._refusal(Headers(scope=scope))
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    async def _refusal(self, headers: Headers) -> Response | None:
        state = self.state
        config = state.config
        state.requests += 1
        if config.latency:
            await asyncio.sleep(config.latency)
        if config.rate_limit_every and state.requests % config.rate_limit_every == 0:
            response = error(429, "rate_limited", "too many requests (mock fault knob)")
            response.headers["Retry-After"] = str(config.retry_after)
            return response
        if config.error_rate and state.rng.random() < config.error_rate:
            return error(503, "unavailable", "the hub is unavailable (mock fault knob)")
        if not _authorized(headers, config.tokens):
            response = error(401, "unauthorized", "a valid bearer token is required")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        return None


def _authorized(headers: Headers, tokens: frozenset[str]) -> bool:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    return not tokens or token.strip() in tokens


def build_app(catalog: Catalog, config: MockConfig | None = None) -> Starlette:
    hub = MockHub(catalog, config or MockConfig())
    state = hub.state
    endpoint = catalog.hub.endpoint
    routes = [
        Route(endpoint("list_models").path, hub.list_models, methods=["GET"]),
        Route(endpoint("get_model").path, hub.get_model, methods=["GET"]),
        *(Route(c.path, hub.create(c.name), methods=["POST"]) for c in catalog.hub.capabilities),
        Route(endpoint("get_task").path, hub.get_task, methods=["GET"]),
        Route("/openapi.json", hub.openapi_json, methods=["GET"]),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        codes = {404: "not_found", 405: "method_not_allowed"}
        code = codes.get(exc.status_code, "http_error")
        message = f"{request.method} {request.url.path}: {exc.detail}"
        response = error(exc.status_code, code, message)
        response.headers.update(exc.headers or {})  # e.g. Allow on a 405
        return response

    async def internal_error(request: Request, exc: Exception) -> Response:
        return error(500, "internal_error", "the mock hub failed to answer this request")

    app = Starlette(
        routes=routes,
        middleware=[Middleware(Gateway, state=state)],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
    )
    app.state.hub = hub
    return app

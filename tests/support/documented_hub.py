"""A hub that answers exactly as the hub's public pages document it, and no more.

What it serves (see "Model discovery" and "Tasks" in the hub facts):

    GET  /hub/v1/models?capability=X   the models of capability X, as
                                       {"data": [{"model": id}, ...]} (see list_shape, id_key)
    GET  /hub/v1/models/{id}           {"input_schema": ..., "example": ...} and nothing else
                                       (plus `detail_extra`: fields tests add, a
                                       mapping or a function of the model id)
    POST /hub/v1/<capability>          {"model", "input"} -> the task-creation object:
                                       task_id ("hub-" + uuid), status "pending",
                                       capability, model, vendor, mode, created_at
    GET  /hub/v1/tasks/{task_id}       ONLY task_id, status, ready, elapsed_ms, plus
                                       data (only when completed) or error_code and
                                       error_message (only when it ended otherwise)

Every route needs `Authorization: Bearer <token>` (any token when `token` is None); what
the pages leave undocumented (error bodies, unknown routes) is answered with a bare
status and `{}`.

Use it through the `documented_hub` fixture in tests/conftest.py:

    hub = documented_hub(models=synthetic_models(), list_shape="models", id_key="id")
    hub.url                       # http://127.0.0.1:<port>
    hub.terminal = "failed"       # how the next polled tasks end (any string: also an
                                  # undeclared status)
    hub.requests                  # [(method, path), ...] seen so far

or directly: `with DocumentedHub(models).serving() as hub: ...`.

    DocumentedHub(models, *, token=None, list_shape="data", id_key="model",
                  terminal="completed", polls_before_done=1, data=None,
                  detail_extra=None)

`models` maps an id to a `HubModel(capability, input_schema, example, vendor, mode)`;
`catalog_models(catalog)` builds them from the committed generated/schemas/<id>.json
(without hubgen's own `x-` extensions and `$comment`, unless `extensions=True`) and each
spec's example. A task answers `processing` to its first `polls_before_done` polls, then
`terminal`, with `data` (default: a small object) when that is `completed`.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from generator.catalog import Catalog

from .local_hubs import send_json
from .repository import GENERATED

PREFIX = "/hub/v1/"
LIST_SHAPES = ("array", "models", "data")
ID_KEYS = ("id", "model")


class LocalServer(ThreadingHTTPServer):
    """A threading HTTP server with a listen backlog that a burst of concurrent
    connections does not overflow (the default of 5 makes clients wait a second)."""

    request_queue_size = 128
    daemon_threads = True


@dataclass(frozen=True)
class HubModel:
    capability: str
    input_schema: Mapping[str, Any]
    example: Mapping[str, Any]
    vendor: str = ""
    mode: str = ""


def strip_extensions(value: Any) -> Any:
    """A JSON Schema without `x-...` keys and `$comment`: what any JSON Schema says."""
    if isinstance(value, Mapping):
        return {
            k: strip_extensions(v)
            for k, v in value.items()
            if not k.startswith("x-") and k != "$comment"
        }
    if isinstance(value, list):
        return [strip_extensions(v) for v in value]
    return value


def catalog_models(
    catalog: Catalog, *, extensions: bool = False, generated: Path = GENERATED
) -> dict[str, HubModel]:
    """Each catalog model with its committed JSON Schema and its spec's example."""
    out = {}
    for model in catalog.models:
        schema = json.loads((generated / "schemas" / f"{model.id}.json").read_text("utf-8"))
        out[model.id] = HubModel(
            capability=model.capability,
            input_schema=schema if extensions else strip_extensions(schema),
            example=dict(model.example),
            vendor=model.vendor,
            mode=model.mode,
        )
    return out


@dataclass
class _Task:
    record: dict[str, Any]
    started: float
    polls: int = 0


@dataclass
class DocumentedHub:
    models: Mapping[str, HubModel]
    token: str | None = None
    list_shape: str = "data"
    id_key: str = "model"
    terminal: str = "completed"
    polls_before_done: int = 1
    data: Any = None
    detail_extra: Mapping[str, Any] | Callable[[str], Mapping[str, Any]] | None = None
    url: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)
    tasks: dict[str, _Task] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.list_shape not in LIST_SHAPES or self.id_key not in ID_KEYS:
            raise ValueError(f"list_shape in {LIST_SHAPES}, id_key in {ID_KEYS}")
        self._lock = threading.Lock()

    # --- answers ------------------------------------------------------------------------

    def list_answer(self, capability: str | None) -> Any:
        entries = [
            {self.id_key: model_id}
            for model_id, model in self.models.items()
            if capability is None or model.capability == capability
        ]
        if self.list_shape == "array":
            return entries
        return {self.list_shape: entries}

    def detail_answer(self, model_id: str) -> dict[str, Any] | None:
        model = self.models.get(model_id)
        if model is None:
            return None
        out = {"input_schema": model.input_schema, "example": dict(model.example)}
        extra = self.detail_extra
        out.update((extra(model_id) if callable(extra) else extra) or {})
        return out

    def create(self, capability: str, body: Any) -> tuple[int, Any]:
        if not isinstance(body, Mapping) or not isinstance(body.get("model"), str):
            return 400, {}
        model = self.models.get(body["model"])
        if model is None or model.capability != capability:
            return 404, {}
        task_id = f"hub-{uuid.uuid4()}"
        record = {
            "task_id": task_id,
            "status": "pending",
            "capability": capability,
            "model": body["model"],
            "vendor": model.vendor,
            "mode": model.mode,
            "created_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        }
        with self._lock:
            self.tasks[task_id] = _Task(record, time.monotonic())
        return 200, record

    def poll(self, task_id: str) -> dict[str, Any] | None:
        with self._lock:
            task = self.tasks.get(task_id)
            if task is None:
                return None
            task.polls += 1
            done = task.polls > self.polls_before_done
        status = self.terminal if done else "processing"
        out: dict[str, Any] = {
            "task_id": task_id,
            "status": status,
            "ready": done,
            "elapsed_ms": int((time.monotonic() - task.started) * 1000),
        }
        if done and status == "completed":
            out["data"] = self.data if self.data is not None else {"url": "https://example.com/out"}
        elif done:
            out["error_code"] = status
            out["error_message"] = f"the task ended {status}"
        return out

    # --- serving ------------------------------------------------------------------------

    def authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer ") or not header[7:]:
            return False
        return self.token is None or header[7:] == self.token

    @contextmanager
    def serving(self) -> Iterator[DocumentedHub]:
        """Serve on a free 127.0.0.1 port (sets `url`); stopped when the block ends."""
        handler = type("Handler", (_Handler,), {"hub": self})
        server = LocalServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.url = f"http://127.0.0.1:{server.server_port}"
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


class _Handler(BaseHTTPRequestHandler):
    hub: DocumentedHub
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: Any) -> None:
        send_json(self, status, body)

    def _route(self, method: str) -> tuple[int, Any]:
        hub = self.hub
        parts = urlsplit(self.path)
        hub.requests.append((method, self.path))
        if not hub.authorized(self.headers.get("Authorization")):
            return 401, {}
        if not parts.path.startswith(PREFIX):
            return 404, {}
        rest = [unquote(p) for p in parts.path[len(PREFIX) :].split("/")]
        if method == "GET" and rest == ["models"]:
            capability = parse_qs(parts.query).get("capability", [None])[0]
            return 200, hub.list_answer(capability)
        if method == "GET" and len(rest) == 2 and rest[0] == "models":
            detail = hub.detail_answer(rest[1])
            return (404, {}) if detail is None else (200, detail)
        if method == "GET" and len(rest) == 2 and rest[0] == "tasks":
            task = hub.poll(rest[1])
            return (404, {}) if task is None else (200, task)
        if method == "POST" and len(rest) == 1:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                return 400, {}
            return hub.create(rest[0], body)
        return 404, {}

    def do_GET(self) -> None:
        self._send(*self._route("GET"))

    def do_POST(self) -> None:
        self._send(*self._route("POST"))

    def log_message(self, format: str, *args: Any) -> None:
        pass

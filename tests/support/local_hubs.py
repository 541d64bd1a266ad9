"""Hubs on 127.0.0.1 for the tests: any ASGI app under uvicorn, the mock hub, and a
scripted server that answers from a table of routes (for answer shapes and network
faults), with the specs such a scripted hub stands for."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import uvicorn

from generator.catalog import Catalog, load_catalog
from generator.mock import MockConfig, build_app
from generator.mock.server import bind
from generator.mock.state import MockState


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` under uvicorn on a free 127.0.0.1 port, in a thread; yields its base URL."""
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def mock_hub(catalog: Catalog, token: str, **knobs: Any) -> Iterator[tuple[str, MockState]]:
    """The mock hub serving `catalog` to bearer `token`, with these fault knobs; yields its
    base URL and its state (e.g. how many requests it saw)."""
    app = build_app(catalog, MockConfig(tokens=frozenset({token}), **knobs))
    with serving(app) as url:
        yield url, app.state.hub.state


def send_json(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    """Answer `handler`'s request with `status` and `body` as JSON, with its length."""
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class Script(BaseHTTPRequestHandler):
    """Answers from `routes`: path -> list of (status, headers, body or callable) per call."""

    routes: ClassVar[dict[str, list[tuple[int, dict[str, str], Any]]]] = {}
    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Authorization", "")))
        script = self.routes.get(self.path) or self.routes.get(self.path.split("?")[0])
        if not script:
            self._answer(404, {}, b'{"error": "not found"}')
            return
        status, headers, body = script.pop(0) if len(script) > 1 else script[0]
        if callable(body):
            body = body(self)
        if body is None:
            return
        self._answer(
            status, headers, body if isinstance(body, bytes) else json.dumps(body).encode()
        )

    def _answer(self, status: int, headers: dict[str, str], data: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


Scripted = Callable[[dict[str, Any]], tuple[str, list[tuple[str, str]]]]


def used_capabilities_only(specs: Path) -> Path:
    """Rewrite the hub.yaml under `specs` to declare only the capabilities its models use.

    A scripted hub answers the one list it is given for every `?capability=`; compared with
    specs that declare four capabilities, every model would be listed four times. Scripts
    stand for a hub of the shipped catalog's capabilities only."""
    from ruamel.yaml import YAML  # noqa: PLC0415

    catalog = load_catalog(specs).catalog
    assert catalog is not None
    used = {m.capability for m in catalog.models}
    yaml = YAML()
    hub = yaml.load((specs / "hub.yaml").read_text("utf-8"))
    for name in [n for n in hub["capabilities"] if n not in used]:
        del hub["capabilities"][name]
    with (specs / "hub.yaml").open("w", encoding="utf-8") as out:
        yaml.dump(hub, out)
    return specs

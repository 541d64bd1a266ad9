"""Shared fixtures: the repository's paths, a way to run the real CLI, and test hubs on
127.0.0.1 (the mock hub, and a hub that answers only as documented)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, ClassVar

import pytest
import uvicorn

from generator.catalog import Catalog, load_catalog
from generator.mock import MockConfig, build_app
from generator.mock.app import MockState
from generator.mock.server import bind

from .documented_hub import DocumentedHub, LocalServer, catalog_models

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
TEMPLATES = ROOT / "templates"
GENERATED = ROOT / "generated"

Run = Callable[..., subprocess.CompletedProcess[str]]


def run_hubgen(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`hubgen ARGS` in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session", autouse=True)
def format_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The formatting cache of every hubgen the tests run: one per session, not the user's."""
    folder = tmp_path_factory.mktemp("hubgen-cache")
    os.environ["HUBGEN_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of specs/ and templates/ in a temporary directory (no generated/)."""
    shutil.copytree(SPECS, tmp_path / "specs")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


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


def load_specs() -> Catalog:
    result = load_catalog(SPECS)
    assert result.catalog is not None, result.problems
    return result.catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalog (specs/), loaded once for the whole run."""
    return load_specs()


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own, empty at its start."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HUBGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def documented_hub() -> Iterator[Callable[..., DocumentedHub]]:
    """Start a hub that answers only as the hub's pages document (tests/documented_hub.py):
    `documented_hub(models=None, **options)`; `models` defaults to the shipped catalog's
    committed schemas and examples. Every hub started is stopped at the end."""
    with ExitStack() as stack:

        def start(models: Any = None, **options: Any) -> DocumentedHub:
            hub = DocumentedHub(
                catalog_models(load_specs()) if models is None else models, **options
            )
            return stack.enter_context(hub.serving())

        yield start


# --- a scripted server for answer shapes and network faults ---------------------------------


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


@pytest.fixture(scope="session")
def scripted_specs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of specs/ for comparing with scripted hubs (see used_capabilities_only)."""
    specs = tmp_path_factory.mktemp("scripted") / "specs"
    shutil.copytree(SPECS, specs)
    return used_capabilities_only(specs)


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    """Start a `Script` server answering from `routes`; yields (base URL, requests seen as
    (path, Authorization)). Every server started is stopped at the end."""
    servers: list[LocalServer] = []

    def start(routes: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
        seen: list[tuple[str, str]] = []
        handler = type("S", (Script,), {"routes": routes, "seen": seen})
        server = LocalServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()

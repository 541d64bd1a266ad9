"""Shared fixtures: the repository's paths and a way to run the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from generator.catalog import Catalog, load_catalog
from generator.mock import MockConfig, build_app
from generator.mock.app import MockState
from generator.mock.server import bind

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

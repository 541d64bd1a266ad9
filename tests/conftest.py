"""Shared fixtures: the formatting cache, copies of the project, the shipped catalog (and
the one hook that parametrizes tests over its models and rules), and test hubs on
127.0.0.1 (a hub that answers only as documented, scripted servers). The plain helpers
they use live in tests/support/."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import Catalog, ModelSpec, Rule

from .support.documented_hub import DocumentedHub, LocalServer, catalog_models
from .support.local_hubs import Script, Scripted, used_capabilities_only
from .support.repository import SPECS, TEMPLATES, load_specs


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


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    """A copy of specs/ in this test's temporary directory, free to change."""
    shutil.copytree(SPECS, tmp_path / "specs")
    return tmp_path / "specs"


# --- the shipped catalog -------------------------------------------------------------------

_SHIPPED = pytest.StashKey[Catalog]()


def _shipped(config: pytest.Config) -> Catalog:
    """The shipped catalog (specs/), loaded once for the whole run and kept on its config:
    the `catalog` fixture and the parameters of pytest_generate_tests are this one object."""
    if _SHIPPED not in config.stash:
        config.stash[_SHIPPED] = load_specs()
    return config.stash[_SHIPPED]


@pytest.fixture(scope="session")
def catalog(pytestconfig: pytest.Config) -> Catalog:
    """The shipped catalog (specs/), loaded once for the whole run."""
    return _shipped(pytestconfig)


def _rule_id(rule: Rule) -> str:
    return f"{rule.kind}:{','.join(rule.fields)}"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker pytest_generate_tests reads (warnings are errors here)."""
    config.addinivalue_line(
        "markers",
        "with_rule(kind): `shipped_model` takes only the shipped models with a rule of this kind",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `shipped_model` runs once for each model of the shipped catalog
    (with `@pytest.mark.with_rule(kind)`, each model with a rule of that kind), in the
    catalog's order, its test id the model's id; one that takes `shipped_rule` once for
    each distinct rule of its models, its test id `kind:fields`."""
    names = metafunc.fixturenames
    if "shipped_model" in names:
        models: list[ModelSpec] = list(_shipped(metafunc.config).models)
        for marker in metafunc.definition.iter_markers("with_rule"):
            models = [m for m in models if any(r.kind == marker.args[0] for r in m.rules)]
        metafunc.parametrize("shipped_model", models, ids=[m.id for m in models])
    if "shipped_rule" in names:
        rules = sorted({r for m in _shipped(metafunc.config).models for r in m.rules}, key=repr)
        metafunc.parametrize("shipped_rule", rules, ids=[_rule_id(r) for r in rules])


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own, empty at its start."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HUBGEN_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def documented_hub(catalog: Catalog) -> Iterator[Callable[..., DocumentedHub]]:
    """Start a hub that answers only as the hub's pages document (tests/support/documented_hub.py):
    `documented_hub(models=None, **options)`; `models` defaults to the shipped catalog's
    committed schemas and examples. Every hub started is stopped at the end."""
    with ExitStack() as stack:

        def start(models: Any = None, **options: Any) -> DocumentedHub:
            hub = DocumentedHub(catalog_models(catalog) if models is None else models, **options)
            return stack.enter_context(hub.serving())

        yield start


# --- scripted servers for answer shapes and network faults ---------------------------------


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

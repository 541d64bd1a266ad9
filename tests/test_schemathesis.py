"""Property-based tests of the mock hub against generated/openapi.json (schemathesis):
whatever it is sent, it answers without a 5xx and as the document says."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from .support.local_hubs import mock_hub
from .support.repository import GENERATED, load_specs

TOKEN = "schemathesis-token"
CATALOG = load_specs()
# A capability with no model in the catalog: its POST documents any model id (the real hub
# has models there), but the mock knows none to accept, so positive cases cannot pass.
EMPTY = [c.path for c in CATALOG.hub.capabilities if not CATALOG.models_of(c.name)]
SCHEMA = schemathesis.openapi.from_dict(
    json.loads((GENERATED / "openapi.json").read_text("utf-8"))
).exclude(path=EMPTY, method="POST")


@SCHEMA.auth()
class Bearer:
    """The mock's token, applied the way schemathesis expects, so that negative cases
    about the Authorization header stay negative."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> str:
        return TOKEN

    def set(self, case: schemathesis.Case, data: str, context: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(scope="module")
def instant_tasks_hub_url() -> Iterator[str]:
    """The mock hub of this module's TOKEN, whose tasks end at once."""
    with mock_hub(CATALOG, TOKEN, task_delay=0) as (url, _):
        yield url


# Framing headers belong to the HTTP client: a generated `content-length: Qf` is
# refused by the HTTP server (400) before the hub sees the request.
FRAMING = frozenset({"content-length", "transfer-encoding", "host", "connection"})


@SCHEMA.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples on every run: CI is not a lottery
    database=None,
)
def test_mock_hub_conforms_to_the_openapi_document(
    case: schemathesis.Case, instant_tasks_hub_url: str
) -> None:
    if case.headers:
        case.headers = {k: v for k, v in case.headers.items() if k.lower() not in FRAMING}
    case.call_and_validate(base_url=instant_tasks_hub_url)

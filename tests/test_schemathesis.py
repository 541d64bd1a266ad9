"""Property-based tests of the mock hub against generated/openapi.json (schemathesis):
whatever it is sent, it answers without a 5xx and as the document says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from generator.catalog import Catalog

from .support.local_hubs import mock_hub
from .support.repository import GENERATED

TOKEN = "schemathesis-token"
DOCUMENT: dict[str, Any] = json.loads((GENERATED / "openapi.json").read_text("utf-8"))


def _request_schema(operation: dict[str, Any]) -> dict[str, Any]:
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema: dict[str, Any] = DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


# A capability with no model in the catalog: its POST documents any model id (its request
# schema has no discriminator; the real hub has models there), but the mock knows none to
# accept, so positive cases cannot pass. Read from the document, since the schema is made
# as the module is collected; the first test checks these are the catalog's.
EMPTY = sorted(
    path
    for path, item in DOCUMENT["paths"].items()
    if "post" in item and "discriminator" not in _request_schema(item["post"])
)
SCHEMA = schemathesis.openapi.from_dict(DOCUMENT).exclude(path=EMPTY, method="POST")


def test_the_excluded_posts_are_the_capabilities_without_models(catalog: Catalog) -> None:
    assert EMPTY == sorted(
        c.path for c in catalog.hub.capabilities if not catalog.models_of(c.name)
    )


@SCHEMA.auth()
class Bearer:
    """The mock's token, applied the way schemathesis expects, so that negative cases
    about the Authorization header stay negative."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> str:
        return TOKEN

    def set(self, case: schemathesis.Case, data: str, context: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(scope="module")
def instant_tasks_hub_url(catalog: Catalog) -> Iterator[str]:
    """The mock hub of this module's TOKEN, whose tasks end at once."""
    with mock_hub(catalog, TOKEN, task_delay=0) as (url, _):
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

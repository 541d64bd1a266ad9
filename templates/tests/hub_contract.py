"""What the generated contract tests share: each model's data, checking outcomes, and a
read-only client of a live hub."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any, TypedDict, cast

import httpx
import pytest
from hub_sdk import InputError, model_class, to_fal_input, validate_input

GENERATED = Path(__file__).resolve().parent.parent
SCHEMAS = GENERATED / "schemas"
VECTORS = GENERATED / "vectors"
IMAGE_URLS = "image_urls"


class Case(TypedDict):
    id: str
    """`<model>:<case>`, the test id"""
    input: dict[str, Any]


class Rejected(Case):
    field: str
    rule: str
    message: str | None
    """the problem's exact message, for cross-field rules"""


class ModelData(TypedDict):
    """One model's `vectors/<id>.json`: the cases every SDK's tests run, then what these
    tests also check."""

    model: str
    capability: str
    examples: list[dict[str, Any]]
    """the spec's example, then the same with its images under image_urls"""
    accepted: list[Case]
    rejected: list[Rejected]
    identity: dict[str, Any]
    """the model's entry in `GET /hub/v1/models`"""
    images: dict[str, Any] | None
    """min, max, and slots or list"""
    defaults: dict[str, Any]
    parameters: list[dict[str, Any]]
    """the rows of `GET /hub/v1/models/{id}`, in the hub's order"""


@cache
def models() -> tuple[ModelData, ...]:
    """Every model's data, in the order of their ids."""
    paths = sorted(VECTORS.glob("*.json"))
    return tuple(cast(ModelData, json.loads(path.read_text("utf-8"))) for path in paths)


def assert_accepted(model_id: str, input: Mapping[str, Any]) -> None:
    """Accepted, and handed back as given (omitted and null fields left out)."""
    result = validate_input(model_id, input)
    assert result == {key: value for key, value in input.items() if value is not None}


def assert_rejected(
    model_id: str, input: Mapping[str, Any], field: str, rule: str, message: str | None
) -> None:
    """Rejected with a problem on `field` under `rule` (and `message`, when given)."""
    with pytest.raises(InputError) as caught:
        validate_input(model_id, input)
    matching = [p for p in caught.value.problems if (p.field, p.rule) == (field, rule)]
    assert matching, f"expected a {rule!r} problem on {field!r}, got:\n{caught.value}"
    if message is not None:
        assert [p.message for p in matching] == [message]


def assert_images_mapped(
    model_id: str, input: Mapping[str, Any], images: Mapping[str, Any] | None
) -> None:
    """to_fal_input puts image_urls where the model's mapping (`images`) says."""
    upstream = to_fal_input(model_id, input)
    given = input.get(IMAGE_URLS) or []
    slots = images.get("slots", []) if images else []
    target = images.get("list") if images else None
    if slots:
        assert IMAGE_URLS not in upstream
        assert [upstream[name] for name in slots[: len(given)]] == given
    elif target is not None and target != IMAGE_URLS:
        assert IMAGE_URLS not in upstream
        assert upstream.get(target) == (given or None)
    else:
        assert upstream.get(IMAGE_URLS) == (given or None)


def assert_default(model_id: str, name: str, value: Any) -> None:
    """The JSON Schema and the request model both carry the spec's default."""
    schema = json.loads((SCHEMAS / f"{model_id}.json").read_text("utf-8"))
    assert schema["properties"][name]["default"] == value
    fields = model_class(model_id).model_fields
    by_name = {info.alias or attr: info for attr, info in fields.items()}
    assert by_name[name].default == value


# Cosmetic keys of a JSON Schema, left out when a live input_schema is compared.
ANNOTATIONS = ("$schema", "$id", "$comment", "title", "description")


def schema_of(model_id: str) -> dict[str, Any]:
    """The generated JSON Schema of the model's input."""
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{model_id}.json").read_text("utf-8"))
    return schema


def schema_shape(schema: Mapping[str, Any]) -> dict[str, Any]:
    """What a schema says about the input, without its annotations; required as a set."""
    out = {key: value for key, value in schema.items() if key not in ANNOTATIONS}
    out.pop("properties", None)
    if "required" in out:
        out["required"] = sorted(out["required"])
    return out


def documented(document: Mapping[str, Any], key: str) -> Any:
    """The answer's `key`, or a skip when the hub's answer leaves it out (only
    input_schema and example are documented)."""
    if key not in document:
        pytest.skip(f"the hub's answer has no {key!r}: nothing to compare")
    return document[key]


class LiveHub:
    """Read-only calls to a running hub (plus one POST, which the tests gate)."""

    def __init__(
        self, base_url: str, token: str, *, model_path: str, paths: Mapping[str, str]
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._model_path = model_path
        self._paths = dict(paths)
        """Each capability's POST path."""
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30.0,
        )
        self._models: dict[str, dict[str, Any]] = {}

    def __repr__(self) -> str:
        return f"LiveHub({self.base_url!r})"

    def __enter__(self) -> LiveHub:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._http.close()

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        request = response.request
        assert response.is_success, (
            f"{request.method} {request.url} answered {response.status_code}: "
            f"{response.text[:500]}"
        )
        body = response.json()
        assert isinstance(body, dict), f"{request.url}: expected a JSON object"
        return body

    def model(self, model_id: str) -> dict[str, Any]:
        if model_id not in self._models:
            path = self._model_path.replace("{model}", model_id)
            self._models[model_id] = self._json(self._http.get(path))
        return self._models[model_id]

    def parameters(self, model_id: str) -> dict[str, dict[str, Any]] | None:
        """The answer's parameter table by name; None when the answer has none (the hub
        documents only input_schema and example)."""
        rows = self.model(model_id).get("parameters")
        if rows is None:
            return None
        assert isinstance(rows, list), f"{model_id}: parameters is not a list"
        return {row["name"]: row for row in rows}

    def input_schema(self, model_id: str) -> dict[str, Any]:
        schema = self.model(model_id).get("input_schema")
        assert isinstance(schema, dict), f"{model_id}: the answer has no input_schema object"
        return schema

    def create(self, capability: str, model_id: str, input: Mapping[str, Any]) -> dict[str, Any]:
        body = {"model": model_id, "input": dict(input)}
        return self._json(self._http.post(self._paths[capability], json=body))

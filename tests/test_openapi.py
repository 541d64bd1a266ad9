"""generated/openapi.json: a valid OpenAPI 3.1 document of the whole hub."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from generator.catalog import Catalog
from generator.documents.input_schema import input_schema

from .support.repository import GENERATED

DOCUMENT: dict[str, Any] = json.loads((GENERATED / "openapi.json").read_text("utf-8"))


def test_document_validates_as_openapi_3_1() -> None:
    assert DOCUMENT["openapi"] == "3.1.0"
    validate(DOCUMENT)


def test_every_endpoint_is_described_with_bearer_auth(catalog: Catalog) -> None:
    operations = {
        (method.upper(), path): op
        for path, item in DOCUMENT["paths"].items()
        for method, op in item.items()
    }
    expected = {(e.method, e.path) for e in catalog.hub.endpoints}
    expected |= {("POST", c.path) for c in catalog.hub.capabilities}
    assert set(operations) == expected
    for capability in catalog.hub.capabilities:
        operation = operations[("POST", capability.path)]
        assert operation["operationId"] == f"create_{capability.name}"
    assert DOCUMENT["security"] == [{"bearer": []}]
    assert DOCUMENT["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for op in operations.values():
        assert {"401", "429"} <= set(op["responses"])


def test_video_request_is_a_union_discriminated_on_model(catalog: Catalog) -> None:
    schemas = DOCUMENT["components"]["schemas"]
    union = schemas["VideoRequest"]
    mapping = union["discriminator"]["mapping"]
    assert union["discriminator"]["propertyName"] == "model"
    assert sorted(mapping) == sorted(m.id for m in catalog.models)
    for model in catalog.models:
        branch = schemas[mapping[model.id].rsplit("/", 1)[1]]
        assert branch["properties"]["model"]["const"] == model.id
        target = branch["properties"]["input"]["$ref"].rsplit("/", 1)[1]
        expected = input_schema(model)
        del expected["$schema"]
        assert schemas[target] == expected


def test_task_schema_accepts_the_page_example(catalog: Catalog) -> None:
    example = {f.name: f.example for f in catalog.hub.task if f.required}
    task_schema = {**DOCUMENT["components"]["schemas"]["Task"]}
    Draft202012Validator(task_schema).validate(example)
    assert set(task_schema["required"]) == set(example)

"""The shared test vectors (generated/vectors/*.json) through hub_sdk: the same files
the TypeScript suite runs through hub-sdk/validate (tests/typescript/vectors.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hub_sdk import MODELS, InputError, validate_input

VECTORS = Path(__file__).resolve().parent.parent / "generated" / "vectors"
DOCUMENTS = [json.loads(p.read_text("utf-8")) for p in sorted(VECTORS.glob("*.json"))]


def _given(input: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in input.items() if v is not None}


def test_one_vector_file_per_model() -> None:
    assert sorted(d["model"] for d in DOCUMENTS) == sorted(MODELS)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[d["model"] for d in DOCUMENTS])
def test_vectors(doc: dict[str, Any]) -> None:
    model = doc["model"]
    for example in doc["examples"]:
        assert validate_input(model, example) == _given(example)
    for case in doc["accepted"]:
        assert validate_input(model, case["input"]) == _given(case["input"]), case["id"]
    for case in doc["rejected"]:
        with pytest.raises(InputError) as caught:
            validate_input(model, case["input"])
        matching = [
            p for p in caught.value.problems if (p.field, p.rule) == (case["field"], case["rule"])
        ]
        assert matching, f"{case['id']}: got {caught.value}"
        if case["message"] is not None:
            assert [p.message for p in matching] == [case["message"]], case["id"]

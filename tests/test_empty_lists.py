"""An empty list is not "given" for a cross-field rule: hub_sdk, the JSON Schemas and the
mock hub agree (issue 13, point 11)."""

from __future__ import annotations

from typing import Any

import pytest
from hub_sdk import InputError, validate_input
from jsonschema import Draft202012Validator

from generator.catalog import Catalog
from generator.documents.input_schema import input_schema
from generator.mock.checks import InputChecker

IMG = "https://example.com/i.jpg"
SHOT = {"prompt": "a", "duration": "3"}

# (model, input, the rules it breaks): each read by all three validators.
CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [], "image_urls": [IMG]}, set()),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": []}, set()),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [IMG]}, {"requires"}),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [IMG], "image_urls": []}, {"requires"}),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [IMG], "video_urls": []}, {"requires"}),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [IMG], "video_urls": [IMG]}, set()),
    ("kling-v3-pro", {"multi_prompt": []}, {"exactly_one_of"}),
    ("kling-v3-pro", {"prompt": "p", "multi_prompt": []}, set()),
    ("kling-v3-pro", {"multi_prompt": [SHOT]}, set()),
    ("kling-v3-pro", {"prompt": "p", "multi_prompt": [SHOT]}, {"exactly_one_of"}),
]


def _sdk_rules(model_id: str, input: dict[str, Any]) -> set[str]:
    try:
        validate_input(model_id, input)
    except InputError as exc:
        return {p.rule for p in exc.problems}
    return set()


def _schema_rules(catalog: Catalog, model_id: str, input: dict[str, Any]) -> set[str]:
    model = catalog.model(model_id)
    assert model is not None
    schema = input_schema(model)
    found = set()
    for error in Draft202012Validator(schema).iter_errors(input):
        if error.schema_path and error.schema_path[0] == "allOf":
            found.add(schema["allOf"][int(error.schema_path[1])]["x-hub-check"]["rule"])
        else:
            found.add(str(error.validator))
    return found


def _mock_rules(catalog: Catalog, model_id: str, input: dict[str, Any]) -> set[str]:
    model = catalog.model(model_id)
    assert model is not None
    return {p.rule for p in InputChecker(model).problems(input)}


@pytest.mark.parametrize(("model_id", "input", "broken"), CASES)
def test_an_empty_list_is_not_given(
    catalog: Catalog, model_id: str, input: dict[str, Any], broken: set[str]
) -> None:
    assert _sdk_rules(model_id, input) == broken
    assert _schema_rules(catalog, model_id, input) == broken
    assert _mock_rules(catalog, model_id, input) == broken

"""generated/schemas/*.json: valid 2020-12 schemas that agree with hub_sdk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hub_sdk import MODELS, InputError, validate_input
from jsonschema import Draft202012Validator

from .support.reference_page import parse_page
from .support.repository import GENERATED

PAGE = parse_page()
SCHEMAS = {p.stem: json.loads(p.read_text("utf-8")) for p in (GENERATED / "schemas").glob("*.json")}
IMG = "https://example.com/i.jpg"

# Inputs on both sides of every kind of constraint; each is run through both validators.
PROBES: list[tuple[str, dict[str, Any]]] = [
    ("veo-3.1", {"prompt": "p", "duration": "6s"}),
    ("veo-3.1", {"prompt": "p", "duration": "5s"}),
    ("veo-3.1", {"prompt": "p", "extra": 1}),
    ("veo-3.1", {"duration": "8s"}),
    ("veo-3.1", {"prompt": "p", "image_urls": [IMG]}),
    ("veo-3.1-image", {"prompt": "p", "image_urls": [IMG]}),
    ("veo-3.1-image", {"prompt": "p", "image_urls": [IMG], "image_url": IMG}),
    ("veo-3.1-image", {"prompt": "p"}),
    ("veo-3.1-image", {"prompt": "p", "image_urls": [IMG, IMG]}),
    ("veo-3.1-first-last", {"prompt": "p", "image_urls": [IMG, IMG]}),
    ("veo-3.1-first-last", {"prompt": "p", "image_urls": [IMG]}),
    ("veo-3.1-first-last", {"prompt": "p", "first_frame_url": IMG, "last_frame_url": IMG}),
    ("veo-3.1-ref", {"prompt": "p", "image_urls": [IMG] * 9}),
    ("veo-3.1-ref", {"prompt": "p", "image_urls": [IMG] * 10}),
    ("kling-v3-pro", {"prompt": "p", "multi_prompt": None}),
    ("kling-v3-pro", {"prompt": "p", "multi_prompt": [{"prompt": "a"}]}),
    ("kling-v3-pro", {"multi_prompt": [{"prompt": "a", "duration": "3"}]}),
    ("kling-v3-pro", {}),
    ("kling-v3-pro-image", {"prompt": "p", "image_urls": [IMG, IMG]}),
    ("kling-v3-pro-image", {"prompt": "p", "image_urls": [IMG], "end_image_url": IMG}),
    ("kling-v3-pro-image", {"prompt": "p", "image_urls": [IMG, IMG], "end_image_url": IMG}),
    ("wan-2.7", {"prompt": "x" * 5000, "seed": 2147483647}),
    ("wan-2.7", {"prompt": "x" * 5001}),
    ("wan-2.7", {"prompt": "p", "seed": -1}),
    ("wan-2.7", {"prompt": "p", "duration": "5"}),
    ("wan-2.7-image", {"video_url": IMG}),
    ("wan-2.7-image", {"video_url": IMG, "image_urls": [IMG]}),
    ("wan-2.7-image", {"video_url": IMG, "image_url": IMG}),
    ("wan-2.7-ref", {"prompt": "p", "image_urls": [IMG], "reference_image_urls": [IMG]}),
    ("wan-2.7-ref", {"prompt": "p", "image_urls": [IMG, IMG, IMG]}),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [IMG]}),
    ("seedance-2.0-ref", {"prompt": "p", "audio_urls": [IMG], "video_urls": [IMG]}),
    ("seedance-2.0-ref", {"prompt": "p", "image_urls": [IMG] * 10}),
    ("seedance-2.0-fast", {"prompt": "p", "resolution": "1080p"}),
]


def test_one_schema_per_model() -> None:
    assert sorted(SCHEMAS) == sorted(MODELS)


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_schema_is_valid_2020_12_and_accepts_the_example(model_id: str) -> None:
    schema = SCHEMAS[model_id]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert list(Draft202012Validator(schema).iter_errors(PAGE[model_id].example)) == []


@pytest.mark.parametrize(("model_id", "data"), PROBES)
def test_schema_and_sdk_agree(model_id: str, data: dict[str, Any]) -> None:
    schema_ok = Draft202012Validator(SCHEMAS[model_id]).is_valid(data)
    try:
        validate_input(model_id, data)
        sdk_ok = True
    except InputError:
        sdk_ok = False
    assert schema_ok == sdk_ok


def test_schema_carries_defaults_ranges_and_image_counts() -> None:
    veo = SCHEMAS["veo-3.1"]["properties"]
    assert veo["duration"]["default"] == "8s"
    assert veo["duration"]["enum"] == ["4s", "6s", "8s", None]
    assert veo["safety_tolerance"]["x-api-only"] is True
    wan = SCHEMAS["wan-2.7"]["properties"]
    assert (wan["seed"]["minimum"], wan["seed"]["maximum"]) == (0, 2147483647)
    assert wan["prompt"]["maxLength"] == 5000 and wan["negative_prompt"]["maxLength"] == 500
    images = SCHEMAS["veo-3.1-ref"]["properties"]["image_urls"]
    assert (images["minItems"], images["maxItems"]) == (2, 9)
    assert SCHEMAS["veo-3.1-first-last"]["x-hub"]["images"] == {
        "min": 2,
        "max": 2,
        "slots": ["first_frame_url", "last_frame_url"],
    }
    rules = SCHEMAS["seedance-2.0-ref"]["x-hub"]["rules"]
    assert [r["kind"] for r in rules] == ["max_total_items", "requires"]


def test_schema_files_are_stable_json(tmp_path: Path) -> None:
    for model_id, schema in SCHEMAS.items():
        text = (GENERATED / "schemas" / f"{model_id}.json").read_text("utf-8")
        assert text == json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

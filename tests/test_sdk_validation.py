"""hub_sdk.validate_input / to_fal_input: accepts what the page allows, rejects the rest."""

from __future__ import annotations

from typing import Any

import hub_sdk
import pytest
from hub_sdk import InputError, validate_input

from .support.reference_page import parse_page

PAGE = parse_page()
IMG = "https://example.com/i.jpg"


def rejected(model_id: str, data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as caught:
        validate_input(model_id, data)
    assert caught.value.model_id == model_id
    return caught.value


def rules_of(error: InputError) -> list[tuple[str, str]]:
    return [(p.field, p.rule) for p in error.problems]


@pytest.mark.parametrize("model_id", sorted(PAGE))
def test_every_page_example_validates_verbatim(model_id: str) -> None:
    example = PAGE[model_id].example
    out = validate_input(model_id, example)
    assert out == {k: v for k, v in example.items() if v is not None}


def test_null_means_omitted() -> None:
    out = validate_input("kling-v3-pro", {"prompt": "p", "multi_prompt": None})
    assert out == {"prompt": "p"}


def test_omitted_stays_omitted_unless_defaults_asked_for() -> None:
    assert validate_input("veo-3.1", {"prompt": "p"}) == {"prompt": "p"}
    filled = validate_input("veo-3.1", {"prompt": "p"}, fill_defaults=True)
    assert filled == {
        "prompt": "p",
        "auto_fix": True,
        "duration": "8s",
        "resolution": "720p",
        "aspect_ratio": "16:9",
        "generate_audio": True,
        "safety_tolerance": "4",
    }


def test_unknown_model_is_an_input_error_with_suggestion() -> None:
    error = rejected("veo-31", {"prompt": "p"})
    assert "unknown model 'veo-31'; did you mean 'veo-3.1'?" in str(error)


def test_unknown_field_suggests_the_nearest() -> None:
    error = rejected("veo-3.1", {"prompt": "p", "resolutoin": "720p"})
    assert str(error.problems[0]) == (
        "resolutoin: unknown field; did you mean 'resolution'? [unknown_field]"
    )


def test_message_names_model_field_rule_and_allowed_values() -> None:
    error = rejected("veo-3.1-lite", {"prompt": "p", "resolution": "4k"})
    assert str(error) == (
        "invalid input for veo-3.1-lite (1 problem):\n"
        "  - resolution: '4k' is not allowed; allowed values: '720p' or '1080p' [enum]"
    )


def test_all_problems_reported_together() -> None:
    error = rejected("wan-2.7", {"seed": -1, "duration": "5"})
    assert sorted(rules_of(error)) == [
        ("duration", "enum"),
        ("prompt", "required"),
        ("seed", "minimum"),
    ]


@pytest.mark.parametrize(
    ("model_id", "field", "good", "bad"),
    [
        ("veo-3.1", "duration", "4s", "5s"),
        ("veo-3.1", "resolution", "4k", "2k"),
        ("veo-3", "resolution", "1080p", "4k"),
        ("veo-3.1-lite-image", "resolution", "1080p", "4k"),
        ("kling-v3-pro", "duration", "15", "16"),
        ("kling-v3-pro", "duration", "3", "2"),
        ("wan-2.7", "duration", 15, 16),
        ("wan-2.7", "duration", 2, 1),
        ("wan-2.7-ref", "duration", 10, 11),
        ("wan-2.7-edit", "duration", "0", "1"),
        ("seedance-2.0", "duration", "4", "3"),
        ("seedance-2.0", "resolution", "1080p", "2160p"),
        ("seedance-2.0-fast", "resolution", "720p", "1080p"),
        ("seedance-2.0-fast-ref", "resolution", "480p", "1080p"),
    ],
)
def test_allowed_values_per_tier(model_id: str, field: str, good: Any, bad: Any) -> None:
    base = _minimal(model_id)
    assert validate_input(model_id, {**base, field: good})[field] == good
    assert rules_of(rejected(model_id, {**base, field: bad})) == [(field, "enum")]


def test_types_are_exact_per_family() -> None:
    assert rules_of(rejected("wan-2.7", {"prompt": "p", "duration": "5"})) == [("duration", "enum")]
    assert rules_of(rejected("veo-3.1", {"prompt": "p", "duration": 8})) == [("duration", "enum")]
    assert rules_of(rejected("veo-3.1", {"prompt": "p", "seed": "1"})) == [("seed", "type")]
    assert rules_of(rejected("veo-3.1", {"prompt": "p", "generate_audio": 1})) == [
        ("generate_audio", "type")
    ]


@pytest.mark.parametrize("model_id", ["wan-2.7", "wan-2.7-image", "wan-2.7-ref"])
def test_wan_prompt_and_negative_prompt_lengths(model_id: str) -> None:
    base = _minimal(model_id)
    validate_input(model_id, {**base, "prompt": "x" * 5000, "negative_prompt": "y" * 500})
    assert rules_of(rejected(model_id, {**base, "prompt": "x" * 5001})) == [
        ("prompt", "max_length")
    ]
    too_long = {**base, "negative_prompt": "y" * 501}
    assert rules_of(rejected(model_id, too_long)) == [("negative_prompt", "max_length")]


@pytest.mark.parametrize("model_id", ["wan-2.7", "wan-2.7-image", "wan-2.7-ref", "wan-2.7-edit"])
def test_wan_seed_range(model_id: str) -> None:
    base = _minimal(model_id)
    for seed in (0, 2147483647):
        assert validate_input(model_id, {**base, "seed": seed})["seed"] == seed
    assert rules_of(rejected(model_id, {**base, "seed": -1})) == [("seed", "minimum")]
    assert rules_of(rejected(model_id, {**base, "seed": 2147483648})) == [("seed", "maximum")]


@pytest.mark.parametrize("model_id", ["kling-v3-standard", "kling-v3-pro-image"])
def test_kling_prompt_or_multi_prompt_not_both(model_id: str) -> None:
    base = {k: v for k, v in _minimal(model_id).items() if k != "prompt"}
    shots = [{"prompt": "a", "duration": "5"}, {"prompt": "b"}]
    validate_input(model_id, {**base, "prompt": "p"})
    assert validate_input(model_id, {**base, "multi_prompt": shots})["multi_prompt"] == [
        {"prompt": "a", "duration": "5"},
        {"prompt": "b"},
    ]
    both = rejected(model_id, {**base, "prompt": "p", "multi_prompt": shots})
    neither = rejected(model_id, base)
    assert rules_of(both) == rules_of(neither) == [("prompt, multi_prompt", "exactly_one_of")]
    assert "Either prompt or multi_prompt must be provided, but not both." in str(both)


def test_kling_multi_prompt_items_are_checked() -> None:
    error = rejected("kling-v3-pro", {"multi_prompt": [{"prompt": "a", "duration": "99"}]})
    assert rules_of(error) == [("multi_prompt.0.duration", "enum")]


VID = "https://example.com/clip.mp4"
AUD = "https://example.com/voice.mp3"


def test_uri_parameters_must_be_absolute_uris() -> None:
    error = rejected("wan-2.7-image", {"video_url": "clip.mp4", "image_urls": ["", IMG]})
    assert sorted(rules_of(error)) == [("image_urls.0", "format"), ("video_url", "format")]
    assert "must be an absolute URI" in str(error)


def test_wan_image_video_cannot_combine_with_image() -> None:
    validate_input("wan-2.7-image", {"video_url": "https://example.com/v.mp4"})
    direct = rejected("wan-2.7-image", {"video_url": VID, "image_url": IMG})
    mapped = rejected("wan-2.7-image", {"video_url": VID, "image_urls": [IMG]})
    assert rules_of(direct) == rules_of(mapped) == [("video_url, image_url", "not_both")]
    assert "video_url cannot be combined with image_url" in str(direct)


def test_seedance_ref_file_limits() -> None:
    model_id = "seedance-2.0-ref"
    base = {"prompt": "p"}
    validate_input(model_id, {**base, "image_urls": [IMG] * 9, "video_urls": [VID] * 3})
    assert rules_of(rejected(model_id, {**base, "image_urls": [IMG] * 10})) == [
        ("image_urls", "max_items")
    ]
    assert rules_of(rejected(model_id, {**base, "video_urls": [VID] * 4})) == [
        ("video_urls", "max_items")
    ]
    assert rules_of(rejected(model_id, {**base, "audio_urls": [AUD] * 4, "image_urls": [IMG]})) == [
        ("audio_urls", "max_items")
    ]
    twelve = {**base, "image_urls": [IMG] * 9, "video_urls": [VID] * 2, "audio_urls": [AUD]}
    validate_input(model_id, twelve)
    thirteen = {**base, "image_urls": [IMG] * 9, "video_urls": [VID] * 3, "audio_urls": [AUD]}
    error = rejected(model_id, thirteen)
    assert rules_of(error) == [("image_urls, video_urls, audio_urls", "max_total_items")]
    assert "must not exceed 12 files" in str(error)


def test_seedance_ref_audio_needs_image_or_video() -> None:
    model_id = "seedance-2.0-fast-ref"
    error = rejected(model_id, {"prompt": "p", "audio_urls": [AUD]})
    assert rules_of(error) == [("image_urls, video_urls", "requires")]
    validate_input(model_id, {"prompt": "p", "audio_urls": [AUD], "video_urls": [VID]})
    validate_input(model_id, {"prompt": "p", "audio_urls": [AUD], "image_urls": [IMG]})


@pytest.mark.parametrize("model_id", ["veo-3.1-ref", "veo-3.1-fast-ref"])
def test_veo_ref_takes_two_to_nine_images(model_id: str) -> None:
    for count in (2, 9):
        assert (
            len(
                validate_input(model_id, {"prompt": "p", "image_urls": [IMG] * count})["image_urls"]
            )
            == count
        )
    assert rules_of(rejected(model_id, {"prompt": "p", "image_urls": [IMG]})) == [
        ("image_urls", "min_items")
    ]
    assert rules_of(rejected(model_id, {"prompt": "p", "image_urls": [IMG] * 10})) == [
        ("image_urls", "max_items")
    ]
    assert rules_of(rejected(model_id, {"prompt": "p"})) == [("image_urls", "required")]


def test_text_models_take_no_images() -> None:
    error = rejected("veo-3.1", {"prompt": "p", "image_urls": [IMG]})
    assert str(error.problems[0]) == "image_urls: veo-3.1 takes no images [unknown_field]"


def test_non_mapping_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected a mapping, got list"):
        validate_input("veo-3.1", ["prompt"])  # type: ignore[arg-type]


def test_typed_models_enforce_the_same_rules() -> None:
    model = hub_sdk.model_class("veo-3.1-first-last")
    built = model.model_validate({"prompt": "p", "image_urls": [IMG, IMG]})
    assert built.to_upstream() == {"prompt": "p", "first_frame_url": IMG, "last_frame_url": IMG}
    assert hub_sdk.Veo31FirstLastInput is model


def _minimal(model_id: str) -> dict[str, Any]:
    """The smallest input the model accepts, from its page example."""
    needed = {"prompt", "image_url", "start_image_url", "image_urls", "video_url"}
    return {k: v for k, v in PAGE[model_id].example.items() if k in needed}

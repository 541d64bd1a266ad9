"""image_urls mapped onto each model's own fields, for every mode and mapping kind."""

from __future__ import annotations

import pytest
from hub_sdk import MODELS, InputError, to_fal_input, validate_input

A, B, C = (f"https://example.com/{n}.jpg" for n in "abc")


@pytest.mark.parametrize(
    ("model_id", "images", "upstream"),
    [
        ("veo-3.1-image", [A], {"image_url": A}),
        ("veo-3.1-fast-image", [A], {"image_url": A}),
        ("veo-3.1-lite-image", [A], {"image_url": A}),
        ("veo-3-image", [A], {"image_url": A}),
        ("veo-3.1-first-last", [A, B], {"first_frame_url": A, "last_frame_url": B}),
        ("veo-3.1-ref", [A, B, C], {"image_urls": [A, B, C]}),
        ("veo-3.1-fast-ref", [A, B], {"image_urls": [A, B]}),
        ("kling-v3-pro-image", [A], {"start_image_url": A}),
        ("kling-v3-standard-image", [A, B], {"start_image_url": A, "end_image_url": B}),
        ("wan-2.7-image", [A, B], {"image_url": A, "end_image_url": B}),
        ("wan-2.7-ref", [A, B], {"reference_image_urls": [A, B]}),
        ("seedance-2.0-image", [A, B], {"image_url": A, "end_image_url": B}),
        ("seedance-2.0-fast-image", [A], {"image_url": A}),
        ("seedance-2.0-ref", [A], {"image_urls": [A]}),
        ("seedance-2.0-fast-ref", [A, B], {"image_urls": [A, B]}),
    ],
)
def test_image_urls_land_on_upstream_fields(
    model_id: str, images: list[str], upstream: dict[str, object]
) -> None:
    out = to_fal_input(model_id, {"prompt": "p", "image_urls": images})
    assert out == {"prompt": "p", **upstream}
    # The hub-facing form is kept as given.
    assert validate_input(model_id, {"prompt": "p", "image_urls": images})["image_urls"] == images


def test_video_to_video_maps_the_reference_image() -> None:
    data = {"prompt": "p", "video_url": "https://example.com/v.mp4", "image_urls": [A]}
    assert to_fal_input("wan-2.7-edit", data) == {
        "prompt": "p",
        "video_url": "https://example.com/v.mp4",
        "reference_image_url": A,
    }


def test_upstream_fields_are_accepted_directly() -> None:
    data = {"prompt": "p", "first_frame_url": A, "last_frame_url": B}
    assert to_fal_input("veo-3.1-first-last", data) == data


def test_mixing_forms_across_slots_is_allowed() -> None:
    out = to_fal_input("seedance-2.0-image", {"prompt": "p", "image_urls": [A], "end_image_url": B})
    assert out == {"prompt": "p", "image_url": A, "end_image_url": B}


@pytest.mark.parametrize(
    ("model_id", "data", "rule"),
    [
        ("veo-3.1-image", {"image_urls": [A], "image_url": B}, "image_slot"),
        ("seedance-2.0-image", {"image_urls": [A, B], "end_image_url": C}, "image_slot"),
        ("wan-2.7-ref", {"image_urls": [A], "reference_image_urls": [B]}, "image_slot"),
        ("veo-3.1-image", {}, "required"),
        ("kling-v3-pro-image", {}, "required"),
    ],
)
def test_one_slot_one_source(model_id: str, data: dict[str, object], rule: str) -> None:
    with pytest.raises(InputError) as caught:
        validate_input(model_id, {"prompt": "p", **data})
    assert [p.rule for p in caught.value.problems] == [rule]


@pytest.mark.parametrize(
    ("model_id", "low", "high"),
    [
        ("veo-3.1-image", 1, 1),
        ("veo-3.1-first-last", 2, 2),
        ("kling-v3-pro-image", 1, 2),
        ("seedance-2.0-image", 1, 2),
        ("wan-2.7-image", 0, 2),
        ("wan-2.7-edit", 0, 1),
    ],
)
def test_image_counts_at_and_past_the_edges(model_id: str, low: int, high: int) -> None:
    extra = {"video_url": "https://example.com/v.mp4"} if model_id == "wan-2.7-edit" else {}
    for count in {max(low, 1), high}:
        validate_input(model_id, {"prompt": "p", "image_urls": [A] * count, **extra})
    with pytest.raises(InputError, match=r"image_urls: must be at most"):
        validate_input(model_id, {"prompt": "p", "image_urls": [A] * (high + 1), **extra})
    if low > 1:
        with pytest.raises(InputError, match=r"image_urls: must be at least"):
            validate_input(model_id, {"prompt": "p", "image_urls": [A] * (low - 1), **extra})


def test_every_mode_is_covered_by_the_registry() -> None:
    modes = {entry.mode for entry in MODELS.values()}
    assert modes == {
        "text-to-video",
        "image-to-video",
        "reference-to-video",
        "first-last-frame-to-video",
        "video-to-video",
    }

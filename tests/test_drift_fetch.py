"""Reading the live catalog: the nesting-depth guard that runs before any JSON is parsed
(generator/drift/answer_body.py), and how the lists and details are read (fetch.py)."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.drift.answer_body import MAX_DEPTH, FetchError, _depth
from generator.drift.fetch import fetch_catalog
from generator.drift.settings import FetchConfig

from .support.local_hubs import Scripted

LIST = "/hub/v1/models"
CAPABILITIES = ("video", "image", "audio")


def _config(url: str, **changes: Any) -> FetchConfig:
    settings_ = {"retries": 0, "timeout": 5.0, **changes}
    return FetchConfig(url, "tok", LIST, LIST + "/{model}", CAPABILITIES, **settings_)


def _reference(body: bytes) -> int:
    """The byte-by-byte scan the guard stands for (strings skipped, an unclosed string
    running to the end), without the early stop past MAX_DEPTH."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([b"[", b"]", b"{", b"}", b'"', b"\\", b"a", b",", b"\xe9"])))
def test_the_guard_agrees_with_a_byte_by_byte_scan(parts: list[bytes]) -> None:
    body = b"".join(parts)
    expected = _reference(body)
    got = _depth(body)
    assert got == expected if expected <= MAX_DEPTH else got > MAX_DEPTH


def test_brackets_inside_strings_and_escapes_do_not_count() -> None:
    text = json.dumps({"a": ["[[[{{{", 'say "[" \\'], "b": {"c": [1, 2]}})
    assert _depth(text.encode()) == 3
    assert _depth(b'["unclosed [[[[') == 1
    assert _depth(b"[" * 100000) == MAX_DEPTH + 1  # stops once past the bound


def test_the_lists_are_read_at_once_and_kept_in_capability_order(scripted: Scripted) -> None:
    """The video list answers only once the audio list has been asked for: read one after
    another, the first would wait out its timeout. Ids keep the declared order."""
    asked_for_audio = threading.Event()

    def video(_: BaseHTTPRequestHandler) -> list[str]:
        assert asked_for_audio.wait(4)
        return ["v1"]

    def audio(_: BaseHTTPRequestHandler) -> list[str]:
        asked_for_audio.set()
        return ["a1"]

    routes: dict[str, Any] = {
        f"{LIST}?capability=video": [(200, {}, video)],
        f"{LIST}?capability=image": [(200, {}, ["i1"])],
        f"{LIST}?capability=audio": [(200, {}, audio)],
        **{f"{LIST}/{i}": [(200, {}, {"id": i})] for i in ("v1", "i1", "a1")},
    }
    url, _ = scripted(routes)
    arrived: list[tuple[str, str, Any]] = []
    live = asyncio.run(fetch_catalog(_config(url), lambda *answer: arrived.append(answer)))
    assert live.ids == ["v1", "i1", "a1"]
    assert live.capabilities == {"v1": "video", "i1": "image", "a1": "audio"}
    assert sorted(arrived, key=lambda answer: answer[0]) == [
        ("a1", "audio", {"id": "a1"}),
        ("i1", "image", {"id": "i1"}),
        ("v1", "video", {"id": "v1"}),
    ]


def test_when_several_lists_fail_the_first_declared_is_reported(scripted: Scripted) -> None:
    """Read at once, the lists may fail in any order; the error is always the first
    capability's, as when they were read one after another."""
    image_failed = threading.Event()

    def video(_: BaseHTTPRequestHandler) -> dict[str, str]:
        image_failed.wait(4)  # the image list fails first
        return {"nothing": "here"}

    def image(_: BaseHTTPRequestHandler) -> dict[str, str]:
        image_failed.set()
        return {"error": "down"}

    url, _ = scripted(
        {
            f"{LIST}?capability=video": [(200, {}, video)],
            f"{LIST}?capability=image": [(503, {}, image)],
            f"{LIST}?capability=audio": [(200, {}, [])],
        }
    )
    with pytest.raises(FetchError) as failed:
        asyncio.run(fetch_catalog(_config(url)))
    assert str(failed.value).startswith(f"GET {url}{LIST}?capability=video: no 'models' list")

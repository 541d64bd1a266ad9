"""An answer's body: read under a size cap, then parsed as JSON no deeper than MAX_DEPTH,
with finite numbers only; and `FetchError`, what every read of the hub that fails raises
(one line with the URL and the cause)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import httpx

MAX_DEPTH = 64


class FetchError(Exception):
    """The live catalog could not be read: one line with the URL and the cause."""


async def read_body(response: httpx.Response, url: str, limit: int) -> bytes:
    """The body of `response`, or FetchError once it is (or says it will be) over `limit`
    bytes."""
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"GET {url}: answer of {declared} bytes is over the {limit}-byte cap")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise FetchError(f"GET {url}: answer is over the {limit}-byte cap")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes, url: str) -> Any:
    if _depth(body) > MAX_DEPTH:
        raise FetchError(f"GET {url}: JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(body, parse_constant=_non_finite, parse_float=_finite_float)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FetchError(f"GET {url}: invalid or truncated JSON ({exc})") from None
    except _NonFinite as exc:
        raise FetchError(f"GET {url}: {exc} is not a finite number (JSON has none)") from None
    except RecursionError:
        raise FetchError(f"GET {url}: JSON nested too deeply to read") from None


class _NonFinite(ValueError):
    pass


def _non_finite(text: str) -> Any:
    raise _NonFinite(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NonFinite(text)
    return value


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _depth(body: bytes) -> int:
    """The deepest nesting of brackets in a JSON text (strings skipped), without parsing:
    the strings cut out and every byte but a bracket dropped (both in C), then the few
    brackets left counted. What follows a quote that never closes is inside a string."""
    brackets = _JSON_STRING.sub(b"", body).split(b'"', 1)[0].translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        if byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        else:
            depth -= 1
    return deepest

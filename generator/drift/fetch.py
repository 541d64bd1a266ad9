"""Reading a live hub's catalog: the model list, then every model, concurrently.

The list (`GET /hub/v1/models?capability=X`) may be a bare array, `{"models": [...]}` or
`{"data": [...]}`, each entry a string or an object with its id under `id` or `model`
(hub-facts.md: the shape is not documented). Each id is remembered with the capability
whose list named it.

Hostile networks are expected: one timeout bounds each request from connect to last byte
(a server that trickles its answer cannot hold a call longer), 5xx/429/resets are retried
with backoff (honouring Retry-After, seconds or an HTTP date, capped), answers are
size-capped and must be JSON no deeper than MAX_DEPTH, redirects are followed only a few
times, only to http(s), and never carry the token to another host. Anything that keeps
the catalog from being read raises `FetchError` with the URL and the cause; it never
turns into an empty or partial catalog.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 3
MAX_RETRY_AFTER = 30.0
MAX_DEPTH = 64
ID_KEYS = ("id", "model")
LIST_KEYS = ("models", "data")


class FetchError(Exception):
    """The live catalog could not be read: one line with the URL and the cause."""


@dataclass(frozen=True)
class FetchConfig:
    base_url: str
    token: str
    list_path: str
    model_path: str
    capabilities: tuple[str, ...]
    concurrency: int = 8
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.25
    max_bytes: int = 5 << 20
    auth_header: str = "Authorization"
    check_id: Callable[[str], None] | None = None
    """Called on each listed id before any detail is read (sync refuses unsafe ids)."""
    progress: Callable[[int, int], None] | None = None
    """Called as (details read, details listed) after each model's detail arrives."""


@dataclass
class LiveCatalog:
    ids: list[str]
    documents: dict[str, dict[str, Any]]
    requests: int = 0
    capabilities: dict[str, str] = field(default_factory=dict)
    """Each id -> the capability whose list named it."""
    urls: dict[str, str] = field(default_factory=dict)
    """Each id -> the URL its detail was read from."""


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


class Fetcher:
    def __init__(self, config: FetchConfig, client: httpx.AsyncClient) -> None:
        self.config = config
        self.client = client
        self.rng = random.Random()
        self.requests = 0
        self.origin = _origin(config.base_url)

    def _headers(self, url: str) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if _origin(url) == self.origin:
            headers[self.config.auth_header] = f"Bearer {self.config.token}"
        return headers

    async def _read(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length")
        limit = self.config.max_bytes
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

    async def get_json(self, url: str) -> Any:
        """GET `url` as JSON, with retries and redirects; FetchError when it cannot."""
        attempt = 0
        redirects = 0
        timeout = self.config.timeout
        while True:
            self.requests += 1
            try:
                async with asyncio.timeout(timeout):
                    outcome, value = await self._attempt(url, attempt)
            except TimeoutError:
                raise FetchError(f"GET {url}: no complete answer within {timeout:g} s") from None
            except httpx.TimeoutException:
                raise FetchError(f"GET {url}: timed out (limit {timeout:g} s)") from None
            except httpx.TransportError as exc:
                if attempt >= self.config.retries:
                    reason = str(exc) or type(exc).__name__
                    raise FetchError(f"GET {url}: {reason}") from None
                outcome, value = "retry", self._delay(attempt, None)
            except httpx.DecodingError as exc:
                reason = str(exc) or type(exc).__name__
                raise FetchError(f"GET {url}: the body could not be decoded ({reason})") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                reason = str(exc) or type(exc).__name__
                raise FetchError(f"GET {url}: {reason}") from None
            if outcome == "done":
                return value
            if outcome == "redirect":
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise FetchError(f"GET {url}: more than {MAX_REDIRECTS} redirects")
                url = value
                continue
            attempt += 1
            await asyncio.sleep(value)

    async def _attempt(self, url: str, attempt: int) -> tuple[str, Any]:
        """One request: ("done", json), ("redirect", url) or ("retry", delay)."""
        request = self.client.build_request("GET", url, headers=self._headers(url))
        response = await self.client.send(request, stream=True)
        try:
            status = response.status_code
            if status in REDIRECTS and "location" in response.headers:
                target = urljoin(url, response.headers["location"])
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(f"GET {url}: redirect to a non-HTTP location {target!r}")
                return "redirect", target
            if status in RETRY_STATUSES and attempt < self.config.retries:
                return "retry", self._delay(attempt, response)
            if status >= 400:
                raise FetchError(f"GET {url}: {_status_text(status)}")
            body = await self._read(response, url)
            return "done", _parse(body, url)
        finally:
            await response.aclose()

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            asked = retry_after(response.headers.get("retry-after", ""))
            if asked is not None:
                return asked
        return self.rng.uniform(0, self.config.backoff * 2**attempt)


def retry_after(value: str) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or an HTTP date), capped at
    MAX_RETRY_AFTER; None when the value is neither (then backoff applies)."""
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    if not math.isfinite(seconds):
        return MAX_RETRY_AFTER if seconds > 0 else None
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


def _status_text(status: int) -> str:
    reason = httpx.codes.get_reason_phrase(status)
    if status in (401, 403):
        return f"{status} {reason}: the token was refused"
    return f"{status} {reason}"


def _parse(body: bytes, url: str) -> Any:
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


def _entry_id(entry: Any) -> Any:
    if not isinstance(entry, Mapping):
        return entry
    return next((entry[key] for key in ID_KEYS if key in entry), None)


def list_ids(answer: Any, url: str) -> list[str]:
    """The ids of a list answer in any of the accepted shapes; FetchError names the URL
    and what is wrong (no list, an entry without an id, an id listed twice)."""
    models = answer
    if isinstance(answer, Mapping):
        models = next((answer[key] for key in LIST_KEYS if key in answer), None)
    if not isinstance(models, list):
        raise FetchError(
            f"GET {url}: no 'models' list in the answer "
            '(expected a JSON array, {"models": [...]} or {"data": [...]})'
        )
    ids: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(models):
        model_id = _entry_id(entry)
        if not isinstance(model_id, str) or not model_id:
            raise FetchError(
                f"GET {url}: a listed model has no id (entry {index}: "
                "expected a string or an object with 'id' or 'model')"
            )
        if model_id in seen:
            raise FetchError(f"GET {url}: model {model_id!r} is listed twice")
        if model_id in (".", ".."):
            raise FetchError(f"GET {url}: model id {model_id!r} is a dot segment, not a model")
        ids.append(model_id)
        seen.add(model_id)
    return ids


async def fetch_catalog(
    config: FetchConfig, on_answer: Callable[[str, str, Any], None] | None = None
) -> LiveCatalog:
    """Every listed model's document; FetchError if any of it cannot be read. The lists of
    all capabilities are read at once; `on_answer(id, capability, answer)` is called with
    each model's answer as it arrives, while the other requests wait on the network."""
    base = config.base_url.rstrip("/")
    limits = httpx.Limits(max_connections=config.concurrency)
    async with httpx.AsyncClient(timeout=config.timeout, limits=limits) as client:
        fetcher = Fetcher(config, client)
        list_urls = [
            f"{base}{config.list_path}?capability={quote(capability)}"
            for capability in config.capabilities
        ]
        lists = await asyncio.gather(
            *(fetcher.get_json(url) for url in list_urls), return_exceptions=True
        )
        ids: list[str] = []
        capability_of: dict[str, str] = {}
        for capability, url, answer in zip(config.capabilities, list_urls, lists, strict=True):
            if isinstance(answer, BaseException):
                raise answer
            for model_id in list_ids(answer, url):
                if model_id in capability_of:
                    raise FetchError(
                        f"GET {url}: model {model_id!r} is listed under both "
                        f"{capability_of[model_id]!r} and {capability!r}"
                    )
                if config.check_id is not None:
                    config.check_id(model_id)
                capability_of[model_id] = capability
                ids.append(model_id)
        gate = asyncio.Semaphore(config.concurrency)

        urls = {
            model_id: base + config.model_path.replace("{model}", quote(model_id, safe=""))
            for model_id in ids
        }

        read = 0

        async def one(model_id: str) -> tuple[str, Any]:
            nonlocal read
            async with gate:
                answer = await fetcher.get_json(urls[model_id])
            read += 1
            if on_answer is not None:
                on_answer(model_id, capability_of[model_id], answer)
            if config.progress is not None:
                config.progress(read, len(ids))
            return model_id, answer

        try:
            async with asyncio.TaskGroup() as group:
                jobs = [group.create_task(one(i)) for i in ids]
        except* FetchError as failed:
            raise failed.exceptions[0] from None
        answers = dict(job.result() for job in jobs)
        return LiveCatalog(ids, answers, fetcher.requests, capability_of, urls)

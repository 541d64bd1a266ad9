"""Reading a live hub's catalog: the model list, then every model, concurrently.

Hostile networks are expected: each request has a timeout, 5xx/429/resets are retried
with backoff (honouring Retry-After), answers are size-capped and must be JSON objects,
redirects are followed only a few times and never carry the token to another host.
Anything that keeps the catalog from being read raises `FetchError` with the URL and
the cause; it never turns into an empty or partial catalog.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 3
MAX_RETRY_AFTER = 30.0


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


@dataclass
class LiveCatalog:
    ids: list[str]
    documents: dict[str, dict[str, Any]]
    requests: int = 0


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
        while True:
            self.requests += 1
            try:
                request = self.client.build_request("GET", url, headers=self._headers(url))
                response = await self.client.send(request, stream=True)
                try:
                    status = response.status_code
                    if status in REDIRECTS and "location" in response.headers:
                        redirects += 1
                        if redirects > MAX_REDIRECTS:
                            raise FetchError(f"GET {url}: more than {MAX_REDIRECTS} redirects")
                        url = urljoin(url, response.headers["location"])
                        continue
                    if status in RETRY_STATUSES and attempt < self.config.retries:
                        delay = self._delay(attempt, response)
                    elif status >= 400:
                        raise FetchError(f"GET {url}: {_status_text(status)}")
                    else:
                        body = await self._read(response, url)
                        return _parse(body, url)
                finally:
                    await response.aclose()
            except httpx.TransportError as exc:
                if attempt >= self.config.retries:
                    reason = str(exc) or type(exc).__name__
                    raise FetchError(f"GET {url}: {reason}") from None
                delay = self._delay(attempt, None)
            attempt += 1
            await asyncio.sleep(delay)

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            asked = response.headers.get("retry-after", "")
            try:
                return min(max(0.0, float(asked)), MAX_RETRY_AFTER)
            except ValueError:
                pass
        return self.rng.uniform(0, self.config.backoff * 2**attempt)


def _status_text(status: int) -> str:
    reason = httpx.codes.get_reason_phrase(status)
    if status in (401, 403):
        return f"{status} {reason}: the token was refused"
    return f"{status} {reason}"


def _parse(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FetchError(f"GET {url}: invalid or truncated JSON ({exc})") from None


def _ids(answer: Any, url: str) -> list[str]:
    models = answer.get("models", answer.get("data")) if isinstance(answer, Mapping) else answer
    if not isinstance(models, list):
        raise FetchError(f"GET {url}: no 'models' list in the answer")
    ids = []
    for entry in models:
        model_id = entry.get("id") if isinstance(entry, Mapping) else entry
        if not isinstance(model_id, str) or not model_id:
            raise FetchError(f"GET {url}: a listed model has no id")
        ids.append(model_id)
    return ids


async def fetch_catalog(config: FetchConfig) -> LiveCatalog:
    """Every listed model's document; FetchError if any of it cannot be read."""
    base = config.base_url.rstrip("/")
    limits = httpx.Limits(max_connections=config.concurrency)
    async with httpx.AsyncClient(timeout=config.timeout, limits=limits) as client:
        fetcher = Fetcher(config, client)
        ids: list[str] = []
        for capability in config.capabilities:
            url = f"{base}{config.list_path}?capability={quote(capability)}"
            ids += [i for i in _ids(await fetcher.get_json(url), url) if i not in ids]
        gate = asyncio.Semaphore(config.concurrency)

        async def one(model_id: str) -> tuple[str, Any]:
            async with gate:
                url = base + config.model_path.replace("{model}", quote(model_id, safe=""))
                return model_id, await fetcher.get_json(url)

        try:
            async with asyncio.TaskGroup() as group:
                jobs = [group.create_task(one(i)) for i in ids]
        except* FetchError as failed:
            raise failed.exceptions[0] from None
        answers = dict(job.result() for job in jobs)
        return LiveCatalog(ids, answers, fetcher.requests)

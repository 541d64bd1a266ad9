"""One GET as JSON over a hostile network.

One timeout bounds each request from connect to last byte (a server that trickles its
answer cannot hold a call longer), 5xx/429/resets are retried with backoff (honouring
Retry-After, seconds or an HTTP date, capped), answers are size-capped and must be JSON
no deeper than MAX_DEPTH (answer_body.py), redirects are followed only a few times, only
to http(s), and never carry the token to another host.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from .answer_body import FetchError, parse_json, read_body
from .settings import FetchConfig

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 3
MAX_RETRY_AFTER = 30.0


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


class Fetcher:
    """GETs as JSON for one reading of the hub, counted, over one client."""

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
            body = await read_body(response, url, self.config.max_bytes)
            return "done", parse_json(body, url)
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

"""The gate in front of every /hub/v1 route: the fault knobs (latency, 429s, 503s),
then the bearer token."""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import error
from .state import MockState

API_PREFIX = "/hub/v1/"


class Gateway:
    """Fault knobs, then auth, for every /hub/v1 request (plain ASGI: no per-request
    wrapping of the body or the response)."""

    def __init__(self, app: ASGIApp, state: MockState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope["path"]).startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        response = await self._refusal(Headers(scope=scope))
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    async def _refusal(self, headers: Headers) -> Response | None:
        state = self.state
        config = state.config
        state.requests += 1
        if config.latency:
            await asyncio.sleep(config.latency)
        if config.rate_limit_every and state.requests % config.rate_limit_every == 0:
            response = error(429, "rate_limited", "too many requests (mock fault knob)")
            response.headers["Retry-After"] = str(config.retry_after)
            return response
        if config.error_rate and state.rng.random() < config.error_rate:
            return error(503, "unavailable", "the hub is unavailable (mock fault knob)")
        if not _authorized(headers, config.tokens):
            response = error(401, "unauthorized", "a valid bearer token is required")
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        return None


def _authorized(headers: Headers, tokens: frozenset[str]) -> bool:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    return not tokens or token.strip() in tokens

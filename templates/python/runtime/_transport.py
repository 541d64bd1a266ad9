"""The sync client's transport: httpx's own, over a network backend that clamps every
connect, read and write to the deadline of the call in progress.

httpx's timeouts bound each socket operation, not the call: a server that trickles its
status line one byte a second holds a sync call as long as it likes. The async client bounds
the whole call with `asyncio.timeout`; the sync client has no such thing, so the bound sits
one level down, where httpcore touches the socket. The deadline travels in a context
variable set by `within()` around one send and read, so a connection from the pool,
reused by a later call, obeys that later call's deadline. A client built on a caller's own
`http_client` keeps that client's transport and its per-operation timeouts.
"""

from __future__ import annotations

import contextvars
import ssl
import time
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "hub_sdk_deadline", default=None
)
_LIMITS = httpx.Limits()


@contextmanager
def within(at: float) -> Iterator[None]:
    """Within the block, no socket operation of this thread waits past `at` (monotonic)."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _clamp(timeout: float | None, error: type[httpcore.TimeoutException]) -> float | None:
    """`timeout`, cut to what is left of the current deadline; `error` when none is."""
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the call's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _clamp(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _clamp(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, wait, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _clamp(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def transport() -> httpx.HTTPTransport:
    """httpx's default transport (TLS verified as httpx does, the default pool limits),
    its connection pool on the deadline-clamping backend."""
    context = httpx.create_ssl_context()
    made = httpx.HTTPTransport(verify=context)
    made._pool = httpcore.ConnectionPool(  # httpx offers no option for the backend
        ssl_context=context,
        max_connections=_LIMITS.max_connections,
        max_keepalive_connections=_LIMITS.max_keepalive_connections,
        keepalive_expiry=_LIMITS.keepalive_expiry,
        network_backend=_Backend(),
    )
    return made

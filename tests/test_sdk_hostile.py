"""hub_sdk against a hostile hub on 127.0.0.1 (issue 13, points 2, 8 and 9): whatever the
hub answers, the client raises one of its own errors, naming the URL, never the token, and
never later than its timeout."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hub_sdk import (
    APIConnectionError,
    AsyncHubClient,
    BadRequestError,
    HubClient,
    HubError,
    MalformedResponseError,
    Polling,
    ServerError,
    TaskFailedError,
)
from hub_sdk._hub import POLLING

from .support.local_hubs import serving

TOKEN = "hostile-test-token-9c2e"
MAX_ANSWER_BYTES = 5 * 2**20  # the cap the SDK documents
FAST = Polling(
    interval=0.01,
    max_interval=0.01,
    backoff=1,
    jitter=0,
    timeout=5,
    running=POLLING.running,
    succeeded=POLLING.succeeded,
    failed=POLLING.failed,
)
Behaviour = Callable[[socket.socket, dict[str, str]], None]


def _head(status: int, headers: dict[str, str] | None = None, length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Behaviour:
    def run(conn: socket.socket, _: dict[str, str]) -> None:
        conn.sendall(
            _head(status, {"Content-Type": "application/json", **(headers or {})}, len(body))
        )
        conn.sendall(body)

    return run


def _read_request(conn: socket.socket) -> dict[str, str]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head)}


@contextmanager
def hostile(behaviour: Behaviour) -> Iterator[str]:
    """A raw HTTP server on 127.0.0.1 that runs `behaviour` on every request."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def serve_one(conn: socket.socket) -> None:
        with conn:
            try:
                behaviour(conn, _read_request(conn))
            except OSError:
                pass  # the client hung up, as it should on a hostile answer

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=serve_one, args=(conn,), daemon=True)
            worker.start()
            workers.append(worker)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


# --- point 2: the token never reaches a user --------------------------------------------


def _echo_400(conn: socket.socket, request: dict[str, str]) -> None:
    auth = request["authorization"]  # "Bearer <token>"
    body = {
        "message": f"bad header {auth}",
        "detail": auth,
        "error": {
            "message": f"rejected {auth}",
            "problems": [{"field": auth, "message": f"got {auth}", "rule": "auth"}],
        },
        "nested": [[{auth: [f"x{auth}x"]}]],
    }
    answer(400, json.dumps(body).encode(), {"X-Request-Id": auth})(conn, request)


def _echo_text_400(conn: socket.socket, request: dict[str, str]) -> None:
    answer(400, f"<html>{request['authorization']}</html>".encode())(conn, request)


def _failed_task(conn: socket.socket, request: dict[str, str]) -> None:
    auth = request["authorization"]
    task = {
        "task_id": "t1",
        "status": "failed",
        "ready": True,
        "model": auth,
        "error_code": auth,
        "error_message": f"upstream refused {auth}",
        "data": {"echo": [auth]},
    }
    answer(200, json.dumps(task).encode())(conn, request)


def _texts(exc: BaseException) -> list[str]:
    """Every text of `exc` a user may see."""
    out = [str(exc), repr(exc), repr(vars(exc))]
    task = getattr(exc, "task", None)
    if task is not None:
        out += [repr(task), task.model_dump_json()]
    return out


def _leaks(exc: BaseException) -> int:
    return sum(text.count(TOKEN) for text in _texts(exc))


@pytest.mark.parametrize("behaviour", [_echo_400, _echo_text_400], ids=["json", "text"])
def test_an_echoed_token_is_redacted_from_api_errors(behaviour: Behaviour) -> None:
    with hostile(behaviour) as url, HubClient(TOKEN, base_url=url, max_retries=0) as client:
        with pytest.raises(BadRequestError) as caught:
            client.tasks.get("t1")
    exc = caught.value
    assert _leaks(exc) == 0, _texts(exc)
    assert "***" in str(exc)
    assert TOKEN not in repr(exc.body) and TOKEN not in repr(exc.problems)
    assert url in str(exc)


def test_an_echoed_token_is_redacted_from_a_failed_task() -> None:
    with hostile(_failed_task) as url, HubClient(TOKEN, base_url=url, polling=FAST) as client:
        with pytest.raises(TaskFailedError) as caught:
            client.tasks.wait("t1")
    exc = caught.value
    assert _leaks(exc) == 0, _texts(exc)
    assert exc.error_message == "upstream refused Bearer ***"


def test_an_echoed_token_is_redacted_in_the_async_client() -> None:
    async def run(url: str) -> list[BaseException]:
        found: list[BaseException] = []
        async with AsyncHubClient(TOKEN, base_url=url, max_retries=0, polling=FAST) as client:
            for call in (client.tasks.get("t1"), client.tasks.wait("t1")):
                try:
                    await call
                except HubError as exc:
                    found.append(exc)
        return found

    with hostile(_echo_400) as url:
        errors = asyncio.run(run(url))
    with hostile(_failed_task) as url:
        errors += asyncio.run(run(url))
    assert len(errors) == 3  # a GET of a failed task is an answer, not an error
    assert sum(_leaks(e) for e in errors) == 0


# --- points 8 and 9: hostile answers become the SDK's errors, within the timeout ------------


def _trickle_body(conn: socket.socket, request: dict[str, str]) -> None:
    conn.sendall(_head(200, {"Content-Type": "application/json"}, 1000))
    for _ in range(1000):
        conn.sendall(b" ")
        time.sleep(0.2)


def _huge(conn: socket.socket, request: dict[str, str]) -> None:
    conn.sendall(_head(200, {"Content-Type": "application/json"}))
    chunk = b" " * 65536
    for _ in range(MAX_ANSWER_BYTES // len(chunk) + 10):
        conn.sendall(chunk)


def _gzip_bomb(conn: socket.socket, request: dict[str, str]) -> None:
    body = gzip.compress(b" " * (MAX_ANSWER_BYTES * 4))
    answer(200, body, {"Content-Encoding": "gzip"})(conn, request)


HOSTILE: dict[str, tuple[Behaviour, type[HubError], str]] = {
    "trickled body": (_trickle_body, APIConnectionError, "within 1s"),
    "answer over the cap": (_huge, Exception, "larger than 5 MiB"),
    "gzip bomb": (_gzip_bomb, Exception, "larger than 5 MiB"),
    "broken gzip": (
        answer(200, b"\x1f\x8b garbage, not gzip", {"Content-Encoding": "gzip"}),
        Exception,
        "cannot be decoded",
    ),
    "deeply nested JSON": (answer(200, b"[" * 100000), Exception, "nested too deeply"),
    "deeply nested error JSON": (answer(400, b"[" * 100000), BadRequestError, "answered 400"),
    "garbage Retry-After": (
        answer(503, b"{}", {"Retry-After": "soon, maybe \x7f"}),
        ServerError,
        "answered 503",
    ),
    "Retry-After out of range": (
        answer(503, b"{}", {"Retry-After": "Fri, 31 Dec 99999 23:59:59 GMT"}),
        ServerError,
        "answered 503",
    ),
    "Retry-After nan": (answer(503, b"{}", {"Retry-After": "nan"}), ServerError, "answered 503"),
}


def _expected(name: str) -> type[HubError]:
    kind = HOSTILE[name][1]
    return MalformedResponseError if kind is Exception else kind


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_answer_is_one_clear_error_within_the_timeout(name: str) -> None:
    behaviour, _, words = HOSTILE[name]
    with hostile(behaviour) as url, HubClient(TOKEN, base_url=url, timeout=1, max_retries=1) as c:
        start = time.monotonic()
        with pytest.raises(_expected(name)) as caught:
            c.tasks.get("t1")
        took = time.monotonic() - start
    assert took < 1.5, took
    assert words in str(caught.value) and url in str(caught.value)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_answer_is_one_clear_error_within_the_timeout_async(name: str) -> None:
    behaviour, _, words = HOSTILE[name]

    async def run(url: str) -> tuple[float, BaseException]:
        async with AsyncHubClient(TOKEN, base_url=url, timeout=1, max_retries=1) as client:
            start = time.monotonic()
            try:
                await client.tasks.get("t1")
            except HubError as exc:
                return time.monotonic() - start, exc
        raise AssertionError("no error")

    with hostile(behaviour) as url:
        took, exc = asyncio.run(run(url))
    assert took < 1.5, took
    assert isinstance(exc, _expected(name))
    assert words in str(exc) and url in str(exc)


def _trickle_head(conn: socket.socket, request: dict[str, str]) -> None:
    for byte in _head(200, {"Content-Type": "application/json"}, 2):
        conn.sendall(bytes([byte]))
        time.sleep(0.2)


def test_a_trickled_status_line_cannot_hold_a_call() -> None:
    """httpx bounds each read, not the call: one byte every 0.2 s would hold it for minutes."""
    with (
        hostile(_trickle_head) as url,
        HubClient(TOKEN, base_url=url, timeout=1, max_retries=0) as c,
    ):
        start = time.monotonic()
        with pytest.raises(APIConnectionError) as caught:
            c.tasks.get("t1")
        took = time.monotonic() - start
    assert took < 1.5, took
    assert "within 1s" in str(caught.value) and url in str(caught.value)


def test_a_trickled_status_line_cannot_hold_a_retried_call() -> None:
    """Retries share the call's deadline: each attempt gets what is left, not a fresh second."""
    calls: list[int] = []

    def slow(conn: socket.socket, request: dict[str, str]) -> None:
        calls.append(1)
        _trickle_head(conn, request)

    with hostile(slow) as url, HubClient(TOKEN, base_url=url, timeout=1, max_retries=5) as c:
        start = time.monotonic()
        with pytest.raises(APIConnectionError):
            c.tasks.get("t1")
    assert time.monotonic() - start < 1.5 and len(calls) <= 2


def test_the_deadline_does_not_outlive_its_call() -> None:
    """A pooled connection reused by a later call obeys that call's deadline, and a call
    made after a timed-out one starts with its own full timeout."""
    peers: set[Any] = set()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        peers.add(tuple(scope["client"]))
        body = json.dumps({"task_id": "t1", "status": "running", "ready": False}).encode()
        head = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": head})
        await send({"type": "http.response.body", "body": body})

    with serving(app) as url, HubClient(TOKEN, base_url=url, timeout=1, max_retries=0) as c:
        first = c.tasks.get("t1")
        time.sleep(1.2)  # past the first call's deadline, within the pool's keep-alive
        second = c.tasks.get("t1")
    assert first.task_id == second.task_id == "t1"
    assert len(peers) == 1  # one connection, kept alive and reused


def test_a_trickled_status_line_cannot_hold_an_async_call() -> None:
    async def run(url: str) -> tuple[float, BaseException]:
        async with AsyncHubClient(TOKEN, base_url=url, timeout=1, max_retries=0) as client:
            start = time.monotonic()
            try:
                await client.tasks.get("t1")
            except HubError as exc:
                return time.monotonic() - start, exc
        raise AssertionError("no error")

    with hostile(_trickle_head) as url:
        took, exc = asyncio.run(run(url))
    assert took < 1.5 and isinstance(exc, APIConnectionError), (took, exc)


def test_retries_stop_at_the_deadline() -> None:
    calls: list[Any] = []

    def always_503(conn: socket.socket, request: dict[str, str]) -> None:
        calls.append(1)
        answer(503, b"{}", {"Retry-After": "0.4"})(conn, request)

    with hostile(always_503) as url, HubClient(TOKEN, base_url=url, timeout=1, max_retries=9) as c:
        start = time.monotonic()
        with pytest.raises(ServerError):
            c.tasks.get("t1")
    assert time.monotonic() - start < 1.5 and len(calls) <= 3

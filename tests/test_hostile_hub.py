"""`hubgen drift` and `hubgen sync` against a hostile server on 127.0.0.1: every answer
that keeps the catalog from being read is exit 2 with one line naming the URL and the
cause; never a traceback, never "internal error", never the token, never a write."""

from __future__ import annotations

import gzip
import shutil
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from generator.catalog import Catalog
from generator.cli import main

from .support.drift_documents import all_documents, hub_routes
from .support.local_hubs import Scripted, used_capabilities_only
from .support.repository import SPECS
from .support.spec_snapshot import snapshot

TOKEN = "hostile-token-31d9"
DETAIL = "/hub/v1/models/veo-3.1"
LIST = "/hub/v1/models"


def raw(status_line: bytes, headers: list[tuple[str, str]], body: bytes) -> Any:
    """A body callable that writes the answer itself, byte for byte."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(status_line + b"\r\n")
        for key, value in headers:
            handler.wfile.write(f"{key}: {value}\r\n".encode("latin-1"))
        handler.wfile.write(b"\r\n" + body)
        handler.wfile.flush()
        handler.close_connection = True

    return write


def trickle(data: bytes, pause: float = 1.0) -> Any:
    """Writes `data` one byte per `pause` seconds (headers included)."""

    def write(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        try:
            for byte in data:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass

    return write


def ok_json(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
    return head.encode() + b"\r\n\r\n" + body


def on(path: str, *answers: tuple[int, dict[str, str], Any]) -> Callable[[dict[str, Any]], Any]:
    def change(routes: dict[str, Any]) -> dict[str, Any]:
        return {**routes, path: [*answers, *routes.get(path, [])]}

    return change


def only(path: str, answer: tuple[int, dict[str, str], Any]) -> Callable[[dict[str, Any]], Any]:
    return lambda routes: {**routes, path: [answer]}


GZIP = {"Content-Encoding": "gzip"}
NESTED = b"[" * 100_000
# (id, routes change, exit code, what stderr says)
HOSTILE: list[tuple[str, Callable[[dict[str, Any]], Any], int, str]] = [
    ("trickled body", only(DETAIL, (200, {}, trickle(ok_json(b'{"a": 1}')))), 2, "within 2 s"),
    ("trickled list", only(LIST, (200, {}, trickle(ok_json(b"[]")))), 2, "within 2 s"),
    (
        "trickled headers",
        only(DETAIL, (200, {}, trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100))),
        2,
        "within 2 s",
    ),
    ("Retry-After: soon", on(LIST, (429, {"Retry-After": "soon"}, b"{}")), 0, ""),
    ("Retry-After: -5", on(LIST, (429, {"Retry-After": "-5"}, b"{}")), 0, ""),
    ("Retry-After: nan", on(LIST, (429, {"Retry-After": "nan"}, b"{}")), 0, ""),
    ("Retry-After: empty", on(LIST, (429, {"Retry-After": ""}, b"{}")), 0, ""),
    (
        "Retry-After: a past date",
        on(LIST, (503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, b"{}")),
        0,
        "",
    ),
    (
        "Retry-After: a date without zone",
        on(LIST, (503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00"}, b"{}")),
        0,
        "",
    ),
    (
        "Retry-After: bytes",
        on(LIST, (0, {}, raw(b"HTTP/1.1 429 Too Many", [("Retry-After", "\xff\xfe")], b""))),
        0,
        "",
    ),
    (
        "429 forever with a garbage Retry-After",
        only(LIST, (429, {"Retry-After": "soon"}, b"{}")),
        2,
        "429 Too Many Requests",
    ),
    ("gzip garbage", only(DETAIL, (200, GZIP, b"not gzip at all")), 2, "could not be decoded"),
    (
        "gzip truncated",
        only(DETAIL, (200, GZIP, gzip.compress(b'{"id": "veo-3.1"}' * 50)[:40])),
        2,
        DETAIL,
    ),
    ("unknown encoding", only(DETAIL, (200, {"Content-Encoding": "zz"}, b"{}")), 2, DETAIL),
    ("gzip bomb", only(DETAIL, (200, GZIP, gzip.compress(b" " * (64 << 20)))), 2, "cap"),
    ("100000 [ in a detail", only(DETAIL, (200, {}, NESTED)), 2, "nested deeper than 64"),
    ("100000 [ in the list", only(LIST, (200, {}, NESTED)), 2, "nested deeper than 64"),
    ("closed nesting", only(DETAIL, (200, {}, b"[" * 5000 + b"]" * 5000)), 2, "nested deeper"),
    ("100000 { in a detail", only(DETAIL, (200, {}, b'{"a":' * 100_000)), 2, "nested deeper"),
    ("not JSON", only(DETAIL, (200, {}, b"<html>hello</html>")), 2, "invalid or truncated JSON"),
    ("not UTF-8", only(DETAIL, (200, {}, b'{"id": "\xff"}')), 2, "invalid or truncated JSON"),
    ("empty 200", only(DETAIL, (200, {}, b"")), 2, "invalid or truncated JSON"),
    (
        "shorter than Content-Length",
        only(DETAIL, (0, {}, raw(b"HTTP/1.1 200 OK", [("Content-Length", "100")], b"{}"))),
        2,
        DETAIL,
    ),
    (
        "huge Content-Length",
        only(DETAIL, (0, {}, raw(b"HTTP/1.1 200 OK", [("Content-Length", "9" * 30)], b"{}"))),
        2,
        DETAIL,
    ),
    ("no status line", only(DETAIL, (0, {}, raw(b"garbage", [], b""))), 2, DETAIL),
    ("closed at once", only(DETAIL, (0, {}, raw(b"", [], b""))), 2, DETAIL),
    ("redirect loop", only(DETAIL, (302, {"Location": DETAIL}, b"")), 2, "redirects"),
    (
        "redirect to file:",
        only(DETAIL, (302, {"Location": "file:///etc/passwd"}, b"")),
        2,
        "non-HTTP location",
    ),
    ("redirect to garbage", only(DETAIL, (302, {"Location": "http://[::1"}, b"")), 2, DETAIL),
    ("a detail that is a list", only(DETAIL, (200, {}, [1, 2])), 2, "not a JSON object"),
    ("a detail that is null", only(DETAIL, (200, {}, None)), 2, "veo-3.1"),
    ("a detail that is a string", only(DETAIL, (200, {}, "veo")), 2, "not a JSON object"),
    ("a list of nulls", only(LIST, (200, {}, {"data": [None]})), 2, "has no id"),
    ("a list of numbers", only(LIST, (200, {}, [1, 2])), 2, "has no id"),
    ("a list that is a number", only(LIST, (200, {}, 7)), 2, "no 'models' list"),
    ("ids listed twice", only(LIST, (200, {}, ["veo-3.1", "veo-3.1"])), 2, "listed twice"),
    (
        "NaN in a detail",
        only(DETAIL, (200, {}, b'{"input_schema": {"properties": {"seed": {"maximum": NaN}}}}')),
        2,
        "not a finite number",
    ),
    ("a 5xx body of 10 MB", only(DETAIL, (500, {}, b"x" * (10 << 20))), 2, "500"),
]


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_API_KEY", TOKEN)


@pytest.fixture
def own_scripted_specs(tmp_path: Path) -> Path:
    """A copy of specs/ of this test's own, free to change, declaring only the capabilities
    its models use (unlike the session-wide, read-only `scripted_specs`)."""
    shutil.copytree(SPECS, tmp_path / "specs")
    return used_capabilities_only(tmp_path / "specs")


@pytest.mark.parametrize("command", ["drift", "sync"])
@pytest.mark.parametrize(
    ("change", "code", "expected"), [pytest.param(*h[1:], id=h[0]) for h in HOSTILE]
)
def test_a_hostile_answer_is_one_clear_line(
    *,
    scripted: Scripted,
    own_scripted_specs: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    change: Callable[[dict[str, Any]], Any],
    code: int,
    expected: str,
    catalog: Catalog,
) -> None:
    url, _ = scripted(change(hub_routes(all_documents(catalog))))
    before = snapshot(own_scripted_specs)
    started = time.monotonic()
    got = main([command, "--specs", str(own_scripted_specs), "--base-url", url, "--timeout", "2"])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err
    assert TOKEN not in out + err
    assert got == code, out + err
    assert snapshot(own_scripted_specs) == before
    assert elapsed < 20, elapsed
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("hubgen: "), err
        assert expected in err and url in err, err

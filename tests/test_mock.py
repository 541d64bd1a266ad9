"""The mock hub, over real HTTP on 127.0.0.1: routes, auth, errors, tasks, fault knobs,
and `hubgen serve` as a user starts it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.catalog import Catalog
from generator.documents.openapi_document import openapi_document
from generator.documents.wire import model_document
from generator.mock import MockConfig, build_app

from .support.local_hubs import serving
from .support.repository import ROOT

TOKEN = "mock-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def unsigned_mock_client(catalog: Catalog) -> Iterator[httpx.Client]:
    """A client of the mock hub that sends no credentials of its own (each test passes
    them or not); tasks take 0.3 s, bodies over 4 KiB are refused."""
    config = MockConfig(tokens=frozenset({TOKEN}), task_delay=0.3, max_body=4096)
    with serving(build_app(catalog, config)) as url, httpx.Client(base_url=url) as client:
        yield client


def test_lists_models_and_filters_by_capability(
    unsigned_mock_client: httpx.Client, catalog: Catalog
) -> None:
    listed = unsigned_mock_client.get("/hub/v1/models", headers=AUTH).json()["models"]
    assert [m["id"] for m in listed] == [m.id for m in catalog.models]
    assert (
        unsigned_mock_client.get("/hub/v1/models?capability=video", headers=AUTH).json()["models"]
        == listed
    )
    assert unsigned_mock_client.get("/hub/v1/models?capability=audio", headers=AUTH).json() == {
        "models": []
    }
    bad = unsigned_mock_client.get("/hub/v1/models?capability=smell", headers=AUTH)
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["field"] == "capability"


def test_model_document_is_the_wire_shape(
    unsigned_mock_client: httpx.Client, catalog: Catalog
) -> None:
    model = catalog.model("wan-2.7-image")
    assert model is not None
    answer = unsigned_mock_client.get("/hub/v1/models/wan-2.7-image", headers=AUTH)
    assert answer.status_code == 200
    assert answer.json() == model_document(model)
    missing = unsigned_mock_client.get("/hub/v1/models/wan-2.7-imag", headers=AUTH)
    assert missing.status_code == 404
    assert "did you mean 'wan-2.7-image'" in missing.json()["error"]["message"]


def test_auth_is_required_and_checked(unsigned_mock_client: httpx.Client) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        answer = unsigned_mock_client.get("/hub/v1/models", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["error"]["code"] == "unauthorized"
    assert unsigned_mock_client.get("/openapi.json").status_code == 200


def test_openapi_document_is_served(unsigned_mock_client: httpx.Client, catalog: Catalog) -> None:
    assert unsigned_mock_client.get("/openapi.json").json() == openapi_document(catalog)


def test_create_validates_maps_images_and_runs_the_task(unsigned_mock_client: httpx.Client) -> None:
    body = {
        "model": "veo-3.1-first-last",
        "input": {"prompt": "p", "image_urls": ["https://x/a.jpg", "https://x/b.jpg"]},
    }
    created = unsigned_mock_client.post("/hub/v1/video", json=body, headers=AUTH)
    assert created.status_code == 200
    task = created.json()
    assert task["task_id"].startswith("hub-") and task["status"] == "pending"
    assert (task["model"], task["vendor"], task["mode"], task["capability"]) == (
        "veo-3.1-first-last",
        "Google",
        "first-last-frame-to-video",
        "video",
    )
    assert task["upstream_input"] == {
        "prompt": "p",
        "first_frame_url": "https://x/a.jpg",
        "last_frame_url": "https://x/b.jpg",
    }
    seen = set()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        polled = unsigned_mock_client.get(f"/hub/v1/tasks/{task['task_id']}", headers=AUTH).json()
        seen.add(polled["status"])
        if polled["ready"]:
            break
        time.sleep(0.02)
    assert polled["status"] == "completed"
    # A poll answers only the fields the hub documents.
    assert set(polled) == {"task_id", "status", "ready", "elapsed_ms", "data"}
    assert polled["data"] == {"outputs": [{"url": f"https://mock.hub.invalid/{task['task_id']}"}]}
    assert {"pending", "processing", "completed"} <= seen


def test_invalid_input_gets_a_422_with_every_problem(unsigned_mock_client: httpx.Client) -> None:
    body = {
        "model": "veo-3.1-first-last",
        "input": {"promt": "p", "duration": "9s", "image_urls": ["https://x/a.jpg"]},
    }
    answer = unsigned_mock_client.post("/hub/v1/video", json=body, headers=AUTH)
    assert answer.status_code == 422
    problems = {(p["field"], p["rule"]) for p in answer.json()["error"]["problems"]}
    assert problems == {
        ("prompt", "required"),
        ("promt", "unknown_field"),
        ("duration", "enum"),
        ("image_urls", "min_items"),
        ("last_frame_url", "required"),
    }


def test_rules_beyond_json_schema_are_enforced(unsigned_mock_client: httpx.Client) -> None:
    urls = [f"https://x/{i}" for i in range(9)]
    body = {
        "model": "seedance-2.0-ref",
        "input": {
            "prompt": "p",
            "image_urls": urls,
            "video_urls": urls[:3],
            "audio_urls": urls[:1],
        },
    }
    answer = unsigned_mock_client.post("/hub/v1/video", json=body, headers=AUTH)
    assert answer.status_code == 422
    [problem] = answer.json()["error"]["problems"]
    assert (problem["rule"], problem["field"]) == (
        "max_total_items",
        "image_urls, video_urls, audio_urls",
    )


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"[1, 2]", 400, "invalid_body"),
        (b'{"input": {}}', 422, "invalid_input"),
        (b'{"model": "veo-3.2", "input": {}}', 422, "invalid_input"),
        (b'{"model": "veo-3.1", "input": []}', 422, "invalid_input"),
        (
            b'{"model": "veo-3.1", "input": {"prompt": "' + b"x" * 5000 + b'"}}',
            413,
            "body_too_large",
        ),
    ],
)
def test_bad_bodies_get_json_errors(
    unsigned_mock_client: httpx.Client, content: bytes, status: int, code: str
) -> None:
    answer = unsigned_mock_client.post("/hub/v1/video", content=content, headers=AUTH)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"]["code"] == code
    assert "Traceback" not in answer.text


def test_unknown_model_suggests_a_near_id(unsigned_mock_client: httpx.Client) -> None:
    answer = unsigned_mock_client.post(
        "/hub/v1/video", json={"model": "veo-3.2", "input": {}}, headers=AUTH
    )
    assert answer.json()["error"]["problems"] == [
        {
            "field": "model",
            "rule": "unknown_model",
            "message": "unknown model 'veo-3.2'; did you mean 'veo-3.1'?",
        }
    ]


def test_every_capability_has_its_route_and_a_model_of_another_is_sent_to_its_own(
    unsigned_mock_client: httpx.Client, catalog: Catalog
) -> None:
    body = {"model": "veo-3.1", "input": {"prompt": "p"}}
    for capability in catalog.hub.capabilities:
        answer = unsigned_mock_client.post(capability.path, json=body, headers=AUTH)
        if capability.name == "video":
            assert answer.status_code == 200
            continue
        assert answer.status_code == 422, capability
        (problem,) = answer.json()["error"]["problems"]
        assert problem["field"] == "model" and problem["rule"] == "wrong_capability"
        assert "POST it to /hub/v1/video" in problem["message"]
        listed = unsigned_mock_client.get(
            f"/hub/v1/models?capability={capability.name}", headers=AUTH
        )
        ids = [m["id"] for m in listed.json()["models"]]
        assert ids == [m.id for m in catalog.models_of(capability.name)]


def test_unknown_routes_and_methods_are_json(unsigned_mock_client: httpx.Client) -> None:
    missing = unsigned_mock_client.get("/nope", headers=AUTH)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    wrong = unsigned_mock_client.delete("/hub/v1/video", headers=AUTH)
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (405, "method_not_allowed")
    task = unsigned_mock_client.get("/hub/v1/tasks/hub-nope", headers=AUTH)
    assert (task.status_code, task.json()["error"]["code"]) == (404, "task_not_found")


def test_fault_knobs(catalog: Catalog) -> None:
    config = MockConfig(
        rate_limit_every=2, retry_after=7, latency=0.05, fail_rate=1.0, task_delay=0
    )
    with serving(build_app(catalog, config)) as url, httpx.Client(base_url=url) as client:
        started = time.monotonic()
        first = client.get("/hub/v1/models", headers=AUTH)
        second = client.get("/hub/v1/models", headers=AUTH)
        assert time.monotonic() - started >= 0.1
        assert first.status_code == 200
        assert (second.status_code, second.headers["retry-after"]) == (429, "7")
        body = {"model": "veo-3.1", "input": {"prompt": "p"}}
        task = client.post("/hub/v1/video", json=body, headers=AUTH).json()
        client.get("/hub/v1/models", headers=AUTH)  # the 4th request is the 429
        polled = client.get(f"/hub/v1/tasks/{task['task_id']}", headers=AUTH).json()
        assert polled["status"] in catalog.hub.polling.failed and polled["ready"] is True
        assert set(polled) == {
            "task_id",
            "status",
            "ready",
            "elapsed_ms",
            "error_code",
            "error_message",
        }
        assert polled["error_code"] == f"mock_{polled['status']}" and polled["error_message"]
    errors = MockConfig(error_rate=1.0)
    with serving(build_app(catalog, errors)) as url:
        answer = httpx.get(f"{url}/hub/v1/models", headers=AUTH)
        assert (answer.status_code, answer.json()["error"]["code"]) == (503, "unavailable")


def _start_serve(
    *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", "0", "--quiet", *args],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    lines = [process.stderr.readline(), process.stderr.readline()]
    match = re.search(r"http://127\.0\.0\.1:(\d+)", lines[0])
    assert match, lines
    return process, "\n".join(lines)


def _stop(process: subprocess.Popen[str]) -> str:
    """Stop the server; what it printed since the banner."""
    process.terminate()
    try:
        _, rest = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        _, rest = process.communicate()
    return rest


def _url(banner: str) -> str:
    match = re.search(r"(http://127\.0\.0\.1:\d+)", banner)
    assert match
    return match.group(1)


def _wait_up(url: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/openapi.json")
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"{url} did not come up")


def test_hubgen_serve_accepts_any_token_and_says_so() -> None:
    env = {k: v for k, v in os.environ.items() if k != "HUB_API_KEY"}
    process, banner = _start_serve(env=env)
    try:
        assert "accepting ANY non-empty bearer token" in banner
        url = _url(banner)
        _wait_up(url)
        answer = httpx.get(f"{url}/hub/v1/models", headers={"Authorization": "Bearer whatever"})
        assert answer.status_code == 200
    finally:
        _stop(process)


def test_hubgen_serve_takes_tokens_and_never_prints_them() -> None:
    secret = "s3cret-token-value"
    process, banner = _start_serve("--token", secret)
    try:
        assert "1 token(s) from --token" in banner and secret not in banner
        url = _url(banner)
        _wait_up(url)
        assert httpx.get(f"{url}/hub/v1/models", headers=AUTH).status_code == 401
        ok = httpx.get(f"{url}/hub/v1/models", headers={"Authorization": f"Bearer {secret}"})
        assert ok.status_code == 200
    finally:
        assert secret not in _stop(process)


def test_hubgen_serve_reports_a_busy_port(tmp_path: Path, catalog: Catalog) -> None:
    with serving(build_app(catalog)) as url:
        port = url.rsplit(":", 1)[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", "--port", port],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_hubgen_serve_stops_on_ctrl_c_with_exit_0() -> None:
    process, banner = _start_serve()
    try:
        _wait_up(_url(banner))
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, rest
    assert "Traceback" not in rest


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_hubgen_serve_refuses_a_bad_port_as_a_usage_error(port: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "serve", "--port", port],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "argument --port:" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr

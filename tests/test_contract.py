"""The generated contract tests: what they probe, that they can fail, and live mode."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from generator.catalog import Catalog, Parameter
from generator.pyformat import Call
from generator.targets.contract import ModelCases, outside, sample
from generator.wire import model_document

from .conftest import GENERATED, mock_hub

TOKEN = "contract-test-token"


def _ids(cases: ModelCases) -> tuple[set[str], set[str]]:
    return {c.id for c in cases.accepted}, {c.id for c in cases.rejected}


def test_cases_probe_every_edge_of_a_model(catalog: Catalog) -> None:
    model = catalog.model("wan-2.7-image")
    assert model is not None
    accepted, rejected = _ids(ModelCases(model).build())
    prefix = "wan-2.7-image:"
    assert {f"{prefix}{t}" for t in ("seed=0", "seed=2147483647", "prompt-length=5000")} <= accepted
    assert {f"{prefix}{t}" for t in ("image_urls-items=0", "image_urls-items=2")} <= accepted
    assert {f"{prefix}duration={d}" for d in range(2, 16)} <= accepted
    assert {
        f"{prefix}{t}"
        for t in (
            "seed=-1",
            "seed=2147483648",
            "prompt-length=5001",
            "negative_prompt-length=501",
            "image_urls-items=3",
            "duration=16",
            "resolution=not-allowed",
            "not_both-all",
        )
    } <= rejected


def test_cases_cover_required_fields_slots_and_rules(catalog: Catalog) -> None:
    first_last = catalog.model("veo-3.1-first-last")
    kling = catalog.model("kling-v3-pro-image")
    seedance = catalog.model("seedance-2.0-ref")
    assert first_last is not None and kling is not None and seedance is not None
    cases = ModelCases(first_last).build()
    by_id = {c.id: c for c in cases.rejected}
    missing = by_id["veo-3.1-first-last:first_frame_url-missing"]
    assert (missing.drop, missing.field, missing.rule) == (
        ("first_frame_url", "image_urls"),
        "first_frame_url",
        "required",
    )
    assert "veo-3.1-first-last:image_urls-items=1" in by_id
    assert "veo-3.1-first-last:image_urls-items=3" in by_id
    _, kling_rejected = _ids(ModelCases(kling).build())
    kling_rules = {f"kling-v3-pro-image:exactly_one_of-{k}" for k in ("none", "all")}
    assert kling_rules <= kling_rejected
    rules = {c.rule: c for c in ModelCases(seedance).build().rejected if c.message}
    assert [v.name for _, v in rules["max_total_items"].changes] == ["hc.urls"] * 3
    assert rules["requires"].drop == ("image_urls", "video_urls")


def test_outside_values_and_samples_have_the_right_type() -> None:
    enum = Parameter("mode", "string", values=("not-allowed", "a"))
    assert outside(enum) == "not-allowed-either"
    assert outside(Parameter("n", "integer", values=(2, 3))) == 4
    assert sample(Parameter("u", "string", format="uri")) == "https://example.com/u"
    shot = Parameter(
        "multi_prompt",
        "array",
        items=Parameter("item", "object", properties=(Parameter("prompt", "string", True),)),
    )
    assert sample(shot) == [{"prompt": Call("hc.text", (5,))}]


def _pytest(tests: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(tests), "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    return {**env, **extra}


def test_contract_tests_fail_when_the_sdk_disagrees_with_the_spec(tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    module = copy / "python/hub_sdk/models/wan_2_7.py"
    module.write_text(module.read_text("utf-8").replace("max_length=5000", "max_length=6000"))
    env = _clean_env(PYTHONPATH=str(copy / "python"))
    result = _pytest(copy / "tests", "-k", "wan_2_7.py", env=env)
    assert result.returncode == 1, result.stdout
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1, result.stdout
    assert "test_rejected[wan-2.7:prompt-length=5001]" in failed[0]


class _Hub(BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, dict[str, Any]]] = {}

    def do_GET(self) -> None:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"error": "unauthorized"})
            return
        prefix = "/hub/v1/models/"
        document = self.documents.get(self.path.removeprefix(prefix))
        if self.path.startswith(prefix) and document is not None:
            self._send(200, document)
        else:
            self._send(404, {"error": "not found"})

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hub(catalog: Catalog) -> Iterator[tuple[str, dict[str, dict[str, Any]]]]:
    """A small hub on 127.0.0.1 answering GET /hub/v1/models/{id} from the catalog."""
    documents = {m.id: json.loads(json.dumps(model_document(m))) for m in catalog.models}
    handler = type("Hub", (_Hub,), {"documents": documents})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", documents
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_live_mode_passes_against_a_hub_that_agrees(
    hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, _ = hub
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(
        GENERATED / "tests", "-k", "live and test_kling_v3_pro_image.py", "-rs", env=env
    )
    assert result.returncode == 0, result.stdout
    # Everything ran but the paid POST, which is gated separately and says why.
    assert "passed" in result.stdout
    assert "1 skipped" in result.stdout and "HUB_ALLOW_SPEND=1" in result.stdout


def test_live_mode_names_the_parameter_that_drifted(
    hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = hub
    rows = documents["kling-v3-pro-image"]["parameters"]
    next(r for r in rows if r["name"] == "duration")["default"] = "10"
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", "-k", "live and test_kling_v3_pro_image.py", env=env)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "test_live_parameter[kling-v3-pro-image:duration]" in failed[0]


def test_live_mode_is_deselected_in_one_line_without_a_hub() -> None:
    result = _pytest(GENERATED / "tests", "-k", "test_veo_3_1.py", "-rs", env=_clean_env())
    assert result.returncode == 0, result.stdout
    assert "passed" in result.stdout and "skipped" not in result.stdout
    lines = [line for line in result.stdout.splitlines() if "live" in line]
    assert len(lines) == 1, result.stdout
    reason = "live checks deselected: set HUB_BASE_URL and HUB_API_KEY to compare a hub"
    reason += " with the specs"
    assert re.fullmatch(rf"\d+ {reason}", lines[0]), lines


def _schema_only(documents: dict[str, dict[str, Any]]) -> None:
    """Reduce each answer to what the hub documents: input_schema and example."""
    for model_id, document in documents.items():
        documents[model_id] = {k: document[k] for k in ("input_schema", "example")}


def test_live_mode_compares_the_schema_when_the_hub_answers_only_schema_and_example(
    hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = hub
    _schema_only(documents)
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    module = "test_kling_v3_pro_image.py"
    result = _pytest(GENERATED / "tests", "-k", f"live and {module}", "-rs", env=env)
    assert result.returncode == 0, result.stdout
    assert "FAILED" not in result.stdout
    # Only the undocumented images field and the paid POST are skipped, each saying why.
    assert "2 skipped" in result.stdout, result.stdout
    assert "no 'images'" in result.stdout and "HUB_ALLOW_SPEND=1" in result.stdout


def test_live_mode_on_the_schema_names_the_property_that_drifted(
    hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = hub
    _schema_only(documents)
    properties = documents["kling-v3-pro-image"]["input_schema"]["properties"]
    properties["duration"]["default"] = "10"
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", "-k", "live and test_kling_v3_pro_image.py", env=env)
    assert result.returncode == 1
    failed = sorted(line for line in result.stdout.splitlines() if line.startswith("FAILED"))
    assert len(failed) == 1, result.stdout
    assert "test_live_parameter[kling-v3-pro-image:duration]" in failed[0]


def test_live_mode_on_the_schema_catches_a_changed_required_list(
    hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = hub
    _schema_only(documents)
    documents["kling-v3-pro-image"]["input_schema"]["required"] = []
    documents["kling-v3-pro-image"]["example"] = {"prompt": "a different example"}
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", "-k", "live and test_kling_v3_pro_image.py", env=env)
    assert result.returncode == 1
    failed = sorted(line for line in result.stdout.splitlines() if line.startswith("FAILED"))
    assert [line.split("::")[1].split(" ")[0] for line in failed] == [
        "test_live_example",
        "test_live_input_schema",
    ], result.stdout


def test_live_mode_passes_against_the_mock_hub_including_the_gated_post(
    catalog: Catalog,
) -> None:
    with mock_hub(catalog, TOKEN) as (url, _):
        env = _clean_env(HUB_BASE_URL=url, HUB_API_KEY=TOKEN, HUB_ALLOW_SPEND="1")
        result = _pytest(GENERATED / "tests", "-k", "live", env=env)
    assert result.returncode == 0, result.stdout
    assert "skipped" not in result.stdout and "deselected" in result.stdout

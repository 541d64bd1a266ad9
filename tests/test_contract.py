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
from generator.documents.wire import model_document, model_summary, parameter_document
from generator.render.environment import make_environment
from generator.targets import contract
from generator.targets.contract import ModelCases, outside, sample

from .support.local_hubs import mock_hub, send_json
from .support.repository import GENERATED, TEMPLATES

TOKEN = "contract-test-token"
KLING = "kling-v3-pro-image"


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
    total = next(r.max for r in seedance.rules if r.kind == "max_total_items")
    lists = [v for _, v in rules["max_total_items"].changes]
    assert total is not None and len(lists) == 3 and sum(map(len, lists)) == total + 1
    assert all(url.startswith("https://example.com/") for urls in lists for url in urls)
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
    assert sample(shot) == [{"prompt": "xxxxx"}]


def _pytest(tests: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(tests), "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def _model(model_id: str, keyword: str | None = None) -> tuple[str, ...]:
    """The arguments that select one model's contract tests (and of those, `keyword`)."""
    return ("-m", f"model(id={model_id!r})", *(("-k", keyword) if keyword else ()))


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    return {**env, **extra}


def test_contract_tests_fail_when_the_sdk_disagrees_with_the_spec(tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    module = copy / "python/hub_sdk/models/wan_2_7.py"
    module.write_text(module.read_text("utf-8").replace("max_length=5000", "max_length=6000"))
    env = _clean_env(PYTHONPATH=str(copy / "python"))
    result = _pytest(copy / "tests", *_model("wan-2.7"), env=env)
    assert result.returncode == 1, result.stdout
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1, result.stdout
    assert "test_rejected[wan-2.7:prompt-length=5001]" in failed[0]


def _small_data(catalog: Catalog) -> dict[str, Any]:
    """A hand-written data file for wan-2.7: one case of each kind, one default, one row."""
    model = catalog.model("wan-2.7")
    assert model is not None
    seed = model.parameter("seed")
    assert seed is not None
    example = model.hub_example()
    return {
        "model": model.id,
        "capability": model.capability,
        "examples": [dict(model.example), example],
        "accepted": [{"id": "wan-2.7:seed=0", "input": {**example, "seed": 0}}],
        "rejected": [
            {
                "id": "wan-2.7:seed=-1",
                "input": {**example, "seed": -1},
                "field": "seed",
                "rule": "minimum",
                "message": None,
            }
        ],
        "identity": model_summary(model),
        "images": None,
        "defaults": {"duration": 5},
        "parameters": [parameter_document(seed)],
    }


def _contract_tree(root: Path, catalog: Catalog, data: dict[str, Any]) -> Path:
    """The contract tests as the templates give them, over `data` alone (and its schema)."""
    files = contract.catalog_files(catalog, make_environment(TEMPLATES), [])
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "vectors").mkdir()
    (root / "vectors" / f"{data['model']}.json").write_text(json.dumps(data), encoding="utf-8")
    (root / "schemas").mkdir()
    shutil.copy(GENERATED / "schemas" / f"{data['model']}.json", root / "schemas")
    return root / "tests"


def test_the_contract_module_runs_each_case_of_the_data_and_fails_a_wrong_one(
    tmp_path: Path, catalog: Catalog
) -> None:
    data = _small_data(catalog)
    tests = _contract_tree(tmp_path / "right", catalog, data)
    listed = _pytest(tests, "--collect-only", env=_clean_env())
    assert [line.split("::")[1] for line in listed.stdout.splitlines() if "::" in line] == [
        "test_example_validates[wan-2.7]",
        "test_example_maps_images[wan-2.7]",
        "test_accepted[wan-2.7:seed=0]",
        "test_rejected[wan-2.7:seed=-1]",
        "test_default_matches_schema[wan-2.7:duration]",
    ], listed.stdout
    result = _pytest(tests, env=_clean_env())
    assert result.returncode == 0, result.stdout
    assert "5 passed, 7 deselected" in result.stdout, result.stdout

    data["accepted"][0]["input"]["seed"] = -1  # refused by the SDK: a wrong accepted case
    data["rejected"][0]["rule"] = "maximum"  # the SDK says minimum
    data["defaults"]["duration"] = 10
    result = _pytest(_contract_tree(tmp_path / "wrong", catalog, data), env=_clean_env())
    assert result.returncode == 1, result.stdout
    failed = sorted(line.split(" - ")[0] for line in result.stdout.splitlines() if "FAILED" in line)
    assert [line.split("::")[1] for line in failed] == [
        "test_accepted[wan-2.7:seed=0]",
        "test_default_matches_schema[wan-2.7:duration]",
        "test_rejected[wan-2.7:seed=-1]",
    ], result.stdout


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
        send_json(self, status, body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def model_details_hub(catalog: Catalog) -> Iterator[tuple[str, dict[str, dict[str, Any]]]]:
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
    model_details_hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, _ = model_details_hub
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", *_model(KLING, "live"), "-rs", env=env)
    assert result.returncode == 0, result.stdout
    # Everything ran but the paid POST, which is gated separately and says why.
    assert "passed" in result.stdout
    assert "1 skipped" in result.stdout and "HUB_ALLOW_SPEND=1" in result.stdout


def test_live_mode_names_the_parameter_that_drifted(
    model_details_hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = model_details_hub
    rows = documents[KLING]["parameters"]
    next(r for r in rows if r["name"] == "duration")["default"] = "10"
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", *_model(KLING, "live"), env=env)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "test_live_parameter[kling-v3-pro-image:duration]" in failed[0]


def test_live_mode_is_deselected_in_one_line_without_a_hub() -> None:
    result = _pytest(GENERATED / "tests", *_model("veo-3.1"), "-rs", env=_clean_env())
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
    model_details_hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = model_details_hub
    _schema_only(documents)
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", *_model(KLING, "live"), "-rs", env=env)
    assert result.returncode == 0, result.stdout
    assert "FAILED" not in result.stdout
    # Only the undocumented images field and the paid POST are skipped, each saying why.
    assert "2 skipped" in result.stdout, result.stdout
    assert "no 'images'" in result.stdout and "HUB_ALLOW_SPEND=1" in result.stdout


def test_live_mode_on_the_schema_names_the_property_that_drifted(
    model_details_hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = model_details_hub
    _schema_only(documents)
    properties = documents[KLING]["input_schema"]["properties"]
    properties["duration"]["default"] = "10"
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", *_model(KLING, "live"), env=env)
    assert result.returncode == 1
    failed = sorted(line for line in result.stdout.splitlines() if line.startswith("FAILED"))
    assert len(failed) == 1, result.stdout
    assert "test_live_parameter[kling-v3-pro-image:duration]" in failed[0]


def test_live_mode_on_the_schema_catches_a_changed_required_list(
    model_details_hub: tuple[str, dict[str, dict[str, Any]]],
) -> None:
    base_url, documents = model_details_hub
    _schema_only(documents)
    documents[KLING]["input_schema"]["required"] = []
    documents[KLING]["example"] = {"prompt": "a different example"}
    env = _clean_env(HUB_BASE_URL=base_url, HUB_API_KEY=TOKEN)
    result = _pytest(GENERATED / "tests", *_model(KLING, "live"), env=env)
    assert result.returncode == 1
    failed = sorted(line for line in result.stdout.splitlines() if line.startswith("FAILED"))
    assert [line.split("::")[1].split(" ")[0] for line in failed] == [
        f"test_live_example[{KLING}]",
        f"test_live_input_schema[{KLING}]",
    ], result.stdout


def test_live_mode_passes_against_the_mock_hub_including_the_gated_post(
    catalog: Catalog,
) -> None:
    with mock_hub(catalog, TOKEN) as (url, _):
        env = _clean_env(HUB_BASE_URL=url, HUB_API_KEY=TOKEN, HUB_ALLOW_SPEND="1")
        result = _pytest(GENERATED / "tests", "-k", "live", env=env)
    assert result.returncode == 0, result.stdout
    assert "skipped" not in result.stdout and "deselected" in result.stdout

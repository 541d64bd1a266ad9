"""`hubgen drift` against real servers on 127.0.0.1: the mock hub serving a mutated
catalog (one test per kind of change), answers in other shapes, and a hostile server."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.catalog import Catalog, Parameter
from generator.catalog.images import ImageMapping
from generator.cli import main

from .support.catalog_edits import edit_model, edit_param
from .support.drift_documents import all_documents, hub_routes
from .support.local_hubs import Scripted, mock_hub
from .support.repository import ROOT, SPECS

TOKEN = "drift-token-5be1"


def drift(
    url: str, capsys: pytest.CaptureFixture[str], *args: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setenv("HUB_API_KEY", TOKEN)
    code = main(["drift", "--specs", str(SPECS), "--base-url", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def at(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, scripted_specs: Path
) -> Callable[..., tuple[int, str, str]]:
    """Run `hubgen drift` against a scripted hub at `url` (specs of its capabilities)."""

    def go(url: str, *args: str) -> tuple[int, str, str]:
        return drift(url, capsys, "--specs", str(scripted_specs), *args, monkeypatch=monkeypatch)

    return go


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str, str]]:
    """Serve `catalog` on the mock hub and run `hubgen drift` against it."""

    def go(catalog: Catalog, *args: str) -> tuple[int, str, str]:
        with mock_hub(catalog, TOKEN) as (url, _):
            return drift(url, capsys, *args, monkeypatch=monkeypatch)

    return go


def lines(out: str) -> list[str]:
    return out.splitlines()[:-1]  # the last line is the summary


def test_unchanged_catalog_is_no_drift(
    run: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    code, out, err = run(catalog)
    assert (code, out, err) == (0, "no drift: 25 models agree\n", "")


def test_a_spec_model_that_fails_while_answers_arrive_is_put_in_form_after_the_fetch(
    run: Callable[..., tuple[int, str, str]],
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import generator.drift as drift_module  # noqa: PLC0415 (the module whose step fails)

    real = drift_module.normalize
    failed: list[str] = []

    def once_each(document: Any, basis: str, **live: Any) -> Any:
        model_id = document.get("id")
        if not live and model_id not in failed:  # a spec model's first try: in the callback
            failed.append(model_id)
            raise RuntimeError("a spec-side step that fails once")
        return real(document, basis, **live)

    monkeypatch.setattr(drift_module, "normalize", once_each)
    code, out, err = run(catalog)
    assert (code, out, err) == (0, "no drift: 25 models agree\n", "")
    assert len(failed) == len(catalog.models)  # each failed in the callback, then was redone


def test_progress_goes_to_stderr_only_on_a_terminal(
    run: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(catalog)
    assert (code, out) == (0, "no drift: 25 models agree\n")
    steps = err.split("\r")[1:]
    assert steps[0] == "hubgen: read 1/25 model details"
    assert steps[-1] == "hubgen: read 25/25 model details\n" and len(steps) == 25


VEO = "veo-3.1"
NEW = Parameter("motion", "number", description="Motion strength.")
CASES: list[tuple[str, Callable[[Catalog], Catalog], list[str]]] = [
    (
        "model_added",
        lambda c: replace(c, models=(*c.models, replace(c.models[0], id="veo-4"))),
        ["additive  veo-4  model added"],
    ),
    (
        "model_removed",
        lambda c: replace(c, models=tuple(m for m in c.models if m.id != "wan-2.7-edit")),
        ["breaking  wan-2.7-edit  model removed"],
    ),
    (
        "parameter_added",
        lambda c: edit_model(c, VEO, lambda m: replace(m, parameters=(*m.parameters, NEW))),
        ['additive  veo-3.1  motion: parameter added: null -> "number"'],
    ),
    (
        "parameter_removed",
        lambda c: edit_model(
            c,
            VEO,
            lambda m: replace(m, parameters=tuple(p for p in m.parameters if p.name != "seed")),
        ),
        ['breaking  veo-3.1  seed: parameter removed: "integer" -> null'],
    ),
    (
        "type_changed",
        lambda c: edit_model(c, VEO, lambda m: edit_param(m, "seed", type="string")),
        ['breaking  veo-3.1  seed: type changed: "integer" -> "string"'],
    ),
    (
        "required_changed",
        lambda c: edit_model(c, VEO, lambda m: edit_param(m, "negative_prompt", required=True)),
        ["breaking  veo-3.1  negative_prompt: required changed: false -> true"],
    ),
    (
        "default_changed",
        lambda c: edit_model(c, VEO, lambda m: edit_param(m, "duration", default="4s")),
        ['info      veo-3.1  duration: default changed: "8s" -> "4s"'],
    ),
    (
        "values_added",
        lambda c: edit_model(
            c, VEO, lambda m: edit_param(m, "duration", values=("4s", "6s", "8s", "10s"))
        ),
        ['additive  veo-3.1  duration: values added: "10s"'],
    ),
    (
        "values_removed",
        lambda c: edit_model(c, VEO, lambda m: edit_param(m, "duration", values=("6s", "8s"))),
        ['breaking  veo-3.1  duration: values removed: "4s"'],
    ),
    (
        "range_narrowed",
        lambda c: edit_model(c, "wan-2.7", lambda m: edit_param(m, "seed", maximum=1000)),
        ["breaking  wan-2.7  seed: maximum changed: 2147483647 -> 1000"],
    ),
    (
        "length_widened",
        lambda c: edit_model(c, "wan-2.7", lambda m: edit_param(m, "prompt", max_length=8000)),
        ["additive  wan-2.7  prompt: max length changed: 5000 -> 8000"],
    ),
    (
        "image_count_changed",
        lambda c: edit_model(
            c,
            "veo-3.1-ref",
            lambda m: replace(m, images=replace(m.images, max=4) if m.images else None),
        ),
        ["breaking  veo-3.1-ref  image_urls: image count max changed: 9 -> 4"],
    ),
    (
        "image_mapping_changed",
        lambda c: edit_model(
            c,
            "wan-2.7-image",
            lambda m: replace(m, images=ImageMapping(0, 2, slots=("end_image_url", "image_url"))),
        ),
        [
            "breaking  wan-2.7-image  image_urls: image mapping changed: "
            '{"list": null, "slots": ["image_url", "end_image_url"]} -> '
            '{"list": null, "slots": ["end_image_url", "image_url"]}'
        ],
    ),
    (
        "description_changed",
        lambda c: edit_model(c, VEO, lambda m: edit_param(m, "seed", description="Seed.")),
        [
            'info      veo-3.1  seed: description changed: "The seed for the random number '
            'generator." -> "Seed."'
        ],
    ),
]


@pytest.mark.parametrize(("kind", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_change_is_reported_and_classified(
    run: Callable[..., tuple[int, str, str]],
    kind: str,
    mutate: Callable[[Catalog], Catalog],
    expected: list[str],
    catalog: Catalog,
) -> None:
    code, out, _ = run(mutate(catalog))
    assert code == 1
    assert lines(out) == expected
    breaking = expected[0].startswith("breaking")
    code_breaking_only, _, _ = run(mutate(catalog), "--fail-on", "breaking")
    assert code_breaking_only == (1 if breaking else 0)


def test_json_report_has_the_documented_shape(
    run: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    mutated = edit_model(catalog, VEO, lambda m: edit_param(m, "duration", values=("6s", "8s")))
    code, out, _ = run(mutated, "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["summary"] == {"breaking": 1, "additive": 0, "info": 0}
    assert report["models_checked"] == 25 and report["version"] == 1
    assert report["changes"] == [
        {
            "model": "veo-3.1",
            "field": "duration",
            "kind": "values_removed",
            "class": "breaking",
            "before": ["4s"],
            "after": None,
            "message": 'values removed: "4s"',
        }
    ]


def test_markdown_and_github_formats(
    run: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    mutated = edit_model(catalog, VEO, lambda m: edit_param(m, "seed", description="a|b, c: d"))
    _, markdown, _ = run(mutated, "--format", "markdown")
    assert "| info | veo-3.1 | seed | description changed:" in markdown
    assert "a\\|b" in markdown
    _, github, _ = run(mutated, "--format", "github")
    first = github.splitlines()[0]
    assert first.startswith("::notice title=info%3A veo-3.1::veo-3.1 seed: description changed")


def test_a_suspicious_shrink_is_a_failed_check(
    run: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    shrunk = replace(catalog, models=catalog.models[:10])
    code, out, err = run(shrunk)
    assert (code, out) == (2, "")
    assert "suspicious shrink: the hub lists 10 models, specs/ holds 25" in err
    code, out, _ = run(shrunk, "--allow-shrink")
    assert code == 1 and out.count("model removed") == 15
    empty = replace(catalog, models=())
    code, _, err = run(empty)
    assert code == 2 and "lists 0 models" in err


# --- a scripted server for answer shapes and network faults ---------------------------------


def test_answers_with_only_a_schema_or_only_rows_are_read(
    scripted: Scripted, at: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    schema_only = {k: v for k, v in all_documents(catalog)["veo-3.1"].items() if k != "parameters"}
    rows_only = {k: v for k, v in all_documents(catalog)["wan-2.7"].items() if k != "input_schema"}
    url, _ = scripted(
        hub_routes(all_documents(catalog, **{"veo-3.1": schema_only, "wan-2.7": rows_only}))
    )
    assert at(url)[:2] == (0, "no drift: 25 models agree\n")
    schema_only["input_schema"]["properties"]["duration"]["enum"] = ["8s", None]
    url, _ = scripted(hub_routes(all_documents(catalog, **{"veo-3.1": schema_only})))
    code, out, _ = at(url)
    assert code == 1 and 'veo-3.1  duration: values removed: "4s", "6s"' in out


def test_an_unreadable_answer_names_the_model(
    scripted: Scripted, at: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    url, _ = scripted(
        hub_routes(all_documents(catalog, **{"veo-3.1": {"id": "veo-3.1", "name": "x"}}))
    )
    code, out, err = at(url)
    assert (code, out) == (2, "")
    assert (
        "model 'veo-3.1': unreadable answer: neither a 'parameters' list nor an 'input_schema'"
        in err
    )


FAULTS: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]], int, str]] = [
    (
        "500s then success",
        lambda r: {
            **r,
            "/hub/v1/models/veo-3.1": [(500, {}, b"oops"), (502, {}, b"")]
            + r["/hub/v1/models/veo-3.1"],
        },
        0,
        "no drift",
    ),
    (
        "429 with Retry-After",
        lambda r: {
            **r,
            "/hub/v1/models": [(429, {"Retry-After": "1"}, b"{}")] + r["/hub/v1/models"],
        },
        0,
        "no drift",
    ),
    (
        "500 forever",
        lambda r: {**r, "/hub/v1/models/veo-3.1": [(500, {}, b"oops")]},
        2,
        "/hub/v1/models/veo-3.1: 500 Internal Server Error",
    ),
    (
        "token refused",
        lambda r: {**r, "/hub/v1/models": [(401, {}, b"{}")]},
        2,
        "401 Unauthorized: the token was refused",
    ),
    (
        "truncated JSON",
        lambda r: {**r, "/hub/v1/models/veo-3.1": [(200, {}, b'{"id": "veo-3.1", "param')]},
        2,
        "/hub/v1/models/veo-3.1: invalid or truncated JSON",
    ),
    (
        "a 10 MB body",
        lambda r: {**r, "/hub/v1/models/veo-3.1": [(200, {}, b"[" + b"0," * (5 << 20) + b"0]")]},
        2,
        "over the 5242880-byte cap",
    ),
    (
        "a listed model whose detail 404s",
        lambda r: {k: v for k, v in r.items() if k != "/hub/v1/models/veo-3.1"},
        2,
        "/hub/v1/models/veo-3.1: 404 Not Found",
    ),
    (
        "no models list",
        lambda r: {**r, "/hub/v1/models": [(200, {}, {"items": []})]},
        2,
        "no 'models' list",
    ),
]


@pytest.mark.parametrize(
    ("fault", "code", "expected"), [pytest.param(*f[1:], id=f[0]) for f in FAULTS]
)
def test_network_faults(
    *,
    scripted: Scripted,
    at: Callable[..., tuple[int, str, str]],
    fault: Callable[[dict[str, Any]], dict[str, Any]],
    code: int,
    expected: str,
    catalog: Catalog,
) -> None:
    url, _ = scripted(fault(hub_routes(all_documents(catalog))))
    got, out, err = at(url)
    assert got == code, out + err
    assert expected in (out if code == 0 else err)
    assert TOKEN not in out + err
    if code == 2:
        assert out == "" and err.count("\n") == 1  # one line, no traceback


def test_a_timeout_is_a_failed_check(
    scripted: Scripted, at: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    def hang(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(3)

    routes = hub_routes(all_documents(catalog))
    routes["/hub/v1/models/veo-3.1"] = [(200, {}, hang)]
    url, _ = scripted(routes)
    started = time.monotonic()
    code, _, err = at(url, "--timeout", "1")
    assert code == 2 and "/hub/v1/models/veo-3.1" in err
    assert time.monotonic() - started < 10


def test_a_redirect_to_another_host_does_not_carry_the_token(
    scripted: Scripted, at: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    documents = all_documents(catalog)
    other_url, other_seen = scripted({"/elsewhere": [(200, {}, documents["veo-3.1"])]})
    routes = hub_routes(documents)
    routes["/hub/v1/models/veo-3.1"] = [(302, {"Location": f"{other_url}/elsewhere"}, b"")]
    url, seen = scripted(routes)
    code, out, _ = at(url)
    assert code == 0, out
    assert other_seen == [("/elsewhere", "")]
    assert all(auth == f"Bearer {TOKEN}" for _, auth in seen)


def test_concurrency_is_bounded_and_used(
    at: Callable[..., tuple[int, str, str]], catalog: Catalog
) -> None:
    with mock_hub(catalog, TOKEN, latency=0.1) as (url, _):
        started = time.monotonic()
        code, _, _ = at(url, "--concurrency", "8")
        elapsed = time.monotonic() - started
    assert code == 0
    # 1 list + 25 models at 0.1 s each: 2.6 s one by one; 8 at a time needs 4 rounds.
    assert elapsed < 1.5, elapsed


def test_a_saved_json_report_renders_in_every_format(
    run: Callable[..., tuple[int, str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    mutated = edit_model(catalog, VEO, lambda m: edit_param(m, "duration", values=("6s", "8s")))
    _, saved, _ = run(mutated, "--format", "json")
    _, direct, _ = run(mutated, "--format", "markdown")
    (tmp_path / "drift.json").write_text(saved, encoding="utf-8")
    assert main(["report", str(tmp_path / "drift.json"), "--format", "markdown"]) == 0
    rendered = capsys.readouterr().out
    assert rendered.splitlines()[1:] == direct.splitlines()[1:]  # the heading names the port
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert main(["report", str(tmp_path / "bad.json")]) == 2
    assert "not a hubgen JSON report" in capsys.readouterr().err


def test_the_nightly_workflow_runs_drift_and_posts_markdown() -> None:
    workflow = YAML(typ="safe").load((ROOT / ".github/workflows/drift.yml").read_text("utf-8"))
    assert "schedule" in workflow["on"]
    script = "\n".join(step.get("run", "") for step in workflow["jobs"]["drift"]["steps"])
    assert 'hubgen drift --base-url "$HUB_BASE_URL" --format json' in script
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in script

"""`hubgen sync` against the mock hub serving a changed catalog: edits land in place, in
the right file, and a drift check right after finds nothing."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import pytest

from generator.catalog import Catalog, load_catalog
from generator.cli import main

from .support.catalog_edits import edit_model, edit_param
from .support.local_hubs import mock_hub
from .support.spec_snapshot import snapshot

TOKEN = "sync-token"


@pytest.fixture
def start_mock_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Catalog], str]]:
    """Start the mock hub serving a catalog; every one started is stopped at the end."""
    monkeypatch.setenv("HUB_API_KEY", TOKEN)
    with ExitStack() as stack:

        def start(catalog: Catalog) -> str:
            url, _ = stack.enter_context(mock_hub(catalog, TOKEN))
            return url

        yield start


def sync(specs: Path, url: str, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["sync", "--specs", str(specs), "--base-url", url, *args])
    out, err = capsys.readouterr()
    assert err == "" or code != 0, err
    return code, out


def drift_code(specs: Path, url: str, capsys: pytest.CaptureFixture[str]) -> int:
    code = main(["drift", "--specs", str(specs), "--base-url", url])
    capsys.readouterr()
    return code


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_changed_default_touches_one_line_and_keeps_comments(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    path = specs / "models/veo-3.1-first-last.yaml"
    original = "# Veo 3.1 first-last: two frames.\n" + path.read_text("utf-8")
    path.write_text(original.replace("    default: auto", "    default: auto  # the page's"))
    before = path.read_text("utf-8")
    live = edit_model(
        catalog, "veo-3.1-first-last", lambda m: edit_param(m, "aspect_ratio", default="16:9")
    )
    url = start_mock_hub(live)
    code, out = sync(specs, url, capsys)
    assert code == 0
    removed, added = changed_lines(before, path.read_text("utf-8"))
    assert removed == "-    default: auto  # the page's"
    # The one line changed; its comment stays (ruamel keeps its column where it fits).
    assert added.startswith('+    default: "16:9"') and added.endswith(" # the page's")
    assert "veo-3.1-first-last: aspect_ratio.default changed" in out
    assert drift_code(specs, url, capsys) == 0


def test_a_change_shared_by_a_base_is_made_in_the_base(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    before = snapshot(specs)
    longer = ("4s", "6s", "8s", "10s")
    live = catalog
    for model in catalog.models:
        if model.vendor == "Google":
            live = edit_model(live, model.id, lambda m: edit_param(m, "duration", values=longer))
    url = start_mock_hub(live)
    assert sync(specs, url, capsys)[0] == 0
    after = snapshot(specs)
    assert sorted(k for k in after if after[k] != before[k]) == ["bases/veo.yaml"]
    assert changed_lines(before["bases/veo.yaml"], after["bases/veo.yaml"]) == [
        '-    values: ["4s", "6s", "8s"]',
        '+    values: ["4s", "6s", "8s", "10s"]',
    ]
    assert drift_code(specs, url, capsys) == 0


def test_a_change_to_one_model_of_a_base_becomes_its_override(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    before = snapshot(specs)
    live = edit_model(catalog, "veo-3", lambda m: edit_param(m, "duration", values=("8s",)))
    url = start_mock_hub(live)
    assert sync(specs, url, capsys)[0] == 0
    after = snapshot(specs)
    assert sorted(k for k in after if after[k] != before[k]) == ["models/veo-3.yaml"]
    assert drift_code(specs, url, capsys) == 0


def test_added_and_removed_models_and_parameters(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    new_model = replace(catalog.models[0], id="kling-v4-pro", name="Kling v4 Pro")
    live = replace(
        catalog,
        models=(*(m for m in catalog.models if m.id != "wan-2.7-edit"), new_model),
    )
    live = edit_model(
        live,
        "veo-3.1",
        lambda m: replace(m, parameters=tuple(p for p in m.parameters if p.name != "seed")),
    )
    url = start_mock_hub(live)
    code, out = sync(specs, url, capsys)
    assert code == 0
    assert (specs / "models/kling-v4-pro.yaml").is_file()
    assert (specs / "models/wan-2.7-edit.yaml").is_file()
    assert "not synced: wan-2.7-edit: no longer listed by the hub" in out
    assert "remove: [seed]" in (specs / "models/veo-3.1.yaml").read_text("utf-8")
    assert load_catalog(specs).catalog is not None
    code, out = sync(specs, url, capsys, "--prune")
    assert not (specs / "models/wan-2.7-edit.yaml").exists()
    assert drift_code(specs, url, capsys) == 0


def test_dry_run_shows_the_diff_and_writes_nothing(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    before = snapshot(specs)
    live = edit_model(catalog, "wan-2.7", lambda m: edit_param(m, "prompt", max_length=8000))
    code, out = sync(specs, start_mock_hub(live), capsys, "--dry-run")
    assert code == 0
    assert "--- a/specs/models/wan-2.7.yaml\n+++ b/specs/models/wan-2.7.yaml\n" in out
    assert "+  prompt:\n+    max_length: 8000\n" in out  # only wan-2.7 changed: an override
    assert "--dry-run: nothing written" in out
    assert snapshot(specs) == before


def test_an_unchanged_hub_changes_nothing(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    before = snapshot(specs)
    code, out = sync(specs, start_mock_hub(catalog), capsys)
    assert (code, out.strip()) == (0, f"{specs.as_posix()}/ already matches the hub (25 models)")
    assert snapshot(specs) == before


def test_a_suspicious_shrink_never_prunes(
    specs: Path,
    start_mock_hub: Callable[[Catalog], str],
    capsys: pytest.CaptureFixture[str],
    catalog: Catalog,
) -> None:
    before = snapshot(specs)
    url = start_mock_hub(replace(catalog, models=catalog.models[:3]))
    code = main(["sync", "--specs", str(specs), "--base-url", url, "--prune"])
    assert code == 2
    assert "suspicious shrink" in capsys.readouterr().err
    assert snapshot(specs) == before

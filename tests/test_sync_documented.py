"""`hubgen sync` from a hub that answers only as documented (schema-only details), ids
that must not become paths, and edits to files other models extend."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from generator.catalog import Catalog
from generator.cli import main

from .support.catalog_edits import edit_model, edit_param
from .support.documented_hub import DocumentedHub, catalog_models, strip_extensions
from .support.drift_documents import all_documents
from .support.local_hubs import Scripted, mock_hub
from .support.repository import TEMPLATES
from .support.spec_snapshot import snapshot

TOKEN = "sync-documented-token"
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("HUB_API_KEY", TOKEN)

    def go(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return go


def generated_schema(cli: Cli, specs: Path, model_id: str) -> dict[str, Any]:
    out = specs.parent / "generated"
    code, _, err = cli(
        "generate", "--specs", str(specs), "--templates", str(TEMPLATES), "--out", str(out)
    )
    assert code == 0, err
    schema: dict[str, Any] = json.loads((out / "schemas" / f"{model_id}.json").read_text())
    return schema


NEW = ["kling-v3-pro", "veo-3.1-first-last", "veo-3.1-fast-ref", "wan-2.7-ref", "veo-3.1-lite"]


def test_new_specs_from_schema_only_details_round_trip(
    documented_hub: Callable[..., DocumentedHub], specs: Path, cli: Cli, catalog: Catalog
) -> None:
    """Details with only input_schema (with hubgen's x-hub block) and example: the specs
    sync writes lint cleanly and generate the very schemas the hub gave."""
    for model_id in NEW:
        (specs / "models" / f"{model_id}.yaml").unlink()
    models = catalog_models(catalog, extensions=True)
    hub = documented_hub(models)
    code, out, err = cli("sync", "--specs", str(specs), "--base-url", hub.url)
    assert (code, err) == (0, ""), out
    for model_id in NEW:
        assert f"specs/models/{model_id}.yaml: new model {model_id}" in out
    assert cli("lint", "--specs", str(specs))[0] == 0
    for model_id in NEW:
        theirs = {k: v for k, v in models[model_id].input_schema.items() if k != "$comment"}
        ours = generated_schema(cli, specs, model_id)
        ours.pop("$comment")
        assert ours == theirs, model_id
    assert cli("sync", "--specs", str(specs), "--base-url", hub.url)[1].startswith(
        f"{specs.as_posix()}/ already matches the hub"
    )
    assert cli("drift", "--specs", str(specs), "--base-url", hub.url)[0] == 0


def test_a_bare_json_schema_gives_a_spec_and_a_list_for_hand_edits(
    documented_hub: Callable[..., DocumentedHub], specs: Path, cli: Cli, catalog: Catalog
) -> None:
    """No x-hub, no identity but the mode: the table comes from the schema; the image
    mapping and the cross-field rules are reported, never guessed."""
    chosen = ["veo-3.1-lite", "veo-3.1-first-last", "kling-v3-standard"]
    for model_id in chosen:
        (specs / "models" / f"{model_id}.yaml").unlink()
    models = catalog_models(catalog)
    hub_new = documented_hub(models, detail_extra=lambda model_id: {"mode": models[model_id].mode})
    code, out, err = cli("sync", "--specs", str(specs), "--base-url", hub_new.url)
    assert code == 0, out + err
    assert (
        "not synced: veo-3.1-first-last: image mapping: the schema does not say how "
        "image_urls lands upstream" in out
    )
    assert "not synced: kling-v3-standard: cross-field rules: input_schema.allOf" in out
    assert cli("lint", "--specs", str(specs))[0] == 0
    for model_id in chosen:
        theirs = models[model_id].input_schema
        ours = strip_extensions(generated_schema(cli, specs, model_id))
        assert ours["properties"] == theirs["properties"], model_id
        assert ours.get("required") == theirs.get("required"), model_id
        assert ours["description"] == theirs["description"]
    assert "vendor: unknown" in (specs / "models/veo-3.1-lite.yaml").read_text()


def test_a_new_model_whose_mode_is_unknown_is_reported_not_written(
    documented_hub: Callable[..., DocumentedHub], specs: Path, cli: Cli
) -> None:
    (specs / "models/veo-3.1-lite.yaml").unlink()
    hub = documented_hub()
    code, out, _ = cli("sync", "--specs", str(specs), "--base-url", hub.url)
    assert code == 0
    assert "not synced: veo-3.1-lite: new model not written: the hub gives no mode" in out
    assert not (specs / "models/veo-3.1-lite.yaml").exists()


def test_schema_only_changes_to_existing_models_sync_and_settle(
    documented_hub: Callable[..., DocumentedHub], specs: Path, cli: Cli, catalog: Catalog
) -> None:
    models = catalog_models(catalog)
    schema = copy.deepcopy(dict(models["veo-3.1"].input_schema))
    schema["properties"]["duration"]["enum"] = ["4s", "6s", "8s", "10s", None]
    schema["properties"]["prompt"]["description"] = "What to film."
    models["veo-3.1"] = replace(models["veo-3.1"], input_schema=schema)
    first = copy.deepcopy(dict(models["veo-3.1-first-last"].input_schema))
    first["properties"]["image_urls"]["maxItems"] = 2
    first["properties"]["image_urls"]["minItems"] = 1
    first["properties"]["image_urls"]["description"] = (  # as the hub's own text follows
        "Images, as URLs. Takes 1–2 images: image_urls[0] → first_frame_url, "
        "image_urls[1] → last_frame_url."
    )
    models["veo-3.1-first-last"] = replace(models["veo-3.1-first-last"], input_schema=first)
    hub = documented_hub(models)
    before = snapshot(specs)
    code, out, err = cli("sync", "--specs", str(specs), "--base-url", hub.url)
    assert (code, err) == (0, ""), out
    changed = sorted(k for k, v in snapshot(specs).items() if before[k] != v)
    # veo-3.1-fast extends models/veo-3.1.yaml: it keeps what the hub lists for it.
    assert changed == [
        "models/veo-3.1-fast.yaml",
        "models/veo-3.1-first-last.yaml",
        "models/veo-3.1.yaml",
    ]
    assert "count:\n    min: 1" in (specs / "models/veo-3.1-first-last.yaml").read_text()
    code, out, _ = cli("drift", "--specs", str(specs), "--base-url", hub.url)
    assert (code, out) == (0, "no drift: 25 models agree\n"), out
    again = snapshot(specs)
    code, out, _ = cli("sync", "--specs", str(specs), "--base-url", hub.url)
    assert code == 0 and "already matches the hub" in out
    assert snapshot(specs) == again


def test_a_change_in_a_model_file_another_extends_stays_with_that_model(
    specs: Path, cli: Cli, catalog: Catalog
) -> None:
    live = edit_model(catalog, "veo-3.1", lambda m: edit_param(m, "aspect_ratio", default="9:16"))
    before = snapshot(specs)
    with mock_hub(live, TOKEN) as (url, _):
        code, out, err = cli("sync", "--specs", str(specs), "--base-url", url)
        assert (code, err) == (0, ""), out
        after = snapshot(specs)
        changed = sorted(k for k in after if after[k] != before[k])
        assert changed == ["models/veo-3.1-fast.yaml", "models/veo-3.1.yaml"]
        code, out, _ = cli("drift", "--specs", str(specs), "--base-url", url)
        assert (code, out) == (0, "no drift: 25 models agree\n"), out
        code, out, _ = cli("sync", "--specs", str(specs), "--base-url", url)
        assert code == 0 and "already matches the hub" in out
        assert snapshot(specs) == after


UNSAFE = ["../bases/veo-text", "a/b", "a\\b", "/etc/passwd", ".", "..", "a\x00b", "Veo", "x" * 101]


@pytest.mark.parametrize("model_id", UNSAFE, ids=[repr(u)[:20] for u in UNSAFE])
def test_an_unsafe_live_id_is_refused_and_nothing_is_written(
    scripted: Scripted, specs: Path, cli: Cli, model_id: str, catalog: Catalog
) -> None:
    documents = all_documents(catalog)
    documents[model_id] = {**documents["veo-3.1"], "id": model_id}
    routes: dict[str, Any] = {
        "/hub/v1/models": [(200, {}, {"data": [{"model": m} for m in documents]})]
    }
    for mid, document in documents.items():
        routes[f"/hub/v1/models/{quote(mid, safe='')}"] = [(200, {}, document)]
    url, _ = scripted(routes)
    before = snapshot(specs)
    code, out, err = cli("sync", "--specs", str(specs), "--base-url", url)
    assert (code, out) == (2, "")
    assert ("is not safe as a file name" in err and "nothing written" in err) or (
        "is a dot segment" in err
    )
    assert err.count("\n") == 1
    assert snapshot(specs) == before


def test_an_empty_live_id_is_refused(scripted: Scripted, specs: Path, cli: Cli) -> None:
    url, _ = scripted({"/hub/v1/models": [(200, {}, [{"id": ""}])]})
    before = snapshot(specs)
    code, _, err = cli("sync", "--specs", str(specs), "--base-url", url)
    assert code == 2 and "a listed model has no id" in err
    assert snapshot(specs) == before

"""Every output end to end for a catalog of synthetic image, audio and transcribe models.

tests/catalogs/multi/specs is specs/hub.yaml with four made-up models (not the hub's real
tables): lint, generate, the generated contract tests, the docs and the SDK over HTTP.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.catalog import Catalog, load_catalog

from .support.docs_tables import index_section, tables_of
from .support.local_hubs import mock_hub
from .support.repository import ROOT, TEMPLATES, run_hubgen

MULTI = ROOT / "tests/catalogs/multi/specs"
TOKEN = "multi-token"


@pytest.fixture(scope="module")
def multi_generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture catalog linted and generated in a temporary project (its generated/)."""
    root = tmp_path_factory.mktemp("multi")
    shutil.copytree(MULTI, root / "specs")
    shutil.copytree(TEMPLATES, root / "templates")
    linted = run_hubgen("lint", cwd=root)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    generated = run_hubgen("generate", cwd=root)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    yield root / "generated"


@pytest.fixture(scope="module")
def multi_catalog() -> Catalog:
    result = load_catalog(MULTI)
    assert result.catalog is not None, result.problems
    return result.catalog


def _env(multi_generated: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    return {**env, "PYTHONPATH": str(multi_generated / "python"), **extra}


def test_every_output_is_written(multi_generated: Path) -> None:
    for model_id in ("synth-draw", "synth-draw-edit", "synth-tune", "synth-listen"):
        assert (multi_generated / "docs/models" / f"{model_id}.md").is_file()
        assert (multi_generated / "schemas" / f"{model_id}.json").is_file()
    assert (multi_generated / "vectors/synth-listen.json").is_file()
    openapi = json.loads((multi_generated / "openapi.json").read_text("utf-8"))
    assert {"/hub/v1/image", "/hub/v1/audio", "/hub/v1/transcribe"} <= set(openapi["paths"])


def test_generated_contract_tests_pass_including_live_against_the_mock(
    multi_generated: Path, multi_catalog: Catalog
) -> None:
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(multi_generated / "tests"),
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    offline = subprocess.run(
        command, capture_output=True, text=True, env=_env(multi_generated), timeout=300, check=False
    )
    assert offline.returncode == 0, offline.stdout
    assert "skipped" not in offline.stdout and "live checks deselected" in offline.stdout
    with mock_hub(multi_catalog, TOKEN, task_delay=0) as (url, _):
        env = _env(multi_generated, HUB_BASE_URL=url, HUB_API_KEY=TOKEN, HUB_ALLOW_SPEND="1")
        live = subprocess.run(
            [*command, "-k", "live"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    assert live.returncode == 0, live.stdout
    assert "skipped" not in live.stdout and "FAILED" not in live.stdout


def test_index_has_each_capability_with_its_own_matrix(multi_generated: Path) -> None:
    index = (multi_generated / "docs/index.md").read_text("utf-8")
    assert "No video models in the catalog yet." in index_section(index, "Video")
    image = tables_of(index_section(index, "Image"))
    assert [row[0] for row in image[0][1:]] == ["synth-draw"]
    assert [row[0] for row in image[1][1:]] == ["synth-draw-edit"]
    assert image[-1] == [
        ["Model", "Size", "Count", "Images"],
        ["synth-draw", "square wide tall", "1–4", "none"],
        ["synth-draw-edit", "square wide", "–", "1–2 images"],
    ]
    audio = tables_of(index_section(index, "Audio"))
    assert audio[-1] == [["Model", "Instrumental"], ["synth-tune", "yes (default off)"]]
    transcribe = index_section(index, "Transcribe")
    assert "### All models" in transcribe
    assert tables_of(transcribe)[-1][-1][0] == "synth-listen"
    assert "`POST /hub/v1/transcribe`, `client.transcribe`" in transcribe


def test_a_page_calls_its_own_endpoint_and_resource(multi_generated: Path) -> None:
    page = (multi_generated / "docs/models/synth-tune.md").read_text("utf-8")
    assert '"$HUB_BASE_URL/hub/v1/audio"' in page
    assert "client.audio.generate_and_wait(" in page
    assert "/hub/v1/video" not in page and "client.video" not in page


def test_mkdocs_builds_the_fixture_site(multi_generated: Path, tmp_path: Path) -> None:
    built = subprocess.run(
        [
            *(sys.executable, "-m", "mkdocs", "build", "--strict"),
            *("-f", str(multi_generated / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr


SDK_SCRIPT = """
from hub_sdk import HubClient, InputError

with HubClient() as client:
    task = client.image.generate_and_wait(model="synth-draw", prompt="a red circle")
    print("image", task.status)
    task = client.image.generate_and_wait(
        model="synth-draw-edit", prompt="blue", image_urls=["https://example.com/a.png"]
    )
    print("edit", task.status)
    task = client.audio.generate_and_wait(model="synth-tune", prompt="piano", seconds=5)
    print("audio", task.status)
    task = client.transcribe.submit("synth-listen", {"audio_url": "https://example.com/t.mp3"})
    print("transcribe", client.tasks.wait(task.task_id).status)
    try:
        client.audio.submit("synth-draw", {"prompt": "x"})
    except InputError as error:
        print("refused", str(error).replace(chr(10), " "))
    print("listed", sorted(m.id for m in client.models.list(capability="image")))
"""


def test_the_sdk_serves_every_capability_against_the_mock(
    multi_generated: Path, multi_catalog: Catalog
) -> None:
    with mock_hub(multi_catalog, TOKEN, task_delay=0) as (url, _):
        ran = subprocess.run(
            [sys.executable, "-c", SDK_SCRIPT],
            capture_output=True,
            text=True,
            env=_env(multi_generated, HUB_BASE_URL=url, HUB_API_KEY=TOKEN),
            timeout=120,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    done = ["image", "edit", "audio", "transcribe"]
    assert lines[:4] == [f"{kind} completed" for kind in done]
    assert lines[4].startswith("refused") and "client.image" in lines[4], lines[4]
    assert lines[5] == "listed ['synth-draw', 'synth-draw-edit']"

"""hub_sdk/lib/: hand-written code inside the generated SDK survives every `generate`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hub_sdk import HubClient
from hub_sdk.lib import DraftClient, quick_video

from generator.catalog import Catalog

from .support.local_hubs import mock_hub
from .support.repository import GENERATED, run_hubgen

LIB = Path("python/hub_sdk/lib")
HELPER = '''"""A hand-written helper."""

from hub_sdk import validate_input


def checked(prompt: str) -> dict[str, object]:
    return validate_input("veo-3.1", {"prompt": prompt})
'''


def test_hand_written_code_survives_regeneration(project: Path) -> None:
    out = project / "generated"
    assert run_hubgen("generate", cwd=project).returncode == 0
    (out / LIB).mkdir(parents=True)
    (out / LIB / "__init__.py").write_text("", encoding="utf-8")
    (out / LIB / "helpers.py").write_text(HELPER, encoding="utf-8")
    (out / LIB / "data").mkdir()
    (out / LIB / "data" / "notes.txt").write_text("kept\n", encoding="utf-8")

    check = run_hubgen("generate", "--check", cwd=project)
    assert (check.returncode, check.stdout) == (0, ""), check.stdout + check.stderr

    spec = project / "specs" / "models" / "veo-3.1-lite.yaml"
    spec.write_text(spec.read_text("utf-8").replace("name: Veo 3.1 Lite", "name: Lite!"), "utf-8")
    assert run_hubgen("generate", "--check", cwd=project).returncode == 1
    result = run_hubgen("generate", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lite!" in (out / "python/hub_sdk/models/veo_3_1_lite.py").read_text("utf-8")

    assert (out / LIB / "helpers.py").read_text("utf-8") == HELPER
    assert (out / LIB / "data" / "notes.txt").read_text("utf-8") == "kept\n"
    assert run_hubgen("generate", "--check", cwd=project).returncode == 0
    code = "from hub_sdk.lib.helpers import checked; print(checked('a cat'))"
    env = {**os.environ, "PYTHONPATH": str(out / "python")}
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert (ran.returncode, ran.stdout.strip()) == (0, "{'prompt': 'a cat'}"), ran.stderr


def test_the_shipped_lib_example_runs_against_the_mock_hub(catalog: Catalog) -> None:
    assert (GENERATED / LIB / "video.py").is_file()
    with mock_hub(catalog, "lib-token", task_delay=0.01) as (url, _):
        with HubClient("lib-token", base_url=url) as client:
            task = quick_video(client, "a cat")
        with DraftClient("lib-token", base_url=url) as drafts:
            drafted = drafts.video.draft("a dog")
    assert (drafted.model, drafted.status) == ("veo-3.1", "pending")
    assert (task.model, task.status) == ("veo-3.1", "completed")
    assert task.model_extra is not None
    assert task.model_extra["input"] == {
        "prompt": "a cat",
        "duration": "4s",
        "generate_audio": False,
    }

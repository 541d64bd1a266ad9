"""`python -m build generated/python`: a wheel that installs and works without hubgen."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from generator.catalog import Catalog

from .support.local_hubs import mock_hub
from .support.repository import GENERATED

pytest.importorskip("build")
pytest.importorskip("hatchling")

PROBE = textwrap.dedent("""
    import sys
    import hub_sdk
    from hub_sdk import HubClient
    from hub_sdk.models.veo_3_1 import Veo31Input
    from hub_sdk.lib import quick_video

    try:
        import generator
    except ImportError:
        pass
    else:
        raise SystemExit(f"hubgen importable from {generator.__file__}")
    assert hub_sdk.__file__.startswith(sys.prefix), hub_sdk.__file__
    with HubClient("wheel-token", base_url=sys.argv[1]) as client:
        task = client.video.generate_and_wait(Veo31Input(prompt="a cat"))
        print(task.model, task.status, quick_video(client, "a dog").status)
""")


def test_the_wheel_installs_and_works_in_a_fresh_venv(tmp_path: Path, catalog: Catalog) -> None:
    dist = tmp_path / "dist"
    built = subprocess.run(
        [
            *(sys.executable, "-m", "build", "--no-isolation", "--wheel"),
            *("--outdir", str(dist), str(GENERATED / "python")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("hub_sdk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert {"hub_sdk/py.typed", "hub_sdk/lib/video.py", "hub_sdk/_runtime/_resources.pyi"} <= names
    for line in ("License-Expression: MIT", "Classifier: Typing :: Typed", "Project-URL: "):
        assert line in metadata

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # pydantic and httpx from this environment (a path line, so its editable installs of
    # hubgen and hub_sdk stay out); hub_sdk only from the wheel.
    site = Path(
        subprocess.check_output(
            [python, "-c", "import site; print(site.getsitepackages()[0])"], text=True
        ).strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = [python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)]
    installed = subprocess.run(install, capture_output=True, text=True, timeout=300, check=False)
    assert installed.returncode == 0, installed.stderr

    with mock_hub(catalog, "wheel-token", task_delay=0.01) as (url, _):
        ran = subprocess.run(
            [python, "-c", PROBE, url],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
            check=False,
        )
    assert (ran.returncode, ran.stdout.strip()) == (0, "veo-3.1 completed completed"), ran.stderr

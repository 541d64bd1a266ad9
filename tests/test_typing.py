"""client.video and the request models under mypy --strict: right calls pass, wrong ones
fail, each with one short error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .support.repository import ROOT

TYPING = Path(__file__).parent / "typing"


def _mypy(path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-error-summary"),
            *("--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(cache)),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_typed_calls_pass_mypy_strict(tmp_path: Path) -> None:
    result = _mypy(TYPING / "good.py", tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_wrong_parameters_and_values_fail_mypy_strict(tmp_path: Path) -> None:
    result = _mypy(TYPING / "bad.py", tmp_path)
    assert result.returncode == 1
    lines = {int(m.group(1)) for m in re.finditer(r"bad\.py:(\d+): error", result.stdout)}
    source = (TYPING / "bad.py").read_text("utf-8").splitlines()
    wrong = {n for n, line in enumerate(source, 1) if "# wrong" in line}
    assert lines == wrong, result.stdout
    # One line per error: no list of overloads, whatever the catalog's size.
    assert len(result.stdout.splitlines()) == len(wrong), result.stdout
    assert "Literal['5s']" in result.stdout and "'4s', '6s', '8s'" in result.stdout
    assert "Literal['veo-9']" in result.stdout
    # An unknown id names the id and the alias of ids, not every id of the catalog.
    (unknown,) = [line for line in result.stdout.splitlines() if "'veo-9'" in line]
    assert '"_VideoModel | None"' in unknown and "'veo-3.1'" not in unknown, unknown

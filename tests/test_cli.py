"""generator/cli.py: the `hubgen` command ends at once after its command, having said
everything it printed, with the command's exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from generator.cli import GC_THRESHOLDS, OUTPUT_CLOSED

from .support.repository import ROOT, run_hubgen, run_python


def stand_in(size: int) -> str:
    """A stand-in command that prints `size` characters, then fails with code 3."""
    return (
        "import sys\n"
        "from generator import cli\n"
        "def loud(argv=None):\n"
        f"    sys.stdout.write('x' * {size} + '\\n')\n"
        "    print('said', file=sys.stderr)\n"
        "    return 3\n"
        "cli.main = loud\n"
        "cli.run()\n"
    )


def test_everything_printed_arrives_and_the_exit_code_is_the_commands() -> None:
    """More than a pipe holds, so most of it is still to be written when main returns."""
    done = run_python(stand_in(1_000_000))
    assert done.returncode == 3
    assert done.stdout == "x" * 1_000_000 + "\n"
    assert done.stderr == "said\n"


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
def test_a_reader_that_went_away_is_one_line_and_exit_2(unbuffered: str) -> None:
    """The output fails to reach a reader that has gone: while the command prints
    (unbuffered) or when the rest is flushed after it (buffered). Either way: one line,
    exit code 2, no traceback."""
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "lint", "--format", "json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 2
    assert stderr.endswith(f"hubgen: {OUTPUT_CLOSED}\n"), stderr
    assert stderr.count("hubgen:") == 1 and "Traceback" not in stderr


def test_the_real_command_runs_through_it() -> None:
    done = run_hubgen("lint")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("models")


def test_the_command_runs_with_the_garbage_collector_tuned() -> None:
    """The thresholds are set for the command only: importing hubgen as a library leaves
    the interpreter's own."""
    probe = (
        "import gc, json\n"
        "fresh = gc.get_threshold()\n"
        "from generator import cli\n"
        "imported = gc.get_threshold()\n"
        "def probe(argv=None):\n"
        "    print(json.dumps([fresh, imported, gc.get_threshold()]))\n"
        "    return 0\n"
        "cli.main = probe\n"
        "cli.run()\n"
    )
    done = run_python(probe)
    assert done.returncode == 0, done.stderr
    fresh, imported, running = json.loads(done.stdout)
    assert imported == fresh
    assert tuple(running) == GC_THRESHOLDS != tuple(fresh)

"""`hubgen generate` killed, or watched, mid-run: no worker outlives it, and generated/
is complete at every instant of the swap."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path, PurePosixPath

import pytest

from generator.output.writer import write_tree

from .support.repository import run_hubgen

LINUX = sys.platform.startswith("linux")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for whoever adopted it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not LINUX or (os.cpu_count() or 1) < 2, reason="forked workers, /proc")
def test_a_killed_generate_leaves_no_worker_behind(project: Path) -> None:
    env = {**os.environ, "HUBGEN_NO_CACHE": "1"}  # every model rendered: the workers are busy
    parent = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "generate"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
            workers = _children(parent.pid)
            time.sleep(0.01)
        assert len(workers) >= 2, "generate ended before its workers were seen"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)]
        assert run_hubgen("generate", cwd=project).returncode == 0
        assert not list(project.glob(".generated.new-*"))  # whatever the killed run left
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for worker in workers:
            if _alive(worker):
                os.kill(worker, signal.SIGKILL)


def _watch(path: Path, stop: threading.Event, gaps: list[str]) -> None:
    """Record every instant `path` is not a complete tree (its marker file missing)."""
    while not stop.is_set():
        if not (path / "manifest.json").is_file():
            gaps.append("manifest.json missing")


def test_generated_is_never_missing_during_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    files = {PurePosixPath(f"d{i}/f{j}.txt"): f"{i} {j}\n" for i in range(20) for j in range(20)}
    files[PurePosixPath("manifest.json")] = "{}\n"
    write_tree(out, files)
    stop, gaps = threading.Event(), []
    watcher = threading.Thread(target=_watch, args=(out, stop, gaps))
    watcher.start()
    try:
        for round_ in range(40):
            changed = {**files, PurePosixPath("manifest.json"): f'{{"round": {round_}}}\n'}
            write_tree(out, changed, kept=[str(p) for p in files if p.name != "manifest.json"])
    finally:
        stop.set()
        watcher.join()
    assert gaps == []
    assert (out / "manifest.json").read_text() == '{"round": 39}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


def test_generate_swaps_in_a_complete_tree_while_another_process_reads(project: Path) -> None:
    assert run_hubgen("generate", cwd=project).returncode == 0
    spec = project / "specs/models/veo-3.1.yaml"
    spec.write_text(spec.read_text("utf-8").replace("name: ", "name: Renamed ", 1), "utf-8")
    stop = project / "stop-watching"
    poll = (
        "import os, sys\n"
        "marker = os.path.join(sys.argv[1], 'manifest.json'); checks = gaps = 0\n"
        "print('watching', flush=True)\n"
        "while not os.path.exists(sys.argv[2]):\n"
        "    checks += 1; gaps += not os.path.isfile(marker)\n"
        "print(checks, gaps)\n"
    )
    watcher = subprocess.Popen(
        [sys.executable, "-c", poll, str(project / "generated"), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert watcher.stdout is not None and watcher.stdout.readline() == "watching\n"
        result = run_hubgen("generate", cwd=project)
        assert result.returncode == 0, result.stderr
        assert " 0 changed" not in result.stderr
    finally:
        stop.touch()
        out, _ = watcher.communicate(timeout=30)
    checks, gaps = map(int, out.split())
    assert checks > 0 and gaps == 0, f"generated/ was missing at {gaps} of {checks} checks"


def test_a_killed_writers_staging_folder_is_swept_by_the_next_write(tmp_path: Path) -> None:
    """SIGKILL gives a writer no chance to remove its staging folder; the next write does,
    and leaves alone the one of a writer that still runs."""
    out = tmp_path / "generated"
    write_tree(out, {PurePosixPath("a.txt"): "1\n"})
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = tmp_path / f".generated.new-{gone.pid}-x1"
    live = tmp_path / f".generated.new-{os.getpid()}-x2"
    for folder in (dead, live):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub/half-written.txt").write_text("half", "utf-8")
    write_tree(out, {PurePosixPath("a.txt"): "2\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["generated", live.name])
    assert (out / "a.txt").read_text() == "2\n"

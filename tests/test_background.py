"""Work done by a forked child: its answer, its failures, and no process left behind."""

from __future__ import annotations

import gc
import os
import threading
import time

import pytest

from generator.speed import background

pytestmark = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="no child is forked on a machine with one CPU"
)


def _answer() -> tuple[int, list[str]]:
    return os.getpid(), ["é", "x" * 200_000]  # more than a pipe holds at once


def _fails() -> int:
    raise RuntimeError("no")


def _sleeps() -> int:
    time.sleep(60)
    return 1


def test_the_child_answers_and_is_gone() -> None:
    assert threading.active_count() == 1
    frozen = gc.get_freeze_count()
    child = background.start(_answer)
    assert gc.get_freeze_count() == frozen
    assert child is not None
    pid = child._pid
    answer = child.result()
    assert answer is not None
    assert answer[0] == pid != os.getpid()  # worked out in the child
    assert answer[1] == ["é", "x" * 200_000]
    assert child.result() == answer  # asked again: the same, nothing waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


def test_a_child_that_fails_answers_none() -> None:
    child = background.start(_fails)
    assert child is not None
    assert child.result() is None


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert background.start(_answer) is None
    finally:
        stop.set()
        thread.join()


def test_no_process_to_be_had_leaves_the_work_to_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frozen = gc.get_freeze_count()
    opened = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert background.start(_answer) is None
    assert gc.get_freeze_count() == frozen
    if opened is not None:
        assert len(os.listdir("/proc/self/fd")) == opened  # the pipe is closed again


def test_a_child_no_longer_wanted_is_ended_and_reaped() -> None:
    child = background.start(_sleeps)
    assert child is not None
    pid = child._pid
    assert pid is not None
    began = time.monotonic()
    child.stop()
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert child.result() is None
    child.stop()  # again: nothing left to do

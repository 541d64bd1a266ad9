"""Work done by a forked child: its answer, its failures, and no process left behind."""

from __future__ import annotations

import gc
import os
import threading

import pytest

from generator.speed import background

pytestmark = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="no child is forked on a machine with one CPU"
)


def _answer() -> tuple[int, list[str]]:
    return os.getpid(), ["é", "x" * 200_000]  # more than a pipe holds at once


def _fails() -> int:
    raise RuntimeError("no")


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

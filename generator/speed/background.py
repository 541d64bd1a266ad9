"""Work done by a forked child process on another CPU while this process goes on, and
the rule that ends every such process with the one that started it."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """Run first in each worker: the worker ends as soon as `parent` does. On Linux the
    kernel sends it SIGKILL then (prctl PR_SET_PDEATHSIG, which follows the forking
    thread: with fork, the pool starts every worker at the first submit, from the thread
    that runs the pipeline); elsewhere a thread watches for the
    worker being handed to another parent."""
    if sys.platform.startswith("linux"):
        import ctypes  # noqa: PLC0415 (workers only)

        try:
            prctl = ctypes.CDLL(None, use_errno=True).prctl
            armed = prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
        if armed:
            if os.getppid() != parent:  # it died before the signal was armed
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


class Child(Generic[T]):
    """A function running in a forked child; `result` waits for it."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid: int | None = pid
        self._fd: int | None = fd
        self._answer = b""
        self._value: T | None = None

    def result(self) -> T | None:
        """What the function returned, or None when it raised or the child did not end
        well. Waits for the child; later calls give the same answer (also after a call
        that an interrupt cut short)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            chunks = []
            try:
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                self._answer = b"".join(chunks)
            except OSError:
                self._answer = b""
            finally:
                os.close(fd)
        if self._pid is None:
            return self._value
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) == 0 and self._answer:
            try:
                self._value = pickle.loads(self._answer)
            except Exception:  # a damaged answer is no answer
                self._value = None
        self._answer = b""
        return self._value

    def stop(self) -> None:
        """End the child now if it still runs (its answer no longer wanted), and reap it."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._answer = b""


def start(work: Callable[[], T]) -> Child[T] | None:
    """`work` begun in a forked child on another CPU; None where that cannot be (no fork,
    one CPU) or must not be: while other threads run, a fork would copy locks they hold.
    The child writes nothing but its answer, flushes no inherited buffer and runs no exit
    handler (os._exit), and ends when this process does."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return None
    parent = os.getpid()
    try:
        read, write = os.pipe()
    except OSError:
        return None
    # What is alive now is left out of the child's garbage collections, which would
    # otherwise walk it and, by touching it, copy its pages (this process collects as
    # before, unless it had frozen objects of its own).
    frozen = gc.get_freeze_count()
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (a limit, memory): the caller does the work
        pid = -1
    if pid != 0 and not frozen:
        gc.unfreeze()
    if pid < 0:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # pragma: no cover (the child's lines are measured in the parent's test)
        code = 1
        try:
            os.close(read)
            end_with_parent(parent)
            view = memoryview(pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL))
            while view:
                view = view[os.write(write, view) :]
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return Child(pid, read)

"""The mock hub's tasks: created in hub.yaml's first running status, then advanced
through the lifecycle its polling declares (the running statuses share the task's delay,
then it ends in the first success status, or with --fail-rate in one of the failures)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from time import monotonic
from typing import Any

from ..catalog import ModelSpec
from .state import MockState, TaskRecord


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def create_task(
    state: MockState, model: ModelSpec, input: dict[str, Any], upstream: dict[str, Any]
) -> dict[str, Any]:
    """The creation answer: the documented fields, plus the mock's own `input` and
    `upstream_input` (what the hub would send upstream), for offline inspection."""
    polling = state.catalog.hub.polling
    task_id = f"hub-{uuid.uuid4()}"
    task: dict[str, Any] = {
        "task_id": task_id,
        "status": polling.running[0],
        "capability": model.capability,
        "model": model.id,
        "vendor": model.vendor,
        **({"mode": model.mode} if model.mode is not None else {}),
        "created_at": now(),
    }
    fails = state.rng.random() < state.config.fail_rate
    ending = state.rng.choice(polling.failed) if fails else polling.succeeded[0]
    state.tasks[task_id] = TaskRecord(task, monotonic(), ending)
    return {**task, "input": input, "upstream_input": upstream}


def poll(state: MockState, record: TaskRecord) -> dict[str, Any]:
    """A poll answer, as the hub documents it: task_id, status, ready, elapsed_ms, and
    `data` once completed or error_code / error_message once failed. The running
    statuses of hub.yaml's polling share the task's delay, then it ends."""
    running = state.catalog.hub.polling.running
    delay = state.config.task_delay
    elapsed = monotonic() - record.started
    task_id = record.task["task_id"]
    if elapsed < delay:
        step = min(int(len(running) * elapsed / delay), len(running) - 1) if delay else 0
        return {"task_id": task_id, "status": running[step], "ready": False}
    answer: dict[str, Any] = {
        "task_id": task_id,
        "status": record.ending,
        "ready": True,
        "elapsed_ms": int(delay * 1000),
    }
    if record.ending in state.catalog.hub.polling.succeeded:
        answer["data"] = {"outputs": [{"url": f"https://mock.hub.invalid/{task_id}"}]}
    else:
        answer["error_code"] = f"mock_{record.ending}"
        answer["error_message"] = f"the mock hub ended this task {record.ending} (--fail-rate)"
    return answer

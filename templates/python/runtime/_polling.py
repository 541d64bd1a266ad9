"""How `tasks.wait` polls a task; the defaults are declared in specs/hub.yaml."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .._task import Task


@dataclass(frozen=True)
class Polling:
    """How `tasks.wait` polls: capped exponential backoff with jitter, and which
    statuses end the wait. The defaults come from specs/hub.yaml."""

    interval: float
    max_interval: float
    backoff: float
    jitter: float
    timeout: float
    running: tuple[str, ...]
    succeeded: tuple[str, ...]
    failed: tuple[str, ...]

    def delays(
        self, first: float | None = None, rng: random.Random | None = None
    ) -> Iterator[float]:
        """Delays between polls: first, first*backoff, ... capped, each jittered."""
        draw = rng or random.Random()
        delay = first if first is not None else self.interval
        while True:
            capped = min(delay, self.max_interval)
            yield max(0.0, capped * (1 + self.jitter * (2 * draw.random() - 1)))
            delay = capped * self.backoff

    def outcome(self, task: Task) -> Literal["succeeded", "failed", "unknown"] | None:
        """ "succeeded" only for a success status; "failed" for a declared failure;
        "unknown" for a ready task in a status nobody declared (never a silent success);
        None while it runs."""
        if task.status in self.succeeded:
            return "succeeded"
        if task.status in self.failed:
            return "failed"
        if task.ready:
            return "unknown"
        return None

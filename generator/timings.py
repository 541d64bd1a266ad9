"""Where one run's wall time goes, phase by phase: `hubgen generate --timings`."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """Seconds spent in each phase, in the order the phases first ran; a phase entered
    again adds to its time. `started` is when the run began (time.perf_counter())."""

    def __init__(self, started: float | None = None) -> None:
        self.started = time.perf_counter() if started is None else started
        self.phases: dict[str, float] = {}

    def add(self, label: str, seconds: float) -> None:
        self.phases[label] = self.phases.get(label, 0.0) + seconds

    @contextmanager
    def phase(self, label: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.add(label, time.perf_counter() - began)

    def since_start(self, label: str) -> None:
        """Record the time from the start of the run to now, not yet in any phase."""
        self.add(label, time.perf_counter() - self.started - sum(self.phases.values()))

    def report(self, fmt: str) -> str:
        """The phases and the total so far, as an aligned table ("text") or one line of
        JSON ("json": {"phases": {label: seconds}, "total": seconds})."""
        total = time.perf_counter() - self.started
        if fmt == "json":
            return json.dumps({"phases": self.phases, "total": total})
        rows = [*self.phases.items(), ("total", total)]
        width = max(len(label) for label, _ in rows)
        return "\n".join(f"{label:<{width}}  {seconds:8.3f} s" for label, seconds in rows)

"""How the mock hub behaves: its settings, their ranges, and the tokens it accepts."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class MockConfig:
    """How the mock behaves; the fault knobs default to off."""

    tokens: frozenset[str] = frozenset()
    """Accepted bearer tokens; empty means any non-empty token."""
    task_delay: float = 2.0
    """Seconds from a task's creation to its end."""
    latency: float = 0.0
    """Seconds added before every /hub/v1 answer."""
    rate_limit_every: int = 0
    """Answer every Nth /hub/v1 request with 429 (0: never)."""
    retry_after: int = 1
    """The Retry-After seconds a 429 carries."""
    error_rate: float = 0.0
    """Fraction of /hub/v1 requests answered with 503."""
    fail_rate: float = 0.0
    """Fraction of tasks that end failed."""
    seed: int | None = None
    """Seed of the error and failure draws, for repeatable runs."""
    max_body: int = 1 << 20
    """Largest request body accepted, in bytes."""

    def checked(self) -> MockConfig:
        """This config; UsageError, naming `hubgen serve`'s option, for a value out of range."""
        for name, value, low, high in (
            ("--error-rate", self.error_rate, 0.0, 1.0),
            ("--fail-rate", self.fail_rate, 0.0, 1.0),
            ("--task-delay", self.task_delay, 0.0, None),
            ("--latency", self.latency, 0.0, None),
        ):
            if value < low or (high is not None and value > high):
                limit = f"between {low} and {high}" if high is not None else f"at least {low}"
                raise UsageError(f"{name} must be {limit}, got {value}")
        return self


def accepted_tokens(given: Sequence[str] | None, token_env: str) -> tuple[frozenset[str], str]:
    """The bearer tokens to accept, and what they are in words: those `given` (--token),
    else the one in $token_env, else none (then any non-empty token is accepted)."""
    if given:
        return frozenset(given), f"{len(given)} token(s) from --token"
    if os.environ.get(token_env):
        return frozenset([os.environ[token_env]]), f"the token in ${token_env}"
    accepting = f"ANY non-empty bearer token (no --token given and ${token_env} is not set)"
    return frozenset(), accepting

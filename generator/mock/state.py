"""What the mock hub keeps while it runs: its settings, one input checker per model,
the random draws, the tasks it created and the requests it counted."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ..catalog import Catalog
from .checks import InputChecker
from .settings import MockConfig


@dataclass
class TaskRecord:
    task: dict[str, Any]
    started: float
    ending: str
    """The status it ends in: hub.yaml's first success status, or one of its failures."""


@dataclass
class MockState:
    config: MockConfig
    catalog: Catalog
    checkers: dict[str, InputChecker]
    rng: random.Random
    tasks: dict[str, TaskRecord] = field(default_factory=dict)
    requests: int = 0

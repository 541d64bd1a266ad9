"""The hub's own surface, as specs/hub.yaml states it: base URL, auth, endpoints, the
capabilities it serves, the task object and how clients poll it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Endpoint:
    id: str
    method: str
    path: str
    summary: str
    query: tuple[str, ...] = ()


@dataclass(frozen=True)
class Capability:
    """One kind of generation the hub serves, behind its own POST endpoint."""

    name: str
    path: str
    summary: str
    modes: tuple[str, ...]


@dataclass(frozen=True)
class TaskField:
    name: str
    type: str
    description: str
    format: str | None = None
    example: Any = None
    required: bool = False
    """Present in every task answer."""
    aliases: tuple[str, ...] = ()
    """Other names a hub may answer this field under (read, never written)."""


@dataclass(frozen=True)
class Polling:
    """How clients poll a task: capped exponential backoff with jitter, and which
    statuses end the wait."""

    interval: float
    max_interval: float
    backoff: float
    jitter: float
    timeout: float
    running: tuple[str, ...]
    """Not finished yet, in lifecycle order (the mock hub walks them)."""
    succeeded: tuple[str, ...]
    failed: tuple[str, ...]


@dataclass(frozen=True)
class HubSpec:
    """The hub's own surface: base URL, auth, endpoints and the task object."""

    name: str
    base_url: str
    auth_header: str
    auth_env: str
    endpoints: tuple[Endpoint, ...]
    capabilities: tuple[Capability, ...]
    """In the order specs/hub.yaml declares them."""
    task: tuple[TaskField, ...]
    source: str
    polling: Polling
    base_url_env: str = "HUB_BASE_URL"
    sdk_package: str = "hub-sdk"
    sdk_version: str = "0.0.0"

    def endpoint(self, endpoint_id: str) -> Endpoint:
        """One of the endpoints the spec schema requires (list_models, get_model, get_task)."""
        return next(e for e in self.endpoints if e.id == endpoint_id)

    def capability(self, name: str) -> Capability:
        """A declared capability (lint has checked that every model's is one)."""
        return next(c for c in self.capabilities if c.name == name)

    @property
    def capability_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.capabilities)

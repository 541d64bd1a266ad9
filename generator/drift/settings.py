"""How `hubgen drift` and `hubgen sync` read the hub: `FetchConfig`, and `fetch_config`,
which takes the token from the environment, checks the options and uses the endpoints
specs/hub.yaml declares."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import Catalog
from ..errors import UsageError


@dataclass(frozen=True)
class FetchConfig:
    """How to read the live catalog: where, with which token, how hard to try."""

    base_url: str
    token: str
    list_path: str
    model_path: str
    capabilities: tuple[str, ...]
    concurrency: int = 8
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.25
    max_bytes: int = 5 << 20
    auth_header: str = "Authorization"
    check_id: Callable[[str], None] | None = None
    """Called on each listed id before any detail is read (sync refuses unsafe ids)."""
    progress: Callable[[int, int], None] | None = None
    """Called as (details read, details listed) after each model's detail arrives."""


def fetch_config(
    catalog: Catalog,
    *,
    base_url: str,
    token_env: str | None = None,
    concurrency: int = 8,
    timeout: float = 10.0,
    progress: Callable[[int, int], None] | None = None,
) -> FetchConfig:
    """The live catalog's reading, with the token from $token_env (default: the variable
    hub.yaml names); UsageError when there is no token or an option cannot be used."""
    token_env = token_env or catalog.hub.auth_env
    token = os.environ.get(token_env, "")
    if not token:
        raise UsageError(f"no token: set ${token_env}")
    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url must start with http:// or https://, got {base_url!r}")
    if concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    hub = catalog.hub
    return FetchConfig(
        progress=progress,
        base_url=base_url,
        token=token,
        list_path=hub.endpoint("list_models").path,
        model_path=hub.endpoint("get_model").path,
        capabilities=hub.capability_names,
        concurrency=concurrency,
        timeout=timeout,
        auth_header=hub.auth_header,
    )

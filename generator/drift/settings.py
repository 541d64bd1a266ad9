"""How `hubgen drift` and `hubgen sync` read the hub: the token from the environment,
the options checked, the endpoints specs/hub.yaml declares."""

from __future__ import annotations

import os
from collections.abc import Callable

from ..catalog import Catalog
from ..errors import UsageError
from .fetch import FetchConfig


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

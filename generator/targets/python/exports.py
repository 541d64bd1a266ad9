"""The names `hub_sdk` exports: those its `__init__` imports on first use, `__all__`, and
the order isort gives them."""

from __future__ import annotations

import re

LAZY_RUNTIME = {
    "APIConnectionError": "_runtime._exceptions",
    "APIError": "_runtime._exceptions",
    "AsyncHubClient": "_runtime._async_client",
    "AuthenticationError": "_runtime._exceptions",
    "BadRequestError": "_runtime._exceptions",
    "HubClient": "_runtime._client",
    "HubError": "_runtime._exceptions",
    "HubInput": "_runtime._base",
    "HubItem": "_runtime._base",
    "HubValidationWarning": "_runtime._core",
    "MalformedResponseError": "_runtime._exceptions",
    "ModelInfo": "_runtime._types",
    "ModelSummary": "_runtime._types",
    "NotFoundError": "_runtime._exceptions",
    "Polling": "_runtime._polling",
    "RateLimitError": "_runtime._exceptions",
    "ServerError": "_runtime._exceptions",
    "Task": "_task",
    "TaskFailedError": "_runtime._exceptions",
    "TaskTimeoutError": "_runtime._exceptions",
    "model_class": "_runtime._api",
    "to_fal_input": "_runtime._api",
    "validate_input": "_runtime._api",
}
"""Names imported on first use, so `import hub_sdk` loads neither pydantic nor httpx."""

RUNTIME_EXPORTS = (
    *LAZY_RUNTIME,
    "InputError",
    "MODELS",
    "ModelEntry",
    "Problem",
)
"""`hub_sdk.__all__`: the request models are not in it. A type checker reads them from
their own modules (hub_sdk.models.<module>), so importing hub_sdk costs it the same at any
catalog size; `hub_sdk.<ModelInput>` still works at run time."""


def export_order(name: str) -> tuple[int, list[int | str]]:
    """`__all__` order as isort has it: CONSTANTS, Classes, functions; digits numerically."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]

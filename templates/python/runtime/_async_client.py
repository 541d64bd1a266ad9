"""`AsyncHubClient`: the hub over httpx, with asyncio."""

from __future__ import annotations

import asyncio
import builtins
import random
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx

from .._hub import PATHS, POLLING
from .._task import Task
from ._core import (
    RETRY_STATUSES,
    Settings,
    Validation,
    connection_error,
    parse,
    parse_list,
    parse_task,
    raise_for_status,
    settings,
)
from ._exceptions import TaskFailedError, TaskTimeoutError
from ._polling import Polling
from ._types import ModelInfo, ModelSummary
from ._video import AsyncVideo


class AsyncHubClient:
    """The hub's API: `video`, `tasks` and `models`.

    The token comes from `api_key` or $HUB_API_KEY, the base URL from `base_url` or
    $HUB_BASE_URL. Inputs are validated before sending (`validation="strict"`); "warn"
    sends a rejected input with a warning, "off" sends inputs as given.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 2,
        validation: Validation = "strict",
        polling: Polling = POLLING,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._settings: Settings = settings(
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            validation=validation,
            polling=polling,
        )
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http_client is None
        self._rng = random.Random()
        self.video = AsyncVideo(self)
        self.tasks = AsyncTasks(self)
        self.models = AsyncModels(self)

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    @property
    def validation(self) -> Validation:
        return self._settings.validation

    def __repr__(self) -> str:
        return f"AsyncHubClient(base_url={self.base_url!r})"

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncHubClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        timeout: float | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """One call, retried on connection errors, 429 and 5xx; raises on an error status."""
        conf = self._settings
        request = self._http.build_request(
            method,
            conf.base_url + path,
            json=json,
            params=params,
            headers={**conf.headers(), **(headers or {})},
            timeout=timeout if timeout is not None else conf.timeout,
        )
        attempt = 0
        while True:
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                if attempt >= conf.retry.max_retries:
                    raise connection_error(request, exc) from None
                await asyncio.sleep(conf.retry.delay(attempt, None, self._rng))
            else:
                if response.status_code not in RETRY_STATUSES or attempt >= conf.retry.max_retries:
                    raise_for_status(response, conf.token)
                    return response
                await response.aclose()
                await asyncio.sleep(conf.retry.delay(attempt, response, self._rng))
            attempt += 1

    async def _create_video(
        self, body: dict[str, Any], timeout: float | None, idempotency_key: str
    ) -> Task:
        response = await self._request(
            "POST",
            PATHS["create_video"],
            json=body,
            timeout=timeout,
            headers={"Idempotency-Key": idempotency_key},
        )
        return parse_task(response)


class AsyncTasks:
    def __init__(self, client: AsyncHubClient) -> None:
        self._client = client

    async def get(self, task_id: str, *, timeout: float | None = None) -> Task:
        path = PATHS["get_task"].replace("{task_id}", quote(task_id, safe=""))
        return parse_task(await self._client._request("GET", path, timeout=timeout))

    async def wait(
        self,
        task_id: str,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
    ) -> Task:
        """Poll until the task ends; the task on success, TaskFailedError on failure,
        TaskTimeoutError when `timeout` seconds (default: the hub's policy) pass first."""
        polling = self._client._settings.polling
        limit = timeout if timeout is not None else polling.timeout
        start = time.monotonic()
        delays = polling.delays(poll_interval, self._client._rng)
        task: Task | None = None
        while True:
            task = await self.get(task_id)
            outcome = polling.outcome(task)
            if outcome == "succeeded":
                return task
            if outcome == "failed":
                raise TaskFailedError(task)
            left = limit - (time.monotonic() - start)
            if left <= 0:
                raise TaskTimeoutError(task_id, time.monotonic() - start, task)
            await asyncio.sleep(min(next(delays), left))


class AsyncModels:
    def __init__(self, client: AsyncHubClient) -> None:
        self._client = client

    async def list(self, capability: str | None = None) -> builtins.list[ModelSummary]:
        params = {"capability": capability} if capability is not None else None
        response = await self._client._request("GET", PATHS["list_models"], params=params)
        return parse_list(ModelSummary, response, "models")

    async def get(self, model_id: str) -> ModelInfo:
        path = PATHS["get_model"].replace("{model}", quote(model_id, safe=""))
        return parse(ModelInfo, await self._client._request("GET", path))

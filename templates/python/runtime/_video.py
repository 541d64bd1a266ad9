"""`client.video`: start video jobs. Typed per model in `_video.pyi` (generated)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._task import Task
from ._core import Validation, video_body

if TYPE_CHECKING:
    from ._async_client import AsyncHubClient
    from ._client import HubClient


class Video:
    def __init__(self, client: HubClient) -> None:
        self._client = client

    def generate(
        self,
        *,
        model: str,
        validation: Validation | None = None,
        timeout: float | None = None,
        **params: Any,
    ) -> Task:
        """Start a job: `model` and its parameters as keywords, images as image_urls."""
        return self.submit(model, params, validation=validation, timeout=timeout)

    def submit(
        self,
        model: str,
        input: Mapping[str, Any],
        *,
        validation: Validation | None = None,
        timeout: float | None = None,
    ) -> Task:
        """Start a job from an input mapping (any model id, e.g. one newer than the SDK)."""
        body = video_body(model, input, validation or self._client.validation)
        return self._client._create_video(body, timeout, str(uuid.uuid4()))

    def generate_and_wait(
        self,
        *,
        model: str,
        validation: Validation | None = None,
        timeout: float | None = None,
        wait_timeout: float | None = None,
        poll_interval: float | None = None,
        **params: Any,
    ) -> Task:
        """`generate`, then `tasks.wait` for the job to end."""
        task = self.submit(model, params, validation=validation, timeout=timeout)
        return self._client.tasks.wait(
            task.task_id, timeout=wait_timeout, poll_interval=poll_interval
        )


class AsyncVideo:
    def __init__(self, client: AsyncHubClient) -> None:
        self._client = client

    async def generate(
        self,
        *,
        model: str,
        validation: Validation | None = None,
        timeout: float | None = None,
        **params: Any,
    ) -> Task:
        """Start a job: `model` and its parameters as keywords, images as image_urls."""
        return await self.submit(model, params, validation=validation, timeout=timeout)

    async def submit(
        self,
        model: str,
        input: Mapping[str, Any],
        *,
        validation: Validation | None = None,
        timeout: float | None = None,
    ) -> Task:
        """Start a job from an input mapping (any model id, e.g. one newer than the SDK)."""
        body = video_body(model, input, validation or self._client.validation)
        return await self._client._create_video(body, timeout, str(uuid.uuid4()))

    async def generate_and_wait(
        self,
        *,
        model: str,
        validation: Validation | None = None,
        timeout: float | None = None,
        wait_timeout: float | None = None,
        poll_interval: float | None = None,
        **params: Any,
    ) -> Task:
        """`generate`, then `tasks.wait` for the job to end."""
        task = await self.submit(model, params, validation=validation, timeout=timeout)
        return await self._client.tasks.wait(
            task.task_id, timeout=wait_timeout, poll_interval=poll_interval
        )

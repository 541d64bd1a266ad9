"""hub_sdk's waiter and discovery against a hub that answers exactly as the hub's pages
document (tests/support/documented_hub.py): polls carry only the documented fields, each terminal
status ends a wait as hub.yaml's polling declares, lists come wrapped and keyed either way."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from hub_sdk import AsyncHubClient, HubClient, TaskFailedError
from hub_sdk._hub import POLLING
from hub_sdk._runtime._polling import Polling

from .support.documented_hub import DocumentedHub

TOKEN = "documented-hub-token"
FAST = Polling(
    interval=0.01,
    max_interval=0.02,
    backoff=1.5,
    jitter=0.1,
    timeout=10,
    running=POLLING.running,
    succeeded=POLLING.succeeded,
    failed=POLLING.failed,
)
Start = Callable[..., DocumentedHub]


def test_a_completed_task_is_returned_with_the_creation_fields_kept(
    documented_hub: Start,
) -> None:
    hub = documented_hub(token=TOKEN, data={"video": [{"url": "https://cdn.example/v.mp4"}]})
    with HubClient(TOKEN, base_url=hub.url, polling=FAST) as client:
        task = client.video.generate_and_wait(model="veo-3.1", prompt="a lighthouse")
        polled = client.tasks.get(task.task_id)
    assert (task.status, task.ready) == ("completed", True)
    # The poll repeats no creation field; generate_and_wait keeps them from the creation.
    assert (task.model, task.capability, task.vendor) == ("veo-3.1", "video", "Google")
    assert polled.model is None and polled.capability is None and polled.created_at is None
    assert task.data == {"video": [{"url": "https://cdn.example/v.mp4"}]}
    assert task.output_urls() == ["https://cdn.example/v.mp4"]
    assert task.elapsed_ms is not None


@pytest.mark.parametrize("status", POLLING.failed)
def test_every_declared_failure_raises_naming_status_and_reason(
    documented_hub: Start, status: str
) -> None:
    hub = documented_hub(token=TOKEN, terminal=status)
    with HubClient(TOKEN, base_url=hub.url, polling=FAST) as client:
        with pytest.raises(TaskFailedError) as caught:
            client.video.generate_and_wait(model="veo-3.1", prompt="p")
    error = caught.value
    assert error.status == status and error.task.ready is True
    message = str(error)
    assert f"ended {status}" in message and error.task.task_id in message
    assert error.error_code is not None and error.error_code in message
    assert error.error_message is not None and error.error_message in message


def test_a_ready_task_in_an_undeclared_status_is_not_a_success(documented_hub: Start) -> None:
    hub = documented_hub(token=TOKEN, terminal="archived")
    with HubClient(TOKEN, base_url=hub.url, polling=FAST) as client:
        task = client.video.generate(model="veo-3.1", prompt="p")
        with pytest.raises(TaskFailedError) as caught:
            client.tasks.wait(task.task_id)
    assert caught.value.status == "archived"
    assert "'archived', which the SDK does not know" in str(caught.value)


def test_the_async_waiter_follows_the_same_lifecycle(documented_hub: Start) -> None:
    hub = documented_hub(token=TOKEN, terminal="timeout")

    async def run() -> str:
        async with AsyncHubClient(TOKEN, base_url=hub.url, polling=FAST) as client:
            try:
                await client.video.generate_and_wait(model="veo-3.1", prompt="p")
            except TaskFailedError as exc:
                return exc.status
        return "no error"

    assert asyncio.run(run()) == "timeout"


@pytest.mark.parametrize(
    ("shape", "key"), [("array", "id"), ("models", "model"), ("data", "model")]
)
def test_models_list_reads_every_documented_shape(
    documented_hub: Start, shape: str, key: str
) -> None:
    hub = documented_hub(token=TOKEN, list_shape=shape, id_key=key)
    with HubClient(TOKEN, base_url=hub.url) as client:
        listed = client.models.list(capability="video")
        detail = client.models.get("veo-3.1")
    assert len(listed) == 25 and "veo-3.1" in {m.id for m in listed}
    # A detail with only input_schema and example is read; the table it lacks is empty.
    assert detail.input_schema is not None and detail.example is not None
    assert detail.parameters == []

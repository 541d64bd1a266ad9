"""hub_sdk's HubClient and AsyncHubClient against the mock hub on 127.0.0.1."""

from __future__ import annotations

import asyncio
import random
import socket
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest
from hub_sdk import (
    APIConnectionError,
    AsyncHubClient,
    AuthenticationError,
    BadRequestError,
    HubClient,
    HubError,
    HubValidationWarning,
    InputError,
    NotFoundError,
    Polling,
    RateLimitError,
    ServerError,
    TaskFailedError,
    TaskTimeoutError,
    to_fal_input,
)
from hub_sdk._hub import POLLING
from hub_sdk._runtime._core import retry_after
from hub_sdk.models.veo_3_1 import Veo31Input

from generator.catalog import Catalog, ModelSpec
from generator.mock.state import MockState

from .support.local_hubs import mock_hub

TOKEN = "client-test-token-7f3a"
FAST = Polling(
    interval=0.01,
    max_interval=0.05,
    backoff=2,
    jitter=0.1,
    timeout=10,
    running=POLLING.running,
    succeeded=POLLING.succeeded,
    failed=POLLING.failed,
)


CatalogHub = Callable[..., AbstractContextManager[tuple[str, MockState]]]


@pytest.fixture(scope="module")
def catalog_hub(catalog: Catalog) -> CatalogHub:
    """`catalog_hub(**knobs)`: the mock hub serving the shipped catalog to TOKEN, with these
    knobs."""

    def start(**knobs: Any) -> AbstractContextManager[tuple[str, MockState]]:
        return mock_hub(catalog, TOKEN, **knobs)

    return start


@pytest.fixture(scope="module")
def slow_tasks_hub_url(catalog_hub: CatalogHub) -> Iterator[str]:
    """The mock hub of this module's TOKEN, whose tasks take 50 ms (polls see them run)."""
    with catalog_hub(task_delay=0.05) as (url, _):
        yield url


@pytest.fixture
def client(slow_tasks_hub_url: str) -> Iterator[HubClient]:
    with HubClient(TOKEN, base_url=slow_tasks_hub_url, polling=FAST) as client:
        yield client


def test_every_example_runs_to_success(client: HubClient, shipped_model: ModelSpec) -> None:
    model, model_id = shipped_model, shipped_model.id
    example = model.hub_example()
    task = client.video.generate(model=model_id, **example)
    assert (task.model, task.status, task.mode) == (model_id, "pending", model.mode)
    sent = {k: v for k, v in example.items() if v is not None}
    assert task.model_extra is not None
    assert task.model_extra["input"] == sent
    assert task.model_extra["upstream_input"] == to_fal_input(model_id, sent)
    done = client.tasks.wait(task.task_id)
    assert (done.status, done.ready) == ("completed", True)
    assert done.output_urls() == [f"https://mock.hub.invalid/{task.task_id}"]


def test_async_client_runs_every_example_concurrently(
    slow_tasks_hub_url: str, catalog: Catalog
) -> None:
    async def run() -> list[str]:
        async with AsyncHubClient(TOKEN, base_url=slow_tasks_hub_url, polling=FAST) as client:
            tasks = await asyncio.gather(
                *(
                    client.video.generate_and_wait(model=m.id, **m.hub_example())
                    for m in catalog.models
                )
            )
            models = await client.models.list(capability="video")
            info = await client.models.get("veo-3.1")
            assert len(models) == len(catalog.models) and info.id == "veo-3.1"
            return [t.status for t in tasks]

    assert asyncio.run(run()) == ["completed"] * len(catalog.models)


def test_generate_and_wait_and_models(client: HubClient, catalog: Catalog) -> None:
    task = client.video.generate_and_wait(model="veo-3.1", prompt="a cat", duration="4s")
    assert task.status == "completed"
    listed = client.models.list(capability="video")
    assert [m.id for m in listed] == [m.id for m in catalog.models]
    info = client.models.get("seedance-2.0-ref")
    assert info.images is not None and info.images.list_field == "image_urls"
    assert [p.name for p in info.parameters][:2] == ["seed", "prompt"]
    with pytest.raises(NotFoundError) as caught:
        client.models.get("veo-9")
    assert caught.value.status_code == 404


def test_a_request_model_is_a_typed_call(client: HubClient) -> None:
    task = client.video.generate(Veo31Input(prompt="a cat", duration="4s"))
    assert task.model == "veo-3.1"
    assert task.model_extra is not None
    assert task.model_extra["input"] == {"prompt": "a cat", "duration": "4s"}
    done = client.video.generate_and_wait(Veo31Input(prompt="a dog"))
    assert (done.model, done.status) == ("veo-3.1", "completed")


def test_a_request_model_and_keywords_together_are_refused(client: HubClient) -> None:
    with pytest.raises(InputError, match="not both"):
        client.video.generate(Veo31Input(prompt="a cat"), duration="4s")
    with pytest.raises(InputError, match="pass a request model"):
        client.video.generate(prompt="a cat")
    with pytest.raises(InputError, match="expected a request model"):
        client.video.generate({"prompt": "a cat"})  # type: ignore[arg-type]


def test_omitted_parameters_are_not_sent(client: HubClient) -> None:
    task = client.video.generate(model="veo-3.1", prompt="p", seed=None)
    assert task.model_extra is not None and task.model_extra["input"] == {"prompt": "p"}


def test_strict_validation_rejects_before_sending(
    slow_tasks_hub_url: str, catalog_hub: CatalogHub
) -> None:
    with catalog_hub() as (url, state), HubClient(TOKEN, base_url=url) as client:
        with pytest.raises(InputError) as caught:
            client.video.generate(model="veo-3.1", prompt="p", duration="9s")
        assert caught.value.problems[0].field == "duration"
        assert state.requests == 0


def test_warn_sends_with_a_warning_and_off_sends_silently(slow_tasks_hub_url: str) -> None:
    with HubClient(TOKEN, base_url=slow_tasks_hub_url, validation="warn") as client:
        with pytest.warns(HubValidationWarning, match="duration"):
            with pytest.raises(BadRequestError) as caught:
                client.video.generate(model="veo-3.1", prompt="p", duration="9s")
        assert caught.value.status_code == 422
        assert [p["field"] for p in caught.value.problems] == ["duration"]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            task = client.video.submit("veo-3.1", {"prompt": "p"}, validation="off")
        assert task.model == "veo-3.1"
    with HubClient(TOKEN, base_url=slow_tasks_hub_url) as client:
        # A model newer than the SDK is sent as given, even with strict validation: the hub
        # decides (here the mock, which does not know it either).
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(BadRequestError) as unknown:
                client.video.submit("veo-4", {"prompt": "p", "anything": 1})
        assert unknown.value.problems[0]["rule"] == "unknown_model"


def test_bad_token_is_an_authentication_error_without_the_token(slow_tasks_hub_url: str) -> None:
    secret = "wrong-but-secret-token"
    with HubClient(secret, base_url=slow_tasks_hub_url) as client:
        with pytest.raises(AuthenticationError) as caught:
            client.models.list()
        assert caught.value.status_code == 401
        assert secret not in str(caught.value) and secret not in repr(client)


def test_token_and_base_url_come_from_the_environment(
    slow_tasks_hub_url: str, monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.setenv("HUB_API_KEY", TOKEN)
    monkeypatch.setenv("HUB_BASE_URL", slow_tasks_hub_url)
    with HubClient() as client:
        assert client.base_url == slow_tasks_hub_url
        assert len(client.models.list()) == len(catalog.models)
    monkeypatch.delenv("HUB_API_KEY")
    with pytest.raises(HubError, match="HUB_API_KEY"):
        HubClient()


def test_injected_429s_are_retried_and_succeed(catalog_hub: CatalogHub, catalog: Catalog) -> None:
    with catalog_hub(rate_limit_every=2, retry_after=0) as (url, state):
        with HubClient(TOKEN, base_url=url, max_retries=2) as client:
            for _ in range(3):
                assert len(client.models.list()) == len(catalog.models)
        assert state.requests == 5  # 3 answers + 2 retried 429s


def test_429_without_retries_left_is_a_rate_limit_error(catalog_hub: CatalogHub) -> None:
    with catalog_hub(rate_limit_every=1, retry_after=0) as (url, state):
        with HubClient(TOKEN, base_url=url, max_retries=1) as client:
            with pytest.raises(RateLimitError) as caught:
                client.models.list()
        assert caught.value.retry_after == 0
        assert state.requests == 2


def test_5xx_is_retried_then_raised(catalog_hub: CatalogHub) -> None:
    with catalog_hub(error_rate=1.0) as (url, state):
        with HubClient(TOKEN, base_url=url, max_retries=2) as client:
            started = time.monotonic()
            with pytest.raises(ServerError) as caught:
                client.models.list()
        assert caught.value.status_code == 503
        assert state.requests == 3
        assert time.monotonic() - started < 5


def test_a_failing_task_raises_task_failed_error(catalog_hub: CatalogHub) -> None:
    with catalog_hub(fail_rate=1.0, task_delay=0) as (url, _):
        with HubClient(TOKEN, base_url=url, polling=FAST) as client:
            with pytest.raises(TaskFailedError) as caught:
                client.video.generate_and_wait(model="veo-3.1", prompt="p")
    error = caught.value
    assert error.task.status in POLLING.failed and error.status == error.task.status
    assert error.error_code == f"mock_{error.status}"
    message = str(error)
    assert "veo-3.1" in message and error.task.task_id in message
    assert f"ended {error.status}: mock_{error.status}: the mock hub ended" in message


def test_wait_times_out_cleanly(catalog_hub: CatalogHub) -> None:
    with catalog_hub(task_delay=60) as (url, _):
        with HubClient(TOKEN, base_url=url, polling=FAST) as client:
            task = client.video.generate(model="veo-3.1", prompt="p")
            started = time.monotonic()
            with pytest.raises(TaskTimeoutError) as caught:
                client.tasks.wait(task.task_id, timeout=0.3)
            waited = time.monotonic() - started
    assert 0.3 <= waited < 2
    assert caught.value.task is not None and caught.value.task.status in POLLING.running


def test_unreachable_hub_names_the_url_and_cause() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with HubClient(TOKEN, base_url=url, max_retries=1) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.models.list()
    message = str(caught.value)
    assert message.startswith(f"GET {url}/hub/v1/models: no answer from the hub")
    assert TOKEN not in message


def test_polling_delays_back_off_with_jitter_to_a_cap() -> None:
    polling = Polling(1.0, 10.0, 2.0, 0.2, 60, ("pending",), ("completed",), ("failed",))
    delays = polling.delays(rng=random.Random(1))
    got = [next(delays) for _ in range(8)]
    for delay, base in zip(got, [1, 2, 4, 8, 10, 10, 10, 10], strict=True):
        assert base * 0.8 <= delay <= base * 1.2


def test_the_polling_policy_comes_from_the_spec(catalog: Catalog) -> None:
    polling = catalog.hub.polling
    assert (POLLING.interval, POLLING.max_interval, POLLING.timeout) == (
        polling.interval,
        polling.max_interval,
        polling.timeout,
    )
    assert POLLING.succeeded == polling.succeeded and POLLING.failed == polling.failed
    assert POLLING.running == polling.running


def test_retry_after_as_an_http_date_is_honoured() -> None:
    request = httpx.Request("GET", "http://x")
    soon = httpx.Response(429, headers={"Retry-After": "3"}, request=request)
    assert retry_after(soon) == 3
    date = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert retry_after(date) == 0

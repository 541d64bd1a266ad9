"""Reading a live hub's catalog: the lists of every capability at once, then every
listed model, concurrently.

Each id is remembered with the capability whose list named it (model_lists.py reads the
lists). Each GET is made by fetcher.py, which expects a hostile network. Anything that
keeps the catalog from being read raises `FetchError` with the URL and the cause; it
never turns into an empty or partial catalog.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from .answer_body import FetchError
from .fetcher import Fetcher
from .model_lists import list_ids
from .settings import FetchConfig


@dataclass
class LiveCatalog:
    ids: list[str]
    documents: dict[str, dict[str, Any]]
    requests: int = 0
    capabilities: dict[str, str] = field(default_factory=dict)
    """Each id -> the capability whose list named it."""
    urls: dict[str, str] = field(default_factory=dict)
    """Each id -> the URL its detail was read from."""


async def fetch_catalog(
    config: FetchConfig, on_answer: Callable[[str, str, Any], None] | None = None
) -> LiveCatalog:
    """Every listed model's document; FetchError if any of it cannot be read. The lists of
    all capabilities are read at once; `on_answer(id, capability, answer)` is called with
    each model's answer as it arrives, while the other requests wait on the network."""
    base = config.base_url.rstrip("/")
    limits = httpx.Limits(max_connections=config.concurrency)
    async with httpx.AsyncClient(timeout=config.timeout, limits=limits) as client:
        fetcher = Fetcher(config, client)
        list_urls = [
            f"{base}{config.list_path}?capability={quote(capability)}"
            for capability in config.capabilities
        ]
        lists = await asyncio.gather(
            *(fetcher.get_json(url) for url in list_urls), return_exceptions=True
        )
        ids: list[str] = []
        capability_of: dict[str, str] = {}
        for capability, url, answer in zip(config.capabilities, list_urls, lists, strict=True):
            if isinstance(answer, BaseException):
                raise answer
            for model_id in list_ids(answer, url):
                if model_id in capability_of:
                    raise FetchError(
                        f"GET {url}: model {model_id!r} is listed under both "
                        f"{capability_of[model_id]!r} and {capability!r}"
                    )
                if config.check_id is not None:
                    config.check_id(model_id)
                capability_of[model_id] = capability
                ids.append(model_id)
        gate = asyncio.Semaphore(config.concurrency)

        urls = {
            model_id: base + config.model_path.replace("{model}", quote(model_id, safe=""))
            for model_id in ids
        }

        read = 0

        async def one(model_id: str) -> tuple[str, Any]:
            nonlocal read
            async with gate:
                answer = await fetcher.get_json(urls[model_id])
            read += 1
            if on_answer is not None:
                on_answer(model_id, capability_of[model_id], answer)
            if config.progress is not None:
                config.progress(read, len(ids))
            return model_id, answer

        try:
            async with asyncio.TaskGroup() as group:
                jobs = [group.create_task(one(i)) for i in ids]
        except* FetchError as failed:
            raise failed.exceptions[0] from None
        answers = dict(job.result() for job in jobs)
        return LiveCatalog(ids, answers, fetcher.requests, capability_of, urls)

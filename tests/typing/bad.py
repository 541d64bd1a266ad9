"""Each call is wrong in one way mypy must report (see test_typing.py)."""

from __future__ import annotations

from hub_sdk import HubClient


def submit(client: HubClient) -> None:
    client.video.generate(model="veo-3.1", prompt="p", duration="5s")  # value not allowed
    client.video.generate(model="wan-2.7", prompt="p", duration="5")  # str where int
    client.video.generate(model="veo-3.1", prompt="p", image_urls=["x"])  # takes no images
    client.video.generate(model="veo-3.1")  # prompt is required
    client.video.generate(model="veo-9", prompt="p")  # no such model
    client.video.generate(model="veo-3.1", prompt="p", validation="loose")  # bad switch

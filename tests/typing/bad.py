"""Each marked line is wrong in one way mypy must report (see test_typing.py)."""

from __future__ import annotations

from hub_sdk import HubClient
from hub_sdk.models.veo_3_1 import Veo31Input
from hub_sdk.models.wan_2_7 import Wan27Input


def submit(client: HubClient) -> None:
    client.video.generate(Veo31Input(prompt="p", duration="5s"))  # wrong: value not allowed
    client.video.generate(Wan27Input(prompt="p", duration="5"))  # wrong: str where int
    client.video.generate(Veo31Input(prompt="p", image_urls=["x"]))  # wrong: takes no images
    client.video.generate(Veo31Input())  # wrong: prompt is required
    client.video.generate(model="veo-9", prompt="p")  # wrong: no such model
    client.video.generate(model="veo-3.1", prompt="p", validation="loose")  # wrong: switch
    client.video.generate({"prompt": "p"})  # wrong: a mapping goes through submit()

"""The typed call forms of client.video; must pass mypy --strict."""

from __future__ import annotations

from hub_sdk import AsyncHubClient, HubClient, Task
from hub_sdk.models.kling_v3_pro import KlingV3ProInput, KlingV3ProMultiPromptItem
from hub_sdk.models.veo_3_1 import Veo31Input
from hub_sdk.models.veo_3_1_first_last import Veo31FirstLastInput
from hub_sdk.models.wan_2_7 import Wan27Input


def submit(client: HubClient) -> list[Task]:
    return [
        client.video.generate(Veo31Input(prompt="a cat", duration="4s", resolution="4k")),
        client.video.generate(
            Veo31FirstLastInput(
                prompt="a flower opens",
                image_urls=["https://example.com/a.jpg", "https://example.com/b.jpg"],
            )
        ),
        client.video.generate(Wan27Input(prompt="waves", duration=15, seed=7)),
        client.video.generate(
            KlingV3ProInput(
                multi_prompt=[KlingV3ProMultiPromptItem(prompt="shot one", duration="5")],
                cfg_scale=0.5,
            )
        ),
        client.video.generate(model="veo-3.1", prompt="a cat", duration="4s"),
        client.video.generate_and_wait(model="seedance-2.0-ref", prompt="p", wait_timeout=30),
        client.video.submit("a-model-newer-than-the-sdk", {"prompt": "p"}, validation="warn"),
    ]


async def submit_async(client: AsyncHubClient) -> Task:
    task = await client.video.generate(model="veo-3.1-fast", prompt="p", generate_audio=False)
    return await client.tasks.wait(task.task_id, timeout=60, poll_interval=1.0)

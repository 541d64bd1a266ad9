"""Examples of hand-written code on top of the generated SDK (kept by `hubgen generate`):
a helper function, and a client whose `video` resource has an extra method."""

from __future__ import annotations

from typing import Any

from hub_sdk import HubClient, Task
from hub_sdk._runtime._resources import Video
from hub_sdk.models.veo_3_1 import Veo31Input


def quick_video(client: HubClient, prompt: str) -> Task:
    """A short, silent Veo 3.1 draft of `prompt`, waited for."""
    return client.video.generate_and_wait(draft_input(prompt))


def draft_input(prompt: str) -> Veo31Input:
    return Veo31Input(prompt=prompt, duration="4s", generate_audio=False)


class DraftVideo(Video):
    """`client.video` plus `draft`."""

    def draft(self, prompt: str) -> Task:
        return self.generate(draft_input(prompt))


class DraftClient(HubClient):
    """HubClient whose `video` resource is DraftVideo."""

    video: DraftVideo

    def __init__(self, api_key: str | None = None, **settings: Any) -> None:
        super().__init__(api_key, **settings)
        self.video = DraftVideo(self)

"""Hand-written code that ships with hub_sdk: `hubgen generate` keeps this folder as it is
(it never rewrites or deletes it, and `generate --check` does not report it).

Put helpers here, or a client with extra methods (see README, "Extending the SDK").
"""

from .video import DraftClient, DraftVideo, quick_video

__all__ = ["DraftClient", "DraftVideo", "quick_video"]

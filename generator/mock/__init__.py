"""A local hub served from the catalog, for offline development and tests."""

from .app import build_app
from .settings import MockConfig, accepted_tokens

__all__ = ["MockConfig", "accepted_tokens", "build_app"]

"""A local hub served from the catalog, for offline development and tests."""

from .app import MockConfig, build_app

__all__ = ["MockConfig", "build_app"]

"""The template tests' one fixture: the Jinja environment every target renders with."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from generator.render.environment import make_environment

from ..support.repository import TEMPLATES


@pytest.fixture(scope="session")
def template_env() -> Environment:
    """templates/ as generate loads it (StrictUndefined, the named filters), no bytecode cache."""
    return make_environment(TEMPLATES, None)

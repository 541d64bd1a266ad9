"""The one Jinja environment every target renders with."""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
)

from ..errors import RenderError
from .filters import FILTERS, TESTS


def make_environment(
    templates_dir: Path, bytecode_cache: BytecodeCache | None = None
) -> Environment:
    """The environment; `bytecode_cache` keeps compiled templates between runs (Jinja checks
    each against its template's source)."""
    # Autoescape stays off: outputs are Python, JSON and Markdown, each escaped through
    # the named filters in filters.py, never HTML.
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        bytecode_cache=bytecode_cache,
    )
    env.filters.update(FILTERS)
    env.tests.update(TESTS)
    return env


def render(env: Environment, template: str, **context: object) -> str:
    try:
        return env.get_template(template).render(**context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise RenderError(f"template {template}{where}: {exc}") from exc


def raw_source(env: Environment, template: str) -> str:
    """A template file's text, unrendered (for hand-written runtime modules)."""
    assert env.loader is not None
    try:
        source, _, _ = env.loader.get_source(env, template)
    except TemplateError as exc:
        raise RenderError(f"template {template}: {exc}") from exc
    return source

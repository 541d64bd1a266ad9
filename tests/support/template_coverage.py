"""Which templates the template tests render, read from their source with `ast`: a template
counts as tested when its name is a string argument of a call to `render(...)` in a test
module. Every `*.jinja` file under templates/ must be one."""

from __future__ import annotations

import ast
from pathlib import Path

SUFFIX = ".jinja"


def template_names(templates: Path) -> list[str]:
    """Every template under `templates`, by the name a target renders it with, sorted."""
    return sorted(path.relative_to(templates).as_posix() for path in templates.rglob(f"*{SUFFIX}"))


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def rendered_names(tests: Path) -> set[str]:
    """The template names passed to `render(...)` in the test modules under `tests`."""
    found: set[str] = set()
    for path in sorted(tests.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Call) and _called_name(node) == "render":
                found |= {
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and arg.value.endswith(SUFFIX)
                }
    return found


def untested_templates(templates: Path, tests: Path) -> list[str]:
    """The templates under `templates` that no test module under `tests` renders."""
    rendered = rendered_names(tests)
    return [name for name in template_names(templates) if name not in rendered]

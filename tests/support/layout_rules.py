"""The rules of the tests' own layout, checked on the source with `ast`: no module imports a
test module (`test_*`), no fixture name is defined in more than one file, and only
tests/conftest.py loads the shipped catalog. Shared code belongs in tests/support/, shared
fixtures in tests/conftest.py."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

# Folders of data, not test code: spec catalogs, scraped pages, broken specs for the lint
# snapshots, mypy inputs, the TypeScript tests, and caches.
DATA_DIRS = frozenset({"catalogs", "fixtures", "lint_cases", "typing", "typescript", "__pycache__"})


def python_files(tests: Path) -> list[Path]:
    """Every *.py under `tests` outside the data folders, sorted."""
    return sorted(
        path
        for path in tests.rglob("*.py")
        if not DATA_DIRS.intersection(path.relative_to(tests).parts[:-1])
    )


def _where(path: Path, tests: Path, node: ast.AST) -> str:
    return f"{path.relative_to(tests.parent).as_posix()}:{getattr(node, 'lineno', 0)}"


def _is_test_module(name: str) -> bool:
    return any(part.startswith("test_") for part in name.split("."))


def imports_of_test_modules(tests: Path) -> list[str]:
    """`file:line: imports test module NAME` for every import of a `test_*` module (as
    `import`, `from ... import`, relative or absolute)."""
    found: list[str] = []
    for path in python_files(tests):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names if _is_test_module(a.name)]
            elif isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                if _is_test_module(node.module or ""):
                    names = [module]
                elif node.module in (None, "tests"):
                    # `from . import test_x`, `from tests import test_x`
                    prefix = module if module.endswith(".") else module + "."
                    names = [prefix + a.name for a in node.names if a.name.startswith("test_")]
            found += [f"{_where(path, tests, node)}: imports test module {n}" for n in names]
    return found


def _fixture_name(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name `node` registers as a fixture (its `name=` if given), or None."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        target = call.func if call else decorator
        if (isinstance(target, ast.Attribute) and target.attr == "fixture") or (
            isinstance(target, ast.Name) and target.id == "fixture"
        ):
            for keyword in call.keywords if call else []:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
            return node.name
    return None


def fixture_definitions(tests: Path) -> dict[str, list[str]]:
    """Fixture name -> the `file:line` of each definition (module level or in a class)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in python_files(tests):
        module = ast.parse(path.read_text("utf-8"), str(path))
        scopes = [module.body] + [c.body for c in module.body if isinstance(c, ast.ClassDef)]
        for body in scopes:
            for node in body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = _fixture_name(node)
                    if name is not None:
                        found[name].append(_where(path, tests, node))
    return dict(found)


def fixtures_defined_twice(tests: Path) -> list[str]:
    """`file:line: fixture NAME also defined at file:line, ...` for every fixture name
    defined in more than one file."""
    found: list[str] = []
    for name, places in sorted(fixture_definitions(tests).items()):
        if len({place.rsplit(":", 1)[0] for place in places}) > 1:
            first, *others = places
            found.append(f"{first}: fixture {name!r} also defined at {', '.join(others)}")
    return found


# The one module that loads the shipped catalog (its `catalog` fixture and the parameters of
# its pytest_generate_tests), and the one that says how.
CATALOG_LOADERS = frozenset({"conftest.py", "support/repository.py"})


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _loads_the_shipped_catalog(call: ast.Call) -> bool:
    """`load_specs()`, or `load_catalog(SPECS, ...)`."""
    name = _name(call.func)
    if name == "load_specs":
        return True
    return name == "load_catalog" and bool(call.args) and _name(call.args[0]) == "SPECS"


def shipped_catalog_loads(tests: Path) -> list[str]:
    """`file:line: loads the shipped catalog itself` for every `load_specs()` or
    `load_catalog(SPECS)` outside tests/conftest.py (and tests/support/repository.py, which
    defines load_specs)."""
    found: list[str] = []
    for path in python_files(tests):
        if path.relative_to(tests).as_posix() in CATALOG_LOADERS:
            continue
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path)))
            if isinstance(node, ast.Call) and _loads_the_shipped_catalog(node)
        ]
        for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
            found.append(f"{_where(path, tests, call)}: loads the shipped catalog itself")
    return found

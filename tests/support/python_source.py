"""Reading rendered Python back with `ast`: the literal a module assigns to a name, the
keyword arguments of a call it assigns, and the classes and functions it defines."""

from __future__ import annotations

import ast
from typing import Any


def _assignment(body: list[ast.stmt], name: str) -> ast.expr:
    for node in body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                assert node.value is not None, f"{name} is declared, not assigned"
                return node.value
    raise AssertionError(f"{name} is not assigned")


def assigned(tree: ast.Module, name: str) -> Any:
    """The literal value a module assigns to `name` at its top level."""
    return ast.literal_eval(_assignment(tree.body, name))


def assigned_call(tree: ast.Module, name: str) -> tuple[str, dict[str, Any]]:
    """The function a module calls to make `name` at its top level, and the literal keyword
    arguments of that call."""
    call = _assignment(tree.body, name)
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name), ast.dump(call)
    return call.func.id, {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}


def classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    """The module's top-level classes, by name, in their order."""
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def methods(cls: ast.ClassDef) -> dict[str, bool]:
    """A class's methods, by name, in their order: True for an `async def`."""
    return {
        node.name: isinstance(node, ast.AsyncFunctionDef)
        for node in cls.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }

"""The `hub_sdk` package: one pydantic request model per catalog model, a registry,
and the hand-written runtime copied from templates/python/runtime/."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec, Parameter
from ..catalog.constraints import CONSTRAINTS, limits_of
from ..catalog.hub import HubSpec
from ..naming import attribute_name, class_name, module_name
from ..render.environment import raw_source, render
from ..render.filters import py_literal
from ..render.formatting import format_snippet
from ..render.layout import Call, Preformatted, inline, layout, statement
from . import Files

ROOT = PurePosixPath("python")
PACKAGE = ROOT / "hub_sdk"
RUNTIME = (
    "_api.py",
    "_base.py",
    "_core.py",
    "_errors.py",
    "_exceptions.py",
    "_polling.py",
    "_transport.py",
    "_types.py",
)
RESERVED_KEYWORDS = ("self", "model", "validation", "timeout", "wait_timeout", "poll_interval")
"""Keywords generate() and generate_and_wait() take themselves: such a parameter goes
through submit()."""
SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
TASK_TYPES = {"object": "dict[str, Any]", "array": "list[Any]", "any": "Any"}


LAZY_RUNTIME = {
    "APIConnectionError": "_runtime._exceptions",
    "APIError": "_runtime._exceptions",
    "AsyncHubClient": "_runtime._async_client",
    "AuthenticationError": "_runtime._exceptions",
    "BadRequestError": "_runtime._exceptions",
    "HubClient": "_runtime._client",
    "HubError": "_runtime._exceptions",
    "HubInput": "_runtime._base",
    "HubItem": "_runtime._base",
    "HubValidationWarning": "_runtime._core",
    "MalformedResponseError": "_runtime._exceptions",
    "ModelInfo": "_runtime._types",
    "ModelSummary": "_runtime._types",
    "NotFoundError": "_runtime._exceptions",
    "Polling": "_runtime._polling",
    "RateLimitError": "_runtime._exceptions",
    "ServerError": "_runtime._exceptions",
    "Task": "_task",
    "TaskFailedError": "_runtime._exceptions",
    "TaskTimeoutError": "_runtime._exceptions",
    "model_class": "_runtime._api",
    "to_fal_input": "_runtime._api",
    "validate_input": "_runtime._api",
}
"""Names imported on first use, so `import hub_sdk` loads neither pydantic nor httpx."""

RUNTIME_EXPORTS = (
    *LAZY_RUNTIME,
    "InputError",
    "MODELS",
    "ModelEntry",
    "Problem",
)
"""`hub_sdk.__all__`: the request models are not in it. A type checker reads them from
their own modules (hub_sdk.models.<module>), so importing hub_sdk costs it the same at any
catalog size; `hub_sdk.<ModelInput>` still works at run time."""


def export_order(name: str) -> tuple[int, list[int | str]]:
    """`__all__` order as isort has it: CONSTANTS, Classes, functions; digits numerically."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


@dataclass(frozen=True)
class RegistryEntry:
    """One model as the package-level templates list it."""

    id: str
    module: str
    cls: str
    model: ModelSpec


@dataclass
class PyField:
    """One field as black lays it out inside its class (4-space indent)."""

    lines: list[str]
    doc: str | None = None
    """Its description again as an attribute docstring, which editors show on hover (they
    do not read Field(description=...))."""


@dataclass
class PyClass:
    name: str
    base: str
    doc: str
    fields: list[PyField]
    classvars: list[tuple[str, Any]] = field(default_factory=list)
    """(name, value) of class data; the base class declares their types."""

    @property
    def classvar_lines(self) -> list[str]:
        return [line for name, value in self.classvars for line in layout(value, 4, f"{name} = ")]


@dataclass
class PyModule:
    source: str
    bases: tuple[str, ...]
    doc: str
    typing_names: list[str]
    runtime_names: list[str]
    classes: list[PyClass]


class _ModuleBuilder:
    """Type strings, Field(...) arguments and nested item classes for one model."""

    def __init__(self, model: ModelSpec) -> None:
        self.model = model
        self.prefix = class_name(model.id, "")
        self.nested: list[PyClass] = []
        self.uses_literal = False
        self.uses_uri = False
        self.uses_integer = False

    def annotation(self, param: Parameter, owner: str) -> str:
        if param.values is not None:
            self.uses_literal = True
            return f"Literal[{', '.join(py_literal(v) for v in param.values)}]"
        if param.type == "array":
            assert param.items is not None
            return f"list[{self.annotation(param.items, owner)}]"
        if param.type == "object":
            name = class_name(f"{owner}-item", "")
            self.nested.append(self.item_class(name, owner, param))
            return name
        if param.type == "string" and param.format == "uri":
            self.uses_uri = True
            return "Uri"
        if param.type == "integer":
            self.uses_integer = True
            return "Integer"
        return SCALARS[param.type]

    def field(self, param: Parameter, owner: str, *, optional: bool) -> PyField:
        annotation = self.annotation(param, owner)
        attr = attribute_name(param.name)
        if optional:
            annotation = f"{annotation} | None"
        # A required field has no default at all (not `default=...`): a type checker reading
        # the model through dataclass_transform then reports a missing required argument.
        kwargs: list[tuple[str, Any]] = (
            [("default", param.default if param.has_default else None)] if optional else []
        )
        if attr != param.name:
            kwargs.append(("alias", param.name))
        kwargs += [(constraint.pydantic, value) for constraint, value in limits_of(param)]
        if param.description:
            kwargs.append(("description", param.description))
        call = Call("Field", (), tuple(kwargs))
        head = f"{attr}: {annotation} = "
        doc = param.description or None
        if 4 + len(head) + len("Field(") <= LINE:
            return PyField(layout(call, 4, head), doc)
        # Too long for one head line: black picks among parenthesized layouts here, so this
        # one statement is given to black (cached by content), not the whole module.
        snippet = format_snippet(f"class _:\n    {head}{inline(call)}\n")
        return PyField(snippet.splitlines()[1:], doc)

    def item_class(self, name: str, owner: str, param: Parameter) -> PyClass:
        fields = [
            self.field(p, f"{owner}-{p.name}", optional=not p.required) for p in param.properties
        ]
        parent = owner.removeprefix(f"{self.prefix}-")
        return PyClass(name, "HubItem", f"One item of {parent}.", fields)

    def input_class(self) -> PyClass:
        model = self.model
        fields = [
            self.field(p, f"{self.prefix}-{p.name}", optional=not p.required)
            for p in model.input_parameters()
        ]
        classvars: list[tuple[str, Any]] = [("hub_model_id", model.id)]
        images = model.images
        if images is not None and not images.is_passthrough:
            required = model.required_slots()
            if images.slots:
                slots = (("slots", images.slots), ("required", required))
                classvars.append(("hub_images", Call("ImageSlots", (), slots)))
            else:
                target = (("target", images.list_field), ("required", bool(required)))
                classvars.append(("hub_images", Call("ImageList", (), target)))
        if model.rules:
            rules = []
            for rule in model.rules:
                kwargs: list[tuple[str, Any]] = [
                    ("kind", rule.kind),
                    ("fields", rule.fields),
                    ("message", rule.describe()),
                ]
                if rule.when:
                    kwargs.append(("when", rule.when))
                if rule.max is not None:
                    kwargs.append(("max", rule.max))
                rules.append(Call("Rule", (), tuple(kwargs)))
            classvars.append(("hub_rules", tuple(rules)))
        doc = f"{model.name} ({model.vendor}, {model.mode}): {model.summary}"
        if images is not None:
            doc += f"\n\n{images.describe()}"
        return PyClass(class_name(model.id), "HubInput", doc, fields, classvars)

    def module(self) -> PyModule:
        main = self.input_class()
        classes = [*self.nested, main]
        names = {"HubInput"} | {c.base for c in classes}
        for _, value in main.classvars:
            used = value if isinstance(value, tuple) else (value,)
            names |= {v.name for v in used if isinstance(v, Call)}
        if self.uses_uri:
            names.add("Uri")
        if self.uses_integer:
            names.add("Integer")
        typing_names = ["Literal"] if self.uses_literal else []
        doc = f"Request model for {self.model.id}."
        return PyModule(
            self.model.source, self.model.bases, doc, typing_names, sorted(names), classes
        )


LINE = 100


@dataclass(frozen=True)
class Resource:
    """`client.<capability>`: one capability's resource; `model` is typed as the Literal of
    its ids (one alias, not one signature per model: the stub costs a type checker the same
    at any catalog size)."""

    name: str
    cls: str
    path: str
    ids: list[str]

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def alias(self) -> str:
        return f"_{self.cls}Model"


_LONG_STRING = re.compile(r'^\s*(?:\w+=|"[^"]*": )?"(?:[^"\\]|\\.)*",?$')
_LONG_LINE = re.compile(rf"^.{{{LINE + 1},}}$", re.MULTILINE)


def _single_quoted(text: str) -> bool:
    """Whether a string literal in `text` opens with a single quote: a ' that starts a
    line's code or follows one of = ( [ { , : (spaces between allowed)."""
    at = text.find("'")
    while at != -1:
        before = text[text.rfind("\n", 0, at) + 1 : at].rstrip(" \t")
        if not before or before[-1] in "=([{,:":
            return True
        at = text.find("'", at + 1)
    return False


def black_stable(text: str) -> bool:
    """Laid out as black lays it out: no line black would break (a line holding only a
    long string it cannot break, or a comment, is fine) and no single-quoted literal it
    would requote."""
    if _single_quoted(text):
        return False
    for match in _LONG_LINE.finditer(text):
        line = match.group()
        docstring = line.lstrip().startswith('"""') or line.endswith('"""')
        comment = line.lstrip().startswith("# ")  # black never wraps a comment
        if not (_LONG_STRING.match(line) or docstring or comment):
            return False
    return True


def preformatted(text: str) -> str:
    return Preformatted(text) if black_stable(text) else text


def import_lines(module: str, name: str, indent: int) -> list[str]:
    """`from module import name as name`, wrapped as black wraps a long import."""
    pad = " " * indent
    line = f"{pad}from {module} import {name} as {name}"
    if len(line) <= LINE:
        return [line]
    return [f"{pad}from {module} import (", f"{pad}    {name} as {name},", f"{pad})"]


def task_fields(catalog: Catalog) -> list[PyField]:
    fields = []
    for task_field in catalog.hub.task:
        annotation = TASK_TYPES.get(task_field.type) or SCALARS[task_field.type]
        kwargs: list[tuple[str, Any]] = [] if task_field.required else [("default", None)]
        attr = attribute_name(task_field.name, input_field=False)
        if not task_field.required and annotation != "Any":
            annotation += " | None"
        names = (task_field.name, *task_field.aliases)
        if len(names) > 1:
            kwargs.append(("validation_alias", Call("AliasChoices", names, ())))
            if attr != task_field.name:
                kwargs.append(("serialization_alias", task_field.name))
        elif attr != task_field.name:
            kwargs.append(("alias", task_field.name))
        kwargs.append(("description", task_field.description))
        fields.append(
            PyField(layout(Call("Field", (), tuple(kwargs)), 4, f"{attr}: {annotation} = "))
        )
    return fields


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    """The model's request module."""
    module = _ModuleBuilder(model).module()
    text = render(env, "python/model.py.jinja", module=module)
    return {PACKAGE / "models" / f"{module_name(model.id)}.py": preformatted(text)}


def catalog_files(catalog: Catalog, env: Environment) -> Files:
    """The package around the request modules: registry, exports, client stub, runtime."""
    files: Files = {}
    entries = [RegistryEntry(m.id, module_name(m.id), class_name(m.id), m) for m in catalog.models]
    exports = sorted(RUNTIME_EXPORTS, key=export_order)
    registry = {
        e.id: Call(
            "ModelEntry",
            (
                e.id,
                e.model.name,
                e.model.vendor,
                e.model.capability,
                e.model.mode,
                e.module,
                e.cls,
            ),
        )
        for e in entries
    }
    imports = sorted((f".{module}", name) for name, module in LAZY_RUNTIME.items())
    resources = [
        Resource(c.name, class_name(c.name, ""), c.path, [m.id for m in catalog.models_of(c.name)])
        for c in catalog.hub.capabilities
    ]
    limits = {c.error: Call("Limit", (c.key, c.words, c.pydantic)) for c in CONSTRAINTS}
    context = {
        "registry": statement("MODELS: Final[dict[str, ModelEntry]] = ", registry),
        "limits": statement("LIMITS: Final[dict[str, Limit]] = ", limits),
        "type_imports": [line for m, n in imports for line in import_lines(m, n, 4)],
        "catalog": catalog,
        "hub": catalog.hub,
        "entries": entries,
        "exports": exports,
        "lazy": LAZY_RUNTIME,
        "lazy_imports": sorted((module, name) for name, module in LAZY_RUNTIME.items()),
        "resources": resources,
        "resource_classes": sorted(r.cls for r in resources),
        "any_ids": any(r.ids for r in resources),
        "fields": task_fields(catalog),
        "aliased": any(f.aliases for f in catalog.hub.task),
    }
    for template, path in (
        ("python/models_init.py.jinja", PACKAGE / "models" / "__init__.py"),
        ("python/runtime_init.py.jinja", PACKAGE / "_runtime" / "__init__.py"),
        ("python/hub.py.jinja", PACKAGE / "_hub.py"),
        ("python/task.py.jinja", PACKAGE / "_task.py"),
        ("python/pyproject.toml.jinja", ROOT / "pyproject.toml"),
        ("python/README.md.jinja", ROOT / "README.md"),
    ):
        files[path] = render(env, template, **context)
    for template, path in (
        ("python/registry.py.jinja", PACKAGE / "_registry.py"),
        ("python/limits.py.jinja", PACKAGE / "_runtime" / "_limits.py"),
        ("python/init.py.jinja", PACKAGE / "__init__.py"),
    ):
        files[path] = preformatted(render(env, template, **context))
    runtime = PACKAGE / "_runtime"
    for sync, name in ((True, "_client.py"), (False, "_async_client.py")):
        files[runtime / name] = render(env, "python/client.py.jinja", sync=sync, **context)
    for stub, name in ((False, "_resources.py"), (True, "_resources.pyi")):
        text = render(env, "python/resources.py.jinja", stub=stub, **context)
        files[runtime / name] = preformatted(text) if stub else text
    files[PACKAGE / "py.typed"] = ""
    for name in RUNTIME:
        source = f"templates/python/runtime/{name}"
        header = render(env, "header.jinja", comment="#", source=source, bases=())
        # Hand-written, held to black by `make lint`: copied as it is.
        files[PACKAGE / "_runtime" / name] = Preformatted(
            header + raw_source(env, f"python/runtime/{name}")
        )
    return files

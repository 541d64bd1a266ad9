"""One model's request module for `hub_sdk`: its pydantic input class and the item classes
of its nested objects, as values (type strings, Field keywords, class data) that
python/model.py.jinja spells through python/_layout.jinja's macros."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...catalog import ModelSpec, Parameter
from ...catalog.constraints import limits_of
from ...naming import attribute_name, class_name
from ...render.filters import py_literal
from ...render.layout import Call

SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}

Keywords = tuple[tuple[str, Any], ...]
"""(keyword, value) pairs of a call, in order."""


@dataclass(frozen=True)
class PyField:
    """One field: `attr: annotation = Field(**kwargs)`, and `doc`, its description again
    as an attribute docstring (editors show it on hover; they do not read
    Field(description=...))."""

    attr: str
    annotation: str
    kwargs: Keywords
    doc: str | None = None

    @property
    def optional(self) -> bool:
        """Whether `annotation` is `... | None`."""
        return self.annotation.endswith(" | None")


@dataclass(frozen=True)
class PyClass:
    name: str
    base: str
    doc: str
    fields: list[PyField]
    model_id: str | None = None
    """The input class's class data (the base class declares their types): the model's id,
    how `image_urls` maps (an ImageSlots or ImageList call) and its cross-field rules (the
    keywords of each Rule)."""
    images: Call | None = None
    rules: tuple[Keywords, ...] = ()


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
        return PyField(attr, annotation, tuple(kwargs), param.description or None)

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
        images = model.images
        mapping: Call | None = None
        if images is not None and not images.is_passthrough:
            required = model.required_slots()
            if images.slots:
                slots = (("slots", images.slots), ("required", required))
                mapping = Call("ImageSlots", (), slots)
            else:
                target = (("target", images.list_field), ("required", bool(required)))
                mapping = Call("ImageList", (), target)
        rules: list[Keywords] = []
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
            rules.append(tuple(kwargs))
        doc = f"{model.name} ({model.vendor}, {model.mode}): {model.summary}"
        if images is not None:
            doc += f"\n\n{images.describe()}"
        name = class_name(model.id)
        return PyClass(name, "HubInput", doc, fields, model.id, mapping, tuple(rules))

    def module(self) -> PyModule:
        main = self.input_class()
        classes = [*self.nested, main]
        names = {"HubInput"} | {c.base for c in classes}
        if main.images is not None:
            names.add(main.images.name)
        if main.rules:
            names.add("Rule")
        if self.uses_uri:
            names.add("Uri")
        if self.uses_integer:
            names.add("Integer")
        typing_names = ["Literal"] if self.uses_literal else []
        doc = f"Request model for {self.model.id}."
        return PyModule(
            self.model.source, self.model.bases, doc, typing_names, sorted(names), classes
        )


def request_module(model: ModelSpec) -> PyModule:
    """What python/model.py.jinja lays out for `model`."""
    return _ModuleBuilder(model).module()

"""One model's input types for `src/models/<module>.ts`: the input interface and the
interfaces of its nested items, with JSDoc from the descriptions and defaults."""

from __future__ import annotations

from dataclasses import dataclass

from ...catalog import ModelSpec, Parameter
from ...naming import class_name
from .syntax import doc_lines, ts_key, ts_literal

SCALARS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}


@dataclass(frozen=True)
class TsField:
    key: str
    type: str
    required: bool
    doc: list[str]


@dataclass(frozen=True)
class TsInterface:
    name: str
    doc: list[str]
    fields: list[TsField]


class _Builder:
    """Interfaces (the input and its nested items) and the table of one model."""

    def __init__(self, model: ModelSpec) -> None:
        self.model = model
        self.prefix = class_name(model.id, "")
        self.nested: list[TsInterface] = []

    def type_of(self, param: Parameter, owner: str) -> str:
        if param.values is not None:
            return " | ".join(ts_literal(v) for v in param.values)
        if param.type == "array":
            assert param.items is not None
            inner = self.type_of(param.items, owner)
            return f"readonly ({inner})[]" if " " in inner else f"readonly {inner}[]"
        if param.type == "object":
            name = class_name(f"{owner}-item", "")
            fields = [self.field(p, f"{owner}-{p.name}") for p in param.properties]
            parent = owner.removeprefix(f"{self.prefix}-")
            self.nested.append(TsInterface(name, [f"One item of {parent}."], fields))
            return name
        return SCALARS[param.type]

    def field(self, param: Parameter, owner: str) -> TsField:
        doc = doc_lines(param.description)
        if param.has_default:
            doc.append(f"@defaultValue {ts_literal(param.default)}")
        kind = self.type_of(param, owner)
        # An optional field may be null, as None in the Python SDK: left out when sent.
        kind = kind if param.required else f"{kind} | null"
        return TsField(ts_key(param.name), kind, param.required, doc)

    def interfaces(self) -> list[TsInterface]:
        model = self.model
        fields = [self.field(p, f"{self.prefix}-{p.name}") for p in model.input_parameters()]
        doc = doc_lines(f"{model.name} ({model.vendor}, {model.mode}): {model.summary}")
        if model.images is not None:
            doc += ["", *doc_lines(model.images.describe())]
        return [*self.nested, TsInterface(class_name(model.id), doc, fields)]


def interfaces(model: ModelSpec) -> list[TsInterface]:
    """The model's interfaces, nested items first, its input last."""
    return _Builder(model).interfaces()

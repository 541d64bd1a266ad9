"""Checks that need more than the spec schema: meaning, not shape.

Each check takes a built model (or the whole catalog) with its located tree and returns
`SpecError`s; nothing here raises.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..documents.input_schema import input_schema, rule_in_schema
from ..errors import SpecError
from ..naming import attribute_name, class_name, module_name
from .hub import HubSpec
from .images import IMAGE_URLS
from .located import LMap, Loc
from .model import ModelSpec
from .parameter import Parameter
from .rules import rule_kind
from .shape import dotted, json_type, key_loc, suggest, value_loc

SAFE_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _fits_type(value: Any, type_name: str) -> bool:
    if isinstance(value, bool) and type_name != "boolean":
        return False
    return isinstance(value, PY_TYPES[type_name])


CLIENT_NAMES = frozenset({"tasks", "models", "base_url", "validation", "close", "aclose"})
"""Attributes of the SDK's clients that a capability's resource (client.<name>) must not take."""


class ModelChecker:
    """Semantic checks of one model; `problems` lists what they found.

    `capabilities`: each declared capability's modes (None when hub.yaml itself is broken,
    and then a model's capability and mode are not checked)."""

    def __init__(
        self,
        model: ModelSpec,
        tree: LMap,
        capabilities: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.model = model
        self.tree = tree
        self.capabilities = capabilities
        self.problems: list[SpecError] = []

    def _at(self, path: list[Any], code: str, message: str, *, key: bool = False) -> None:
        loc = key_loc(self.tree, path) if key else value_loc(self.tree, path)
        self.problems.append(
            SpecError(loc.file, loc.line, loc.column, code, f"{self.model.id}: {message}")
        )

    def run(self, file_stem: str) -> list[SpecError]:
        self.check_id(file_stem)
        self.check_capability()
        for param in self.model.parameters:
            self.check_parameter(param, ["parameters", param.name])
        self.check_images()
        self.check_rules()
        self.check_names()
        if not self.problems:
            self.check_example()
        return self.problems

    def check_id(self, file_stem: str) -> None:
        model_id = self.model.id
        if not SAFE_ID.match(model_id) or len(model_id) > 100:
            self._at(
                ["id"],
                "E206",
                f"id '{model_id}' is not safe as a file name: use lowercase letters, digits, "
                "and single '.' or '-' between them",
            )
        elif model_id != file_stem:
            self._at(["id"], "E207", f"id '{model_id}' must match the file name '{file_stem}.yaml'")

    def check_capability(self) -> None:
        """The capability is one hub.yaml declares; the mode one that capability lists."""
        if self.capabilities is None:
            return
        capability, mode = self.model.capability, self.model.mode
        if capability not in self.capabilities:
            declared = ", ".join(self.capabilities)
            hint = suggest(capability, list(self.capabilities))
            self._at(
                ["capability"],
                "E210",
                f"capability '{capability}' is not declared in hub.yaml{hint} "
                f"(declared: {declared})",
            )
            return
        modes = self.capabilities[capability]
        if not modes:
            if mode is not None:
                self._at(
                    ["mode"],
                    "E210",
                    f"mode '{mode}': capability '{capability}' lists no modes in hub.yaml, "
                    "so its models give none",
                )
        elif mode is None:
            listed = ", ".join(modes)
            self._at(
                ["id"], "E210", f"a {capability} model needs a mode, one of: {listed}", key=True
            )
        elif mode not in modes:
            listed = ", ".join(modes)
            self._at(
                ["mode"],
                "E210",
                f"mode '{mode}' is not one capability '{capability}' lists{suggest(mode, modes)} "
                f"(listed: {listed})",
            )

    def check_parameter(self, param: Parameter, path: list[Any]) -> None:
        where = dotted(path)
        if param.type == "array" and param.items is None:
            self._at(path, "E209", f"{where}: an array parameter needs 'items'")
        if param.type != "object" and param.properties:
            self._at([*path, "properties"], "E209", f"{where}: only an object has 'properties'")
        for value_index, value in enumerate(param.values or ()):
            if not _fits_type(value, param.type):
                self._at(
                    [*path, "values", value_index],
                    "E201",
                    f"{where}.values: {value!r} is {json_type(value)}, not {param.type}",
                )
        self.check_values_unique(param, path)
        for low, high in (
            ("minimum", "maximum"),
            ("min_length", "max_length"),
            ("min_items", "max_items"),
        ):
            lowest, highest = getattr(param, low), getattr(param, high)
            if lowest is not None and highest is not None and lowest > highest:
                self._at([*path, low], "E201", f"{where}: {low} {lowest} > {high} {highest}")
        if param.has_default:
            self.check_default(param, [*path, "default"])
        if param.items is not None:
            self.check_parameter(param.items, [*path, "items"])
        for prop in param.properties:
            self.check_parameter(prop, [*path, "properties", prop.name])

    def check_values_unique(self, param: Parameter, path: list[Any]) -> None:
        """Each allowed value once (1 and 1.0 are one JSON number)."""
        first: dict[tuple[bool, Any], int] = {}
        for index, value in enumerate(param.values or ()):
            key = (isinstance(value, str), value)
            try:
                earlier = first.setdefault(key, index)
            except TypeError:  # not a scalar: E201 above says so
                continue
            if earlier != index:
                self._at(
                    [*path, "values", index],
                    "E201",
                    f"{dotted(path)}.values: {value!r} is listed twice "
                    f"(first at index {earlier})",
                )

    def check_default(self, param: Parameter, path: list[Any]) -> None:
        where, value = dotted(path), param.default
        if not _fits_type(value, param.type):
            self._at(path, "E201", f"{where}: {value!r} is {json_type(value)}, not {param.type}")
            return
        if param.values is not None and value not in param.values:
            allowed = ", ".join(repr(v) for v in param.values)
            self._at(path, "E201", f"{where}: {value!r} is not among the allowed values {allowed}")
        if param.minimum is not None and value < param.minimum:
            self._at(path, "E201", f"{where}: {value!r} is below minimum {param.minimum}")
        if param.maximum is not None and value > param.maximum:
            self._at(path, "E201", f"{where}: {value!r} is above maximum {param.maximum}")
        if (
            param.max_length is not None
            and isinstance(value, str)
            and len(value) > param.max_length
        ):
            self._at(path, "E201", f"{where}: longer than max_length {param.max_length}")

    def _field(self, name: str, path: list[Any], what: str, expect: str) -> None:
        param = self.model.parameter(name)
        if param is None:
            hint = suggest(name, [p.name for p in self.model.parameters])
            self._at(
                path,
                "E203" if what == "images" else "E204",
                f"{dotted(path)}: '{name}' is not a parameter of this model{hint}",
            )
        elif expect not in (param.type, "any"):
            self._at(
                path, "E203", f"{dotted(path)}: '{name}' is {param.type}; {what} needs {expect}"
            )

    def check_images(self) -> None:
        images = self.model.images
        if images is None:
            return
        if bool(images.slots) == bool(images.list_field):
            self._at(["images"], "E203", "images: give exactly one of 'slots' or 'list'")
            return
        if images.max is not None and images.min > images.max:
            self._at(
                ["images", "count"], "E203", f"images.count: min {images.min} > max {images.max}"
            )
        for index, name in enumerate(images.slots):
            self._field(name, ["images", "slots", index], "images", "string")
        if images.slots and images.max is not None and images.max > len(images.slots):
            self._at(
                ["images", "count", "max"],
                "E203",
                f"images.count.max: {images.max} images but only {len(images.slots)} slots",
            )
        if images.list_field:
            self._field(images.list_field, ["images", "list"], "images", "array")
        if images.slots and self.model.parameter(IMAGE_URLS) is not None:
            self._at(
                ["parameters", IMAGE_URLS],
                "E203",
                "image_urls is the hub's own field; with 'slots' it cannot be a parameter too",
            )

    def check_rules(self) -> None:
        for index, rule in enumerate(self.model.rules):
            names = [*rule.fields, *([rule.when] if rule.when else [])]
            for name in names:
                if self.model.parameter(name) is None and name != IMAGE_URLS:
                    self._field(name, ["rules", index], "rules", "any")

    def check_names(self) -> None:
        seen: dict[str, str] = {}
        for param in self.model.input_parameters():
            attr = attribute_name(param.name)
            if attr in seen:
                self._at(
                    ["parameters", param.name],
                    "E208",
                    f"parameters '{seen[attr]}' and '{param.name}' both become the Python "
                    f"name '{attr}'",
                )
            seen[attr] = param.name

    def check_example(self) -> None:
        example = self.model.example
        # jsonschema loads only when a model is checked (a warm run reuses them all).
        from jsonschema import Draft202012Validator  # noqa: PLC0415

        from ..formats import FORMATS  # noqa: PLC0415

        validator = Draft202012Validator(input_schema(self.model), format_checker=FORMATS)
        suffix = "(the example must pass its own model)"
        for error in validator.iter_errors(example):
            path = ["example", *error.absolute_path]
            schema: Any = error.schema
            if error.validator == "additionalProperties":
                for key in sorted(set(error.instance) - set(schema.get("properties", {}))):
                    where = dotted([*path, key])
                    self._at([*path, key], "E202", f"{where}: unknown field {suffix}", key=True)
                continue
            message = error.message
            if error.validator == "enum":
                allowed = ", ".join(repr(v) for v in error.validator_value if v is not None)
                message = f"{error.instance!r} is not one of {allowed}"
            elif error.schema_path and error.schema_path[0] == "allOf":
                message = str(schema.get("description", message))
            self._at(path, "E202", f"{dotted(path)}: {message} {suffix}")
        for rule in self.model.rules:
            if not rule_in_schema(self.model, rule) and rule_kind(rule).violated(rule, example):
                self._at(["example"], "E202", f"example: {rule.describe()} {suffix}")
        if self.problems:
            return
        hub_form = self.model.hub_example()
        if hub_form != dict(example):
            for error in validator.iter_errors(hub_form):
                where = dotted(["example", *error.absolute_path])
                self._at(
                    ["example"],
                    "E202",
                    f"{where}: {error.message} (the example with its images as image_urls, "
                    "as the docs show it, must pass its own model)",
                )


def check_catalog(models: list[tuple[ModelSpec, Loc]]) -> Iterator[SpecError]:
    """Checks across models (each with the position of its id): duplicate ids and
    clashing generated Python names."""
    owners: dict[str, tuple[str, Loc]] = {}
    for model, loc in models:
        for kind, name in (
            ("id", model.id),
            ("module", module_name(model.id)),
            ("class", class_name(model.id)),
        ):
            key = f"{kind}:{name}"
            if key in owners:
                other, other_loc = owners[key]
                code = "E205" if kind == "id" else "E208"
                what = (
                    f"duplicate id '{model.id}'"
                    if kind == "id"
                    else f"'{model.id}' and '{other}' both become the Python {kind} '{name}'"
                )
                yield SpecError(
                    loc.file,
                    loc.line,
                    loc.column,
                    code,
                    f"{what} (first at {other_loc.file}:{other_loc.line + 1})",
                )
            else:
                owners[key] = (model.id, loc)


def check_hub(hub: HubSpec, tree: LMap) -> Iterator[SpecError]:
    """What the hub schema cannot say: each capability's name works as a client attribute
    (client.<capability>), and no two endpoints share a path."""
    for capability in hub.capabilities:
        name = capability.name
        if keyword.iskeyword(name) or name in CLIENT_NAMES or name.startswith("_"):
            loc = key_loc(tree, ["capabilities", name])
            yield SpecError(
                loc.file,
                loc.line,
                loc.column,
                "E211",
                f"capabilities.{name}: '{name}' cannot name an SDK resource "
                f"(client.{name}): it is a Python keyword or a client attribute",
            )
    seen: dict[str, str] = {e.path: e.id for e in hub.endpoints}
    for capability in hub.capabilities:
        owner = seen.get(capability.path)
        if owner is not None:
            loc = value_loc(tree, ["capabilities", capability.name, "path"])
            yield SpecError(
                loc.file,
                loc.line,
                loc.column,
                "E211",
                f"capabilities.{capability.name}.path: {capability.path} is already the path "
                f"of {owner}",
            )
        seen[capability.path] = capability.name

"""Semantic checks of a model's parameters: what the spec schema cannot say about one
(an array needs items, bounds in order, allowed values of its type and listed once, a
default that fits)."""

from __future__ import annotations

from typing import Any

from .model_report import ModelReport
from .parameter import Parameter
from .shape import dotted, json_type

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


def check_parameter(report: ModelReport, param: Parameter, path: list[Any]) -> None:
    """One parameter, and those inside it (items, properties)."""
    where = dotted(path)
    if param.type == "array" and param.items is None:
        report.at(path, "E209", f"{where}: an array parameter needs 'items'")
    if param.type != "object" and param.properties:
        report.at([*path, "properties"], "E209", f"{where}: only an object has 'properties'")
    for value_index, value in enumerate(param.values or ()):
        if not _fits_type(value, param.type):
            report.at(
                [*path, "values", value_index],
                "E201",
                f"{where}.values: {value!r} is {json_type(value)}, not {param.type}",
            )
    check_values_unique(report, param, path)
    for low, high in (
        ("minimum", "maximum"),
        ("min_length", "max_length"),
        ("min_items", "max_items"),
    ):
        lowest, highest = getattr(param, low), getattr(param, high)
        if lowest is not None and highest is not None and lowest > highest:
            report.at([*path, low], "E201", f"{where}: {low} {lowest} > {high} {highest}")
    if param.has_default:
        check_default(report, param, [*path, "default"])
    if param.items is not None:
        check_parameter(report, param.items, [*path, "items"])
    for prop in param.properties:
        check_parameter(report, prop, [*path, "properties", prop.name])


def check_values_unique(report: ModelReport, param: Parameter, path: list[Any]) -> None:
    """Each allowed value once (1 and 1.0 are one JSON number)."""
    first: dict[tuple[bool, Any], int] = {}
    for index, value in enumerate(param.values or ()):
        key = (isinstance(value, str), value)
        try:
            earlier = first.setdefault(key, index)
        except TypeError:  # not a scalar: E201 above says so
            continue
        if earlier != index:
            report.at(
                [*path, "values", index],
                "E201",
                f"{dotted(path)}.values: {value!r} is listed twice " f"(first at index {earlier})",
            )


def check_default(report: ModelReport, param: Parameter, path: list[Any]) -> None:
    """The default fits the parameter's type, allowed values and bounds."""
    where, value = dotted(path), param.default
    if not _fits_type(value, param.type):
        report.at(path, "E201", f"{where}: {value!r} is {json_type(value)}, not {param.type}")
        return
    if param.values is not None and value not in param.values:
        allowed = ", ".join(repr(v) for v in param.values)
        report.at(path, "E201", f"{where}: {value!r} is not among the allowed values {allowed}")
    if param.minimum is not None and value < param.minimum:
        report.at(path, "E201", f"{where}: {value!r} is below minimum {param.minimum}")
    if param.maximum is not None and value > param.maximum:
        report.at(path, "E201", f"{where}: {value!r} is above maximum {param.maximum}")
    if param.max_length is not None and isinstance(value, str) and len(value) > param.max_length:
        report.at(path, "E201", f"{where}: longer than max_length {param.max_length}")

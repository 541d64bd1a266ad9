"""The check that a model's example passes its own model (its JSON Schema, from
documents/input_schema.py, and each rule the schema cannot say)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model_report import ModelReport
from .rules import rule_kind
from .shape import Vouch, dotted

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


def check_example(report: ModelReport, vouch: Vouch | None = None) -> None:
    """The example passes its own model: its JSON Schema and every rule the schema
    cannot say, as written and with its images as image_urls. `vouch` may vouch for the
    example against the schema (then jsonschema is not loaded)."""
    example = report.model.example
    # input_schema.py builds on the catalog package: imported here, it can be imported
    # first on its own (at module level the two would import each other half-made).
    from ..documents.input_schema import input_schema, rule_in_schema  # noqa: PLC0415

    schema = input_schema(report.model)
    vouched = vouch is not None and vouch.instance(schema, example)
    validator = None if vouched else _validator(schema)
    suffix = "(the example must pass its own model)"
    for error in validator.iter_errors(example) if validator is not None else ():
        path = ["example", *error.absolute_path]
        error_schema: Any = error.schema
        if error.validator == "additionalProperties":
            known = error_schema.get("properties", {})
            for key in sorted(set(error.instance) - set(known)):
                where = dotted([*path, key])
                report.at([*path, key], "E202", f"{where}: unknown field {suffix}", key=True)
            continue
        message = error.message
        if error.validator == "enum":
            allowed = ", ".join(repr(v) for v in error.validator_value if v is not None)
            message = f"{error.instance!r} is not one of {allowed}"
        elif error.schema_path and error.schema_path[0] == "allOf":
            message = str(error_schema.get("description", message))
        report.at(path, "E202", f"{dotted(path)}: {message} {suffix}")
    for rule in report.model.rules:
        if not rule_in_schema(report.model, rule) and rule_kind(rule).violated(rule, example):
            report.at(["example"], "E202", f"example: {rule.describe()} {suffix}")
    if report.problems:
        return
    hub_form = report.model.hub_example()
    if hub_form == dict(example) or (vouch is not None and vouch.instance(schema, hub_form)):
        return
    for error in (validator or _validator(schema)).iter_errors(hub_form):
        where = dotted(["example", *error.absolute_path])
        report.at(
            ["example"],
            "E202",
            f"{where}: {error.message} (the example with its images as image_urls, "
            "as the docs show it, must pass its own model)",
        )


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    # jsonschema loads only when a model is checked and nothing vouched for its example.
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    from ..formats import format_checker  # noqa: PLC0415

    return Draft202012Validator(schema, format_checker=format_checker())

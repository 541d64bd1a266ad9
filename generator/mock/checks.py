"""The mock hub's input checks: each model's JSON Schema plus what it cannot say.

Problems carry the field, the rule and the message under the same names hub_sdk's
`InputError` uses, so a 422 from the mock reads like a client-side rejection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..catalog.constraints import BY_KEYWORD
from ..catalog.images import IMAGE_URLS
from ..catalog.model import ModelSpec
from ..catalog.rules import rule_kind
from ..catalog.shape import suggest
from ..catalog.words import join_words
from ..documents.input_schema import input_schema, rule_in_schema
from ..formats import format_checker

_RULES = {
    "required": "required",
    "enum": "enum",
    **{keyword: c.key for keyword, c in BY_KEYWORD.items()},
    "type": "type",
    "format": "format",
}


@dataclass(frozen=True)
class Problem:
    field: str
    rule: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


def _dotted(path: Iterable[Any]) -> str:
    return ".".join(str(part) for part in path)


class InputChecker:
    """Checks one model's hub-facing input and maps its images upstream."""

    def __init__(self, model: ModelSpec) -> None:
        self.model = model
        self.schema = input_schema(model)
        self.validator = Draft202012Validator(self.schema, format_checker=format_checker())
        self.unsaid = tuple(r for r in model.rules if not rule_in_schema(model, r))
        """Rules the JSON Schema cannot say: checked here as hub_sdk checks them."""

    def problems(self, input: Mapping[str, Any]) -> list[Problem]:
        found: list[Problem] = []
        for error in sorted(self.validator.iter_errors(input), key=lambda e: list(e.path)):
            found += self._convert(error)
        for rule in self.unsaid:
            if rule_kind(rule).violated(rule, self.upstream(input)):
                found.append(Problem(", ".join(rule.fields), rule.kind, rule.describe()))
        return found

    def _convert(self, error: ValidationError) -> list[Problem]:
        where = _dotted(error.absolute_path)
        kind = str(error.validator)
        schema: Any = error.schema
        instance: Any = error.instance
        expected: Any = error.validator_value
        if error.schema_path and error.schema_path[0] == "allOf":
            branch = self.schema["allOf"][int(error.schema_path[1])]
            check = branch["x-hub-check"]
            return [Problem(check["field"], check["rule"], branch["description"])]
        if kind == "additionalProperties":
            known = list(schema.get("properties", {}))
            out = []
            for key in sorted(set(instance) - set(known)):
                field = _dotted([*error.absolute_path, key])
                if field == IMAGE_URLS and self.model.images is None:
                    message = f"{self.model.id} takes no images"
                else:
                    message = f"unknown field{suggest(key, known)}"
                out.append(Problem(field, "unknown_field", message))
            return out
        if kind == "required":
            missing = [k for k in expected if k not in instance]
            message = "required parameter is missing"
            return [
                Problem(_dotted([*error.absolute_path, k]), "required", message) for k in missing
            ]
        if kind == "enum":
            allowed = join_words([repr(v) for v in expected if v is not None], "or")
            message = f"{instance!r} is not allowed; allowed values: {allowed}"
            return [Problem(where or "input", "enum", message)]
        rule = _RULES.get(kind, kind)
        if kind == "format":
            message = f"must be an absolute URI such as https://... (got {instance!r})"
        elif kind in BY_KEYWORD:
            size = len(instance) if isinstance(instance, (str, list)) else instance
            message = f"must be {BY_KEYWORD[kind].words.format(expected)} (got {size!r})"
        else:
            message = error.message
        return [Problem(where or "input", rule, message)]

    def upstream(self, input: Mapping[str, Any]) -> dict[str, Any]:
        """The input as the upstream model takes it: image_urls on the model's fields."""
        values = {k: v for k, v in input.items() if v is not None}
        images = self.model.images
        if images is None or images.is_passthrough or IMAGE_URLS not in values:
            return values
        urls = values.pop(IMAGE_URLS)
        if images.slots:
            for name, url in zip(images.slots, urls, strict=False):
                values[name] = url
        elif images.list_field is not None:
            values[images.list_field] = urls
        return values

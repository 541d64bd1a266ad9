"""validate_input / to_fal_input: the catalog's models behind one function each."""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from pydantic import ValidationError

from .._registry import MODELS
from ._base import RULES_ERROR, HubInput
from ._errors import InputError, Problem
from ._limits import LIMITS

_RULE_NAMES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "literal_error": "enum",
    **{error: limit.rule for error, limit in LIMITS.items()},
    "uri_format": "format",
}


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def _did_you_mean(name: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


@cache
def model_class(model_id: str) -> type[HubInput]:
    """The request model class of `model_id` (imported on first use)."""
    entry = MODELS.get(model_id)
    if entry is None:
        message = f"unknown model {model_id!r}{_did_you_mean(model_id, MODELS)}"
        raise InputError(model_id, [Problem("model", "unknown_model", message)])
    module = importlib.import_module(f"{__package__.rpartition('.')[0]}.models.{entry.module}")
    cls: type[HubInput] = getattr(module, entry.class_name)
    return cls


def _field_names(cls: type[Any]) -> list[str]:
    return [info.alias or name for name, info in cls.model_fields.items()]


def _problems(cls: type[HubInput], exc: ValidationError) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        kind = error["type"]
        loc = ".".join(str(part) for part in error["loc"])
        ctx = error.get("ctx") or {}
        if kind == RULES_ERROR:
            problems += [
                Problem(fields, rule, message) for rule, fields, message in ctx["violations"]
            ]
            continue
        rule = _RULE_NAMES.get(kind, "type" if kind.endswith("_type") else kind)
        value = error.get("input")
        if kind == "extra_forbidden":
            known = _field_names(cls) if len(error["loc"]) == 1 else []
            message = f"unknown field{_did_you_mean(str(error['loc'][-1]), known)}"
            if known and "image_urls" not in known and loc == "image_urls":
                message = f"{cls.hub_model_id} takes no images"
        elif kind == "missing":
            message = "required parameter is missing"
        elif kind == "literal_error":
            message = f"{_short(value)} is not allowed; allowed values: {ctx.get('expected')}"
        elif kind == "uri_format":
            message = f"{error['msg']} (got {_short(value)})"
        elif kind in LIMITS:
            limit = LIMITS[kind]
            size = len(value) if isinstance(value, (str, list)) else value
            message = f"must be {limit.words.format(ctx.get(limit.context))} (got {_short(size)})"
        else:
            message = f"{error['msg']} (got {_short(value)})"
        problems.append(Problem(loc or "input", rule, message))
    return problems


def _validated(model_id: str, input: Mapping[str, Any]) -> HubInput:
    cls = model_class(model_id)
    if type(input) is not dict:  # a plain dict is the common case: no ABC check, no copy
        if not isinstance(input, Mapping):
            got = type(input).__name__
            problem = Problem("input", "type", f"expected a mapping, got {got}")
            raise InputError(model_id, [problem])
        input = dict(input)
    try:
        # model_validate without its keyword handling: this runs on every request.
        validated: HubInput = cls.__pydantic_validator__.validate_python(input)
    except ValidationError as exc:
        raise InputError(model_id, _problems(cls, exc)) from exc
    return validated


def validate_input(
    model_id: str, input: Mapping[str, Any], *, fill_defaults: bool = False
) -> dict[str, Any]:
    """Check `input` against `model_id` and return it as the hub takes it.

    Omitted parameters stay omitted (the hub applies its defaults) unless
    `fill_defaults` is true. Raises `InputError` naming every problem.
    """
    return _validated(model_id, input).to_input(fill_defaults=fill_defaults)


def to_fal_input(
    model_id: str, input: Mapping[str, Any], *, fill_defaults: bool = False
) -> dict[str, Any]:
    """Validate `input` and return the upstream payload: image_urls mapped onto the
    model's own fields. Raises `InputError` naming every problem."""
    return _validated(model_id, input).to_upstream(fill_defaults=fill_defaults)

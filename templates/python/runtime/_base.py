"""What every generated request model is built on.

A generated model declares its fields (pydantic) and, as class data, its image mapping
and cross-field rules; `HubInput` checks both after the fields validate, on the upstream
view of the input (image_urls already mapped), and reports every violation at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

IMAGE_URLS = "image_urls"
RULES_ERROR = "hub_rules"

URI_ERROR = "uri_format"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_SPACE = re.compile(r"\s")  # what str.isspace() calls a space
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~%!$&'()*+,;=:@-]+(?:[/?#].*)?", re.S)


def is_uri(value: str) -> bool:
    """An absolute URI: a scheme, then something, no spaces or control characters."""
    if not value.isprintable() or _SPACE.search(value):
        return False
    if _PLAIN.fullmatch(value):
        return True  # scheme://host...: what urlsplit below accepts, without calling it
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(_SCHEME.fullmatch(parts.scheme) and (parts.netloc or parts.path))


def _uri(value: str) -> str:
    if not is_uri(value):
        raise PydanticCustomError(URI_ERROR, "must be an absolute URI such as https://...")
    return value


Uri = Annotated[str, AfterValidator(_uri)]
"""A string parameter of format uri."""


def _integral(value: Any) -> Any:
    """5.0 is an integer, as JSON Schema (and so the hub's schema) counts it."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


Integer = Annotated[int, BeforeValidator(_integral)]
"""An integer parameter: an int, or a float with no fractional part (sent as an int)."""

Violation = tuple[str, str, str]
"""(rule, fields, message)"""


def _given(values: Mapping[str, Any], name: str) -> bool:
    return values.get(name) is not None


def _filled(values: Mapping[str, Any], name: str) -> bool:
    """Given, for a cross-field rule: an empty list is not "provided"."""
    value = values.get(name)
    return value is not None and not (isinstance(value, list) and not value)


def _given_fields(rule: Rule, values: Mapping[str, Any]) -> list[str]:
    return [name for name in rule.fields if _filled(values, name)]


def _total(rule: Rule, values: Mapping[str, Any]) -> int:
    return sum(len(values.get(name) or ()) for name in rule.fields)


RULE_CHECKS: dict[str, Callable[[Rule, Mapping[str, Any]], bool]] = {
    "exactly_one_of": lambda rule, values: len(_given_fields(rule, values)) != 1,
    "not_both": lambda rule, values: len(_given_fields(rule, values)) > 1,
    "requires": lambda rule, values: (
        rule.when is not None and _filled(values, rule.when) and not _given_fields(rule, values)
    ),
    "max_total_items": lambda rule, values: (
        rule.max is not None and _total(rule, values) > rule.max
    ),
}
"""Whether a rule is violated, by rule kind (the kinds of generator/catalog/rules.py)."""


@dataclass(frozen=True)
class Rule:
    """A cross-field constraint, checked on the upstream payload."""

    kind: str
    fields: tuple[str, ...]
    message: str
    when: str | None = None
    max: int | None = None

    def violated(self, values: Mapping[str, Any]) -> bool:
        check = RULE_CHECKS.get(self.kind)
        if check is None:
            raise ValueError(f"unknown rule kind {self.kind!r}")
        return check(self, values)


@dataclass(frozen=True)
class ImageSlots:
    """image_urls[i] becomes the upstream field slots[i]."""

    slots: tuple[str, ...]
    required: tuple[str, ...] = ()

    def violations(self, values: Mapping[str, Any]) -> list[Violation]:
        urls = values.get(IMAGE_URLS) or []
        out: list[Violation] = []
        for index, name in enumerate(self.slots):
            if index < len(urls) and _given(values, name):
                message = f"image_urls[{index}] and {name} fill the same slot; pass one of them"
                out.append(("image_slot", f"{IMAGE_URLS}, {name}", message))
            elif name in self.required and index >= len(urls) and not _given(values, name):
                message = f"required: pass {name}, or image_urls with at least {index + 1} image(s)"
                out.append(("required", name, message))
        return out

    def apply(self, values: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in values.items() if k != IMAGE_URLS}
        for name, url in zip(self.slots, values.get(IMAGE_URLS) or [], strict=False):
            out[name] = url
        return out


@dataclass(frozen=True)
class ImageList:
    """The whole image_urls list becomes the upstream array field `target`."""

    target: str
    required: bool = False

    def violations(self, values: Mapping[str, Any]) -> list[Violation]:
        if _given(values, IMAGE_URLS) and _given(values, self.target):
            message = f"image_urls and {self.target} are the same list; pass one of them"
            return [("image_slot", f"{IMAGE_URLS}, {self.target}", message)]
        if self.required and not (_given(values, IMAGE_URLS) or _given(values, self.target)):
            return [("required", self.target, f"required: pass {self.target} or image_urls")]
        return []

    def apply(self, values: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in values.items() if k != IMAGE_URLS}
        if _given(values, IMAGE_URLS):
            out[self.target] = values[IMAGE_URLS]
        return out


class HubItem(BaseModel):
    """An object nested in a parameter (e.g. one shot of a multi-shot prompt)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_by_name=True, validate_by_alias=True
    )


class HubInput(HubItem):
    """A model's hub-facing `input`: its upstream table plus `image_urls`."""

    hub_model_id: ClassVar[str] = ""
    hub_images: ClassVar[ImageSlots | ImageList | None] = None
    hub_rules: ClassVar[tuple[Rule, ...]] = ()
    _hub_keys_cache: ClassVar[tuple[tuple[str, str], ...] | None] = None

    @model_validator(mode="after")
    def _check_images_and_rules(self) -> HubInput:
        cls = type(self)
        images, rules = cls.hub_images, cls.hub_rules
        if images is None and not rules:
            return self
        # The fields given, by their hub names. The checks look only at which fields are
        # given and how many items a list holds, so values are taken as they are: no
        # dump of the whole model on every validation.
        fields, given_names = self.__dict__, self.model_fields_set
        given = {
            key: fields[name]
            for name, key in cls._hub_keys()
            if name in given_names and fields[name] is not None
        }
        found: list[Violation] = images.violations(given) if images else []
        if rules:
            upstream = images.apply(given) if images else given
            for rule in rules:
                if rule.violated(upstream):
                    found.append((rule.kind, ", ".join(rule.fields), rule.message))
        if found:
            context = {"summary": "; ".join(m for _, _, m in found), "violations": found}
            raise PydanticCustomError(RULES_ERROR, "{summary}", context)
        return self

    @classmethod
    def _hub_keys(cls) -> tuple[tuple[str, str], ...]:
        """(attribute, hub name) of every field, computed once per class."""
        keys = cls.__dict__.get("_hub_keys_cache")
        if keys is None:
            keys = tuple((name, field.alias or name) for name, field in cls.model_fields.items())
            cls._hub_keys_cache = keys
        return keys

    def to_input(self, *, fill_defaults: bool = False) -> dict[str, Any]:
        """The input as the hub takes it: upstream names, omitted fields left out."""
        # model_dump without its keyword handling: this runs on every request.
        dumped: dict[str, Any] = self.__pydantic_serializer__.to_python(
            self, by_alias=True, exclude_unset=not fill_defaults, exclude_none=True
        )
        return dumped

    def to_upstream(self, *, fill_defaults: bool = False) -> dict[str, Any]:
        """The payload the upstream model takes: image_urls mapped onto its own fields."""
        values = self.to_input(fill_defaults=fill_defaults)
        images = type(self).hub_images
        return images.apply(values) if images else values

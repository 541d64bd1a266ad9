"""The typed, validated catalog: what every target renders from.

Built by `load_catalog` from the spec files once every check has passed; immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

IMAGE_URLS = "image_urls"


def page_order(name: str) -> tuple[int, str]:
    """The hub lists parameters by name length, then by name; so do we."""
    return (len(name), name)


def join_words(names: tuple[str, ...] | list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


@dataclass(frozen=True)
class Parameter:
    """One upstream parameter, as the hub documents it."""

    name: str
    type: str
    required: bool = False
    has_default: bool = False
    default: Any = None
    values: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    format: str | None = None
    description: str = ""
    api_only: bool = False
    items: Parameter | None = None
    properties: tuple[Parameter, ...] = ()


@dataclass(frozen=True)
class ImageMapping:
    """How the hub-facing `image_urls` lands on the model's upstream fields.

    Either `slots` (image_urls[i] -> slots[i]) or `list_field` (the whole list -> that
    array field); `min`/`max` bound len(image_urls) whenever it is given.
    """

    min: int
    max: int | None
    slots: tuple[str, ...] = ()
    list_field: str | None = None

    def slot_index(self, name: str) -> int | None:
        return self.slots.index(name) if name in self.slots else None

    @property
    def targets(self) -> tuple[str, ...]:
        if self.slots:
            return self.slots
        return (self.list_field,) if self.list_field else ()

    @property
    def is_passthrough(self) -> bool:
        """True when the upstream field is itself called image_urls."""
        return self.list_field == IMAGE_URLS

    def count_text(self) -> str:
        if self.max is None:
            return f"at least {self.min}" if self.min else "any number of"
        if self.min == self.max:
            return str(self.min)
        return f"{self.min}–{self.max}" if self.min else f"up to {self.max}"

    def document(self) -> dict[str, Any]:
        """The mapping as data: min, max, and slots or list."""
        out: dict[str, Any] = {"min": self.min, "max": self.max}
        if self.slots:
            out["slots"] = list(self.slots)
        else:
            out["list"] = self.list_field
        return out

    def count_phrase(self) -> str:
        """'1 image', 'up to 9 images', ..."""
        return f"{self.count_text()} {'image' if self.max == 1 else 'images'}"

    def describe(self) -> str:
        if self.slots:
            where = ", ".join(f"image_urls[{i}] → {name}" for i, name in enumerate(self.slots))
            return f"Takes {self.count_phrase()}: {where}."
        if self.is_passthrough:
            return f"Takes {self.count_phrase()}, passed upstream as image_urls."
        return f"Takes {self.count_phrase()}: the whole list → {self.list_field}."


@dataclass(frozen=True)
class Rule:
    """A cross-field constraint that the parameter table alone cannot say."""

    kind: str
    fields: tuple[str, ...]
    when: str | None = None
    max: int | None = None

    def document(self) -> dict[str, Any]:
        """The rule as data, with its plain-words description."""
        out: dict[str, Any] = {"kind": self.kind, "fields": list(self.fields)}
        if self.when is not None:
            out["if"] = self.when
        if self.max is not None:
            out["max"] = self.max
        out["description"] = self.describe()
        return out

    def describe(self) -> str:
        """The rule in plain words, as its kind words it (catalog/rules.py)."""
        from .rules import RULE_KINDS  # noqa: PLC0415 (rules.py builds on this module)

        return RULE_KINDS[self.kind].describe(self)


@dataclass(frozen=True)
class ModelSpec:
    """One catalog model: identity, upstream table, image mapping, rules, example."""

    id: str
    name: str
    vendor: str
    capability: str
    """One of the hub's declared capabilities: it picks the endpoint and the SDK resource."""
    mode: str | None
    """One of the modes its capability lists; None when the capability lists none."""
    summary: str
    parameters: tuple[Parameter, ...]
    images: ImageMapping | None
    rules: tuple[Rule, ...]
    example: Mapping[str, Any]
    source: str
    """The spec file, as `specs/models/<id>.yaml` (stable, for headers)."""
    bases: tuple[str, ...] = ()

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def input_parameters(self) -> tuple[Parameter, ...]:
        """The hub-facing `input` fields: the upstream table plus image_urls.

        Upstream fields that image_urls can fill become optional here (the caller may pass
        either form); a pass-through image_urls takes its item count from the mapping.
        """
        images = self.images
        if images is None:
            return self.parameters
        fields: list[Parameter] = []
        for param in self.parameters:
            if images.is_passthrough and param.name == IMAGE_URLS:
                counted = max(images.min, param.min_items or 0) or None
                limit = _smaller(images.max, param.max_items)
                fields.append(replace(param, min_items=counted, max_items=limit))
            elif param.name in images.targets:
                fields.append(replace(param, required=False))
            else:
                fields.append(param)
        if not images.is_passthrough:
            fields.append(
                Parameter(
                    name=IMAGE_URLS,
                    type="array",
                    items=Parameter(name="item", type="string", format="uri"),
                    min_items=images.min or None,
                    max_items=images.max,
                    description=f"Images, as URLs. {images.describe()}",
                )
            )
        return tuple(sorted(fields, key=lambda p: page_order(p.name)))

    def hub_example(self) -> dict[str, Any]:
        """The example as callers pass it: images under image_urls, in the slot order.

        Slot fields are moved into image_urls while they fill slots 0, 1, ... without a
        gap; a field after a gap stays as it is (both forms reach the hub).
        """
        example = dict(self.example)
        images = self.images
        if images is None or images.is_passthrough:
            return example
        if images.list_field is not None:
            if images.list_field not in example:
                return example
            return {(IMAGE_URLS if k == images.list_field else k): v for k, v in example.items()}
        moved: list[str] = []
        for name in images.slots:
            if name not in example:
                break
            moved.append(name)
        if not moved:
            return example
        urls = [example[name] for name in moved]
        out: dict[str, Any] = {}
        for key, value in example.items():
            if key == moved[0]:
                out[IMAGE_URLS] = urls
            elif key not in moved:
                out[key] = value
        return out

    def required_slots(self) -> tuple[str, ...]:
        """Upstream fields that must be filled, directly or through image_urls."""
        if self.images is None or self.images.is_passthrough:
            return ()
        return tuple(
            name
            for name in self.images.targets
            if (param := self.parameter(name)) is not None and param.required
        )


def _smaller(a: int | None, b: int | None) -> int | None:
    present = [x for x in (a, b) if x is not None]
    return min(present) if present else None


@dataclass(frozen=True)
class Endpoint:
    id: str
    method: str
    path: str
    summary: str
    query: tuple[str, ...] = ()


@dataclass(frozen=True)
class Capability:
    """One kind of generation the hub serves, behind its own POST endpoint."""

    name: str
    path: str
    summary: str
    modes: tuple[str, ...]


@dataclass(frozen=True)
class TaskField:
    name: str
    type: str
    description: str
    format: str | None = None
    example: Any = None
    required: bool = False
    """Present in every task answer."""
    aliases: tuple[str, ...] = ()
    """Other names a hub may answer this field under (read, never written)."""


@dataclass(frozen=True)
class Polling:
    """How clients poll a task: capped exponential backoff with jitter, and which
    statuses end the wait."""

    interval: float
    max_interval: float
    backoff: float
    jitter: float
    timeout: float
    running: tuple[str, ...]
    """Not finished yet, in lifecycle order (the mock hub walks them)."""
    succeeded: tuple[str, ...]
    failed: tuple[str, ...]


@dataclass(frozen=True)
class HubSpec:
    """The hub's own surface: base URL, auth, endpoints and the task object."""

    name: str
    base_url: str
    auth_header: str
    auth_env: str
    endpoints: tuple[Endpoint, ...]
    capabilities: tuple[Capability, ...]
    """In the order specs/hub.yaml declares them."""
    task: tuple[TaskField, ...]
    source: str
    polling: Polling
    base_url_env: str = "HUB_BASE_URL"
    sdk_package: str = "hub-sdk"
    sdk_version: str = "0.0.0"

    def endpoint(self, endpoint_id: str) -> Endpoint:
        """One of the endpoints the spec schema requires (list_models, get_model, get_task)."""
        return next(e for e in self.endpoints if e.id == endpoint_id)

    def capability(self, name: str) -> Capability:
        """A declared capability (lint has checked that every model's is one)."""
        return next(c for c in self.capabilities if c.name == name)

    @property
    def capability_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.capabilities)


@dataclass(frozen=True)
class Catalog:
    hub: HubSpec
    models: tuple[ModelSpec, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    """Every spec file read, display path -> its text (for provenance)."""

    def model(self, model_id: str) -> ModelSpec | None:
        return next((m for m in self.models if m.id == model_id), None)

    def models_of(self, capability: str) -> tuple[ModelSpec, ...]:
        """The models behind one capability's endpoint, by id."""
        return tuple(m for m in self.models if m.capability == capability)

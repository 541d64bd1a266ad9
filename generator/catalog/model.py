"""The typed, validated catalog: one model (`ModelSpec`), and the `Catalog` of the hub
and its models that every target renders from.

Built by `load_catalog` from the spec files once every check has passed; immutable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .hub import HubSpec
from .images import IMAGE_URLS, ImageMapping
from .parameter import Parameter, page_order
from .rules import Rule


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
        Worked out once per model (the checks, the documents and every target ask).
        """
        return self._input_parameters

    @cached_property
    def _input_parameters(self) -> tuple[Parameter, ...]:
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

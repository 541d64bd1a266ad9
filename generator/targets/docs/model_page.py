"""What a model's page says of its input, as plain text: the parameter table, the limits
and rules in words, and how `image_urls` lands on its fields; the page as its template
takes it, and its path under docs/."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...catalog import ModelSpec, Parameter
from ...catalog.constraints import UNITS, span
from ...catalog.words import join_words
from .cells import EMPTY, cell, values_cell

API_ONLY = " Note: API-only parameter."


@dataclass(frozen=True)
class Row:
    """One row of a model's parameter table, in the page's six columns."""

    name: str
    type: str
    req: str
    default: str
    values: str
    description: str


def table_rows(model: ModelSpec) -> list[Row]:
    return [
        Row(
            name=p.name,
            type=p.type,
            req="✓" if p.required else EMPTY,
            default=cell(p.default) if p.has_default else EMPTY,
            values=values_cell(p.values),
            description=(p.description + API_ONLY if p.api_only else p.description) or EMPTY,
        )
        for p in model.parameters
    ]


def _limits(param: Parameter) -> str | None:
    for unit in UNITS:
        low, high = span(param, unit)
        suffix = f" {unit}" if unit else ""
        if low is not None and high is not None:
            return f"from {low} to {high}{suffix}"
        if low is not None:
            return f"at least {low}{suffix}"
        if high is not None:
            return f"at most {high}{suffix}"
    return None


def constraints(model: ModelSpec) -> list[str]:
    """The model's limits and cross-field rules, in plain words."""
    out: list[str] = []
    for param in model.parameters:
        limit = _limits(param)
        if limit:
            out.append(f"{param.name}: {limit}.")
    if model.images is not None:
        out.append(f"image_urls: {model.images.count_phrase()}.")
    out += [rule.describe() for rule in model.rules]
    return out


def images_text(model: ModelSpec) -> list[str]:
    """How `image_urls` lands on this model's fields, as sentences."""
    images = model.images
    if images is None:
        return ["This model takes no images; a request with image_urls is refused."]
    out = [f"Pass images as image_urls. {images.describe()}"]
    if images.slots:
        fields = join_words(list(images.slots))
        out.append(
            f"The upstream field{'s' if len(images.slots) > 1 else ''} {fields} may be "
            "passed directly instead; a slot takes one or the other, not both."
        )
    elif not images.is_passthrough:
        out.append(f"{images.list_field} may be passed directly instead of image_urls, not both.")
    required = model.required_slots()
    if required:
        out.append(f"Required: {join_words(list(required))}, directly or through image_urls.")
    return out


@dataclass(frozen=True)
class Page:
    model: ModelSpec
    path: str
    rows: list[Row]
    images: list[str]
    constraints: list[str]
    request: dict[str, Any]
    curl: str
    python: str
    typescript: str


def page_path(model: ModelSpec) -> str:
    return f"models/{model.id}.md"

"""Typed answers of the model endpoints (the shape `GET /hub/v1/models/{id}` documents)."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    # A hub may add fields before the SDK knows them: keep them, do not fail.
    model_config = ConfigDict(extra="allow", frozen=True)


class ModelSummary(_Answer):
    """One entry of `GET /hub/v1/models` (its id under `id` or `model`)."""

    id: str = Field(validation_alias=AliasChoices("id", "model"))
    name: str | None = None
    vendor: str | None = None
    capability: str | None = None
    mode: str | None = None
    summary: str | None = None


class ParameterInfo(_Answer):
    """One row of a model's parameter table."""

    name: str
    type: str
    required: bool = False
    default: Any = None
    values: list[Any] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    format: str | None = None
    description: str = ""
    api_only: bool = False
    items: ParameterInfo | None = None
    properties: list[ParameterInfo] | None = None


class ImagesInfo(_Answer):
    """How image_urls maps onto the model's fields."""

    min: int = 0
    max: int | None = None
    slots: list[str] | None = None
    list_field: str | None = Field(default=None, alias="list")


class ModelInfo(ModelSummary):
    """`GET /hub/v1/models/{id}`. The hub documents only `input_schema` and `example`; the
    parameter table, image mapping and rules are read when it sends them (else empty)."""

    parameters: list[ParameterInfo] = Field(default_factory=list)
    images: ImagesInfo | None = None
    rules: list[dict[str, Any]] = Field(default_factory=list)
    input_schema: dict[str, Any] | None = None
    example: dict[str, Any] | None = None

"""`docs/`: one page per model, an index with a comparison matrix, and `mkdocs.yml`.

Everything a page shows is computed here as plain text; the templates lay it out and
escape it per Markdown cell through the `md_cell` filter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec, Parameter
from ..catalog.model import IMAGE_URLS, HubSpec, join_words
from ..naming import attribute_name
from ..pyformat import Call, statement
from ..render import render
from ..wire import model_document
from . import Files
from .python import RESERVED_KEYWORDS

DOCS = PurePosixPath("docs")
EMPTY = "–"
API_ONLY = " Note: API-only parameter."


def cell(value: Any) -> str:
    """A table value as the reference page prints it: JSON-ish scalars, – when empty."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def values_cell(values: tuple[Any, ...] | None) -> str:
    """Allowed values space-separated, as the page writes them."""
    return " ".join(cell(v) for v in values) if values else EMPTY


def compact_values(values: tuple[Any, ...] | None) -> str:
    """Like values_cell, but a run of three or more consecutive integers as 'a–b'."""
    if not values:
        return EMPTY
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return values_cell(values)
    ints = sorted(values)
    parts: list[str] = []
    start = prev = ints[0]
    for value in [*ints[1:], None]:
        if value is not None and value == prev + 1:
            prev = value
            continue
        if prev - start >= 2:
            parts.append(f"{start}–{prev}")
        else:
            parts.extend(str(v) for v in range(start, prev + 1))
        if value is not None:
            start = prev = value
    return " ".join(parts)


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
    def span(low: Any, high: Any, unit: str) -> str | None:
        if low is not None and high is not None:
            return f"from {low} to {high}{unit}"
        if low is not None:
            return f"at least {low}{unit}"
        if high is not None:
            return f"at most {high}{unit}"
        return None

    return (
        span(param.minimum, param.maximum, "")
        or span(param.min_length, param.max_length, " characters")
        or span(param.min_items, param.max_items, " items")
    )


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


def curl_command(hub: HubSpec, path: str, request: dict[str, Any]) -> str:
    """A curl call with the body in a quoted here-document: no shell quoting to get wrong."""
    body = json.dumps(request, indent=2, ensure_ascii=False)
    return (
        f'curl -sS -X POST "${hub.base_url_env}{path}" \\\n'
        f'  -H "{hub.auth_header}: Bearer ${hub.auth_env}" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  --data-binary @- <<'JSON'\n{body}\nJSON"
    )


def python_call(model: ModelSpec) -> str:
    """The example through hub_sdk's client: keywords where every name can be one."""
    example = model.hub_example()
    resource = f"client.{model.capability}"
    if all(attribute_name(key) == key and key not in RESERVED_KEYWORDS for key in example):
        kwargs = (("model", model.id), *example.items())
        call = Call(f"{resource}.generate_and_wait", (), tuple(kwargs))
    else:
        call = Call(f"{resource}.submit", (model.id, example))
    lines = [
        "from hub_sdk import HubClient",
        "",
        "# The token and base URL come from HUB_API_KEY and HUB_BASE_URL.",
        "with HubClient() as client:",
        statement("task = ", call, indent=4),
        "    print(task.status, task.output_urls())",
    ]
    return "\n".join(lines)


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


@dataclass(frozen=True)
class Listing:
    """A model as the index lists it: the model and its page's path."""

    model: ModelSpec
    path: str


@dataclass(frozen=True)
class MatrixRow:
    id: str
    path: str
    durations: str
    resolutions: str
    aspect_ratios: str
    audio: str
    images: str


@dataclass(frozen=True)
class Group:
    title: str
    mode: str
    pages: list[Listing]


def _values_of(model: ModelSpec, name: str) -> str:
    param = model.parameter(name)
    if param is None:
        return EMPTY
    return compact_values(param.values) if param.values else f"any {param.type}"


def matrix_row(page: Listing) -> MatrixRow:
    model = page.model
    audio = model.parameter("generate_audio")
    images = model.images
    return MatrixRow(
        id=model.id,
        path=page.path,
        durations=_values_of(model, "duration"),
        resolutions=_values_of(model, "resolution"),
        aspect_ratios=_values_of(model, "aspect_ratio"),
        audio=(
            "no" if audio is None else f"yes (default {'on' if audio.default is True else 'off'})"
        ),
        images="none" if images is None else images.count_text(),
    )


def mode_title(mode: str | None) -> str:
    """'text-to-video' -> 'Text-to-video'."""
    return mode[:1].upper() + mode[1:] if mode else "All models"


def groups(pages: list[Listing], modes: tuple[str, ...]) -> list[Group]:
    """One capability's pages by mode, in the order hub.yaml lists its modes."""
    out = []
    for mode in modes or (None,):
        members = [p for p in pages if p.model.mode == mode]
        if members:
            out.append(Group(mode_title(mode), mode or "", members))
    return out


def page_path(model: ModelSpec) -> str:
    return f"models/{model.id}.md"


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    """The model's page."""
    request = {"model": model.id, "input": model.hub_example()}
    page = Page(
        model=model,
        path=page_path(model),
        rows=table_rows(model),
        images=images_text(model),
        constraints=constraints(model),
        request=request,
        curl=curl_command(hub, hub.capability(model.capability).path, request),
        python=python_call(model),
    )
    return {DOCS / page.path: render(env, "docs/model.md.jinja", page=page, hub=hub)}


def catalog_files(catalog: Catalog, env: Environment) -> Files:
    """The index with its comparison matrix, the API page and mkdocs.yml."""
    hub = catalog.hub
    ordered = []
    for capability in hub.capabilities:
        pages = [Listing(model, page_path(model)) for model in catalog.models_of(capability.name)]
        ordered += groups(pages, capability.modes)
    matrix = [matrix_row(p) for group in ordered for p in group.pages]
    context = {"hub": hub, "groups": ordered, "matrix": matrix, "image_field": IMAGE_URLS}
    files: Files = {DOCS / "index.md": render(env, "docs/index.md.jinja", **context)}
    sample = model_document(catalog.models[0])
    sample["input_schema"] = {"...": "the JSON Schema of the input, as schemas/<id>.json"}
    files[DOCS / "api.md"] = render(
        env,
        "docs/api.md.jinja",
        hub=hub,
        sample=sample,
        capabilities=hub.capabilities,
        task_path=hub.endpoint("get_task").path,
        model_path=hub.endpoint("get_model").path,
    )
    files[PurePosixPath("mkdocs.yml")] = render(env, "docs/mkdocs.yml.jinja", **context)
    return files

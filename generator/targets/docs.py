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
from ..catalog.constraints import UNITS, span
from ..catalog.hub import Capability, HubSpec
from ..catalog.images import IMAGE_URLS
from ..catalog.parameter import page_order
from ..catalog.words import join_words
from ..documents.wire import model_document
from ..naming import attribute_name
from ..render.environment import render
from ..render.layout import Call, statement
from . import Files
from .python import RESERVED_KEYWORDS
from .typescript import typescript_call

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
    typescript: str


@dataclass(frozen=True)
class Listing:
    """A model as the index lists it: the model and its page's path."""

    model: ModelSpec
    path: str


@dataclass(frozen=True)
class Column:
    """One column of a capability's comparison matrix: a parameter its models share."""

    name: str
    title: str


@dataclass(frozen=True)
class MatrixRow:
    id: str
    path: str
    cells: list[str]


@dataclass(frozen=True)
class Group:
    title: str
    mode: str
    pages: list[Listing]


@dataclass(frozen=True)
class Section:
    """One capability on the index: its endpoint, its models by mode, its matrix."""

    capability: Capability
    title: str
    groups: list[Group]
    columns: list[str]
    matrix: list[MatrixRow]


MAX_COLUMNS = 4
IMAGES_COLUMN = "Images"


def _comparable(param: Parameter) -> bool:
    """A parameter worth a matrix column: allowed values to list, or an on/off switch."""
    return bool(param.values) or param.type == "boolean"


def matrix_columns(models: tuple[ModelSpec, ...] | list[ModelSpec]) -> list[Column]:
    """The parameters with allowed values or a boolean that at least half of `models`
    share: the MAX_COLUMNS most shared, in page order."""
    counts: dict[str, int] = {}
    for model in models:
        for param in model.parameters:
            if _comparable(param):
                counts[param.name] = counts.get(param.name, 0) + 1
    shared = [name for name, count in counts.items() if 2 * count >= len(models)]
    shared.sort(key=lambda name: (-counts[name], page_order(name)))
    chosen = sorted(shared[:MAX_COLUMNS], key=page_order)
    return [Column(name, column_title(name)) for name in chosen]


def column_title(name: str) -> str:
    """'aspect_ratio' -> 'Aspect ratio'."""
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def matrix_cell(model: ModelSpec, name: str) -> str:
    """What the model takes for one column's parameter; – when it has no such parameter."""
    param = model.parameter(name)
    if param is None:
        return EMPTY
    if param.values:
        return compact_values(param.values)
    if param.type == "boolean":
        if not param.has_default:
            return "yes"
        return f"yes (default {'on' if param.default is True else 'off'})"
    return f"any {param.type}"


def images_cell(model: ModelSpec) -> str:
    """How many images the model takes, as a phrase: 'none', '1 image', 'up to 9 images'."""
    return "none" if model.images is None else model.images.count_phrase()


def matrix_row(page: Listing, columns: list[Column], with_images: bool) -> MatrixRow:
    model = page.model
    cells = [matrix_cell(model, column.name) for column in columns]
    if with_images:
        cells.append(images_cell(model))
    return MatrixRow(id=model.id, path=page.path, cells=cells)


def mode_title(mode: str | None) -> str:
    """A mode as a heading: its first letter upper-cased."""
    return mode[:1].upper() + mode[1:] if mode else "All models"


def groups(pages: list[Listing], modes: tuple[str, ...]) -> list[Group]:
    """One capability's pages by mode, in the order hub.yaml lists its modes."""
    out = []
    for mode in modes or (None,):
        members = [p for p in pages if p.model.mode == mode]
        if members:
            out.append(Group(mode_title(mode), mode or "", members))
    return out


def section(capability: Capability, models: tuple[ModelSpec, ...]) -> Section:
    pages = [Listing(model, page_path(model)) for model in models]
    ordered = groups(pages, capability.modes)
    columns = matrix_columns(models)
    with_images = any(model.images is not None for model in models)
    titles = [column.title for column in columns] + ([IMAGES_COLUMN] if with_images else [])
    # A matrix of the model column alone compares nothing: left out.
    rows = [matrix_row(p, columns, with_images) for group in ordered for p in group.pages]
    rows = rows if titles else []
    return Section(capability, column_title(capability.name), ordered, titles, rows)


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
        typescript=typescript_call(model, hub),
    )
    return {DOCS / page.path: render(env, "docs/model.md.jinja", page=page, hub=hub)}


def catalog_files(catalog: Catalog, env: Environment) -> Files:
    """The index with its comparison matrix, the API page and mkdocs.yml."""
    hub = catalog.hub
    sections = [section(c, catalog.models_of(c.name)) for c in hub.capabilities]
    context = {"hub": hub, "sections": sections, "image_field": IMAGE_URLS}
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
    files[DOCS / "stylesheets" / "hubgen.css"] = render(env, "docs/hubgen.css.jinja")
    return files

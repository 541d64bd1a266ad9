"""Every model on the hub's reference page, row for row, against the loaded catalog."""

from __future__ import annotations

from typing import Any

import pytest

from generator.catalog import Catalog

from .support.reference_page import EXPECTED_IDS, PageModel, parse_page, parse_row

PAGE = parse_page()


def _page_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_page_parser_sees_every_model() -> None:
    assert sorted(PAGE) == sorted(EXPECTED_IDS)


def test_catalog_holds_exactly_the_page_models(catalog: Catalog) -> None:
    assert sorted(m.id for m in catalog.models) == sorted(EXPECTED_IDS)


@pytest.mark.parametrize("model_id", EXPECTED_IDS)
def test_identity_matches_page(catalog: Catalog, model_id: str) -> None:
    page: PageModel = PAGE[model_id]
    model = catalog.model(model_id)
    assert model is not None
    assert (model.name, model.vendor, model.mode, model.summary) == (
        page.name,
        page.vendor,
        page.mode,
        page.summary,
    )


@pytest.mark.parametrize("model_id", EXPECTED_IDS)
def test_parameter_table_matches_page_row_for_row(catalog: Catalog, model_id: str) -> None:
    model = catalog.model(model_id)
    assert model is not None
    ours = [
        (
            p.name,
            p.type,
            p.required,
            _page_text(p.default) if p.has_default else None,
            [str(v) for v in p.values] if p.values else None,
            p.description,
            p.api_only,
        )
        for p in model.parameters
    ]
    page = [
        (r.name, r.type, r.required, r.default, r.values, r.description, r.api_only)
        for r in PAGE[model_id].rows
    ]
    assert ours == page


@pytest.mark.parametrize("model_id", EXPECTED_IDS)
def test_example_is_the_page_example_verbatim(catalog: Catalog, model_id: str) -> None:
    model = catalog.model(model_id)
    assert model is not None
    assert list(model.example.items()) == list(PAGE[model_id].example.items())


def test_duration_types_per_family(catalog: Catalog) -> None:
    kinds = {m.id: (m.parameter("duration") or pytest.fail(m.id)).type for m in catalog.models}
    assert {kinds[i] for i in EXPECTED_IDS if i.startswith("veo")} == {"string"}
    assert {kinds[i] for i in EXPECTED_IDS if i.startswith(("kling", "seedance"))} == {"string"}
    assert kinds["wan-2.7"] == kinds["wan-2.7-image"] == kinds["wan-2.7-ref"] == "integer"
    veo = catalog.model("veo-3.1")
    assert veo is not None and (veo.parameter("duration") or pytest.fail()).values == (
        "4s",
        "6s",
        "8s",
    )


def test_page_parser_undoes_the_column_shift() -> None:
    shifted = parse_row("duration | string | 8s | 4s 6s 8s | The duration. | |")
    assert (shifted.required, shifted.default, shifted.values) == (False, "8s", ["4s", "6s", "8s"])
    full = parse_row("prompt | string | ✓ | – | – | The prompt |")
    assert (full.required, full.default, full.values, full.description) == (
        True,
        None,
        None,
        "The prompt",
    )

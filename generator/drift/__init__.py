"""Drift: does a live hub's catalog still say what specs/ says, and what changed?

`check_drift` reads the live catalog (fetch.py), puts both sides in one form
(normalize.py), compares them (compare.py) and leaves reporting to report.py.
A catalog that cannot be read, or that shrank suspiciously, is a failed check
(`CheckFailed`, exit 2), never a list of removals.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog
from ..documents.wire import model_document
from ..errors import HubgenError
from .answer_body import FetchError
from .compare import Change, compare_catalogs
from .fetch import LiveCatalog, fetch_catalog
from .from_schema import table_document
from .normalize import Model, Unreadable, basis_of, normalize
from .settings import FetchConfig
from .sync_errors import check_id


class CheckFailed(HubgenError):
    """The check could not be made: unreachable, refused, malformed, or shrunk."""

    exit_code = 2


@dataclass(frozen=True)
class DriftResult:
    changes: list[Change]
    models_checked: int
    requests: int


def spec_models(catalog: Catalog, bases: dict[str, str] | None = None) -> dict[str, Model]:
    """The catalog's models in comparable form; `bases` picks table or schema per id."""
    out = {}
    for model in catalog.models:
        document = model_document(model)
        out[model.id] = normalize(document, (bases or {}).get(model.id, "table"))
    return out


def _live_model(model_id: str, document: object, capability: str | None) -> Model:
    """One answer in comparable form; Unreadable when it cannot be read."""
    if not isinstance(document, dict):
        raise Unreadable("the answer is not a JSON object")
    return normalize(document, basis_of(document), listed_id=model_id, capability=capability)


def live_models(
    documents: dict[str, object],
    capabilities: dict[str, str] | None = None,
    urls: dict[str, str] | None = None,
    early: Mapping[str, Model | Unreadable] | None = None,
) -> dict[str, Model]:
    """Each answer in comparable form; CheckFailed, naming the model and the field, when
    one cannot be read (the first in list order). `early`: answers already read."""
    out = {}
    for model_id, document in documents.items():
        url = (urls or {}).get(model_id)
        where = f"GET {url}: " if url else ""
        try:
            model = (early or {}).get(model_id)
            if model is None:
                model = _live_model(model_id, document, (capabilities or {}).get(model_id))
            if isinstance(model, Unreadable):
                raise model
        except Unreadable as exc:
            raise CheckFailed(f"{where}model {model_id!r}: unreadable answer: {exc}") from None
        if model.id != model_id:
            raise CheckFailed(f"{where}model {model_id!r}: the answer describes {model.id!r}")
        out[model_id] = model
    return out


class _Early:
    """Each answer put in comparable form as it arrives (the work then overlaps the wait
    for the other answers), and with it the spec model of the same id on the same basis.
    What cannot be read is kept for live_models to report in list order; anything else
    that goes wrong is left for it to meet again."""

    def __init__(self, catalog: Catalog | None) -> None:
        self.theirs: dict[str, Model | Unreadable] = {}
        self.ours: dict[str, Model] = {}
        self.specs = {m.id: m for m in catalog.models} if catalog is not None else {}

    def __call__(self, model_id: str, capability: str, document: object) -> None:
        try:
            model = _live_model(model_id, document, capability)
        except Unreadable as exc:
            self.theirs[model_id] = exc
            return
        except Exception:  # met again, and reported, by live_models
            return
        self.theirs[model_id] = model
        spec = self.specs.get(model_id)
        if spec is not None:
            try:
                self.ours[model_id] = normalize(model_document(spec), model.basis)
            except Exception:  # met again after the fetch, outside the answers' callback
                return


def check_shrink(live: int, specs: int, threshold: float) -> None:
    """CheckFailed when the live list lost more than `threshold` of the spec models."""
    if specs and (live == 0 or live < specs * (1 - threshold)):
        raise CheckFailed(
            f"suspicious shrink: the hub lists {live} models, specs/ holds {specs} "
            f"(more than {threshold:.0%} gone); not treated as removals "
            "(--allow-shrink to accept)"
        )


SHRINK_THRESHOLD = 0.25


def read_live(
    config: FetchConfig,
    specs: int,
    *,
    allow_shrink: bool,
    threshold: float = SHRINK_THRESHOLD,
    early: _Early | None = None,
) -> tuple[LiveCatalog, dict[str, Model]]:
    """The live catalog, raw and normalized; CheckFailed when it cannot be read or shrank
    suspiciously (never an empty or partial catalog)."""
    early = early or _Early(None)
    try:
        live = asyncio.run(fetch_catalog(config, early))
    except FetchError as exc:
        raise CheckFailed(str(exc)) from None
    if not allow_shrink:
        check_shrink(len(live.ids), specs, threshold)
    return live, live_models(dict(live.documents), live.capabilities, live.urls, early.theirs)


def fetch_live(
    config: FetchConfig, catalog: Catalog, *, allow_shrink: bool
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The live model documents in table form, and what sync must leave for a hand edit;
    CheckFailed when they cannot be had. A schema-only answer is turned into rows
    (from_schema.py); the modes hub.yaml declares supply a new model's mode when the
    answer gives none and its capability has only one."""
    live, models = read_live(config, len(catalog.models), allow_shrink=allow_shrink)
    modes = {c.name: c.modes for c in catalog.hub.capabilities}
    for model_id in live.ids:
        check_id(model_id)
    documents: dict[str, dict[str, Any]] = {}
    manual: list[str] = []
    for model_id, model in models.items():
        document = live.documents[model_id]
        if model.basis == "table":
            documents[model_id] = {**document, "id": model_id}
            if "capability" not in document and model_id in live.capabilities:
                documents[model_id]["capability"] = live.capabilities[model_id]
            continue
        converted = table_document(
            document,
            model_id=model_id,
            capability=live.capabilities.get(model_id),
            spec=catalog.model(model_id),
            modes=modes,
        )
        manual += converted.manual
        if converted.document is not None:
            documents[model_id] = converted.document
    return documents, manual


def check_drift(
    catalog: Catalog,
    config: FetchConfig,
    *,
    allow_shrink: bool = False,
    shrink_threshold: float = SHRINK_THRESHOLD,
) -> DriftResult:
    early = _Early(catalog)
    live, theirs = read_live(
        config,
        len(catalog.models),
        allow_shrink=allow_shrink,
        threshold=shrink_threshold,
        early=early,
    )
    bases = {mid: m.basis for mid, m in theirs.items()}
    ours = {
        model.id: (
            early.ours[model.id]
            if model.id in early.ours
            else normalize(model_document(model), bases.get(model.id, "table"))
        )
        for model in catalog.models
    }
    changes = compare_catalogs(ours, theirs)
    return DriftResult(changes, len(set(ours) | set(theirs)), live.requests)

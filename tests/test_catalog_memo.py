"""Reusing built models changes nothing but the time: the catalog and the problems are
those of a full load, and any change to a file a model came from rebuilds that model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.catalog as catalog_module
from generator.catalog import LoadResult, load_catalog
from generator.catalog import build as build_module
from generator.speed.built_models import load_reusing

from .support.lint_cases import CASES, NAMES

pytestmark = pytest.mark.usefixtures("own_cache")


def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the models built (not reused) from now on."""
    built: list[str] = []
    original = build_module.build_model

    def counting(*args: object, **kwargs: object) -> object:
        model = original(*args, **kwargs)  # type: ignore[arg-type]
        built.append(model.id)
        return model

    monkeypatch.setattr("generator.catalog.build_model", counting)
    return built


def same_load(a: LoadResult, b: LoadResult) -> None:
    assert a.problems == b.problems
    assert a.catalog == b.catalog


def test_a_warm_load_reuses_every_model_and_equals_a_full_load(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = project / "specs"
    full = load_catalog(specs)
    assert full.catalog is not None and full.trees
    same_load(load_reusing(specs), full)  # fills the cache
    built = builds(monkeypatch)
    warm = load_reusing(specs)
    same_load(warm, full)
    assert built == []
    assert warm.trees == {}


def test_a_changed_model_file_is_rebuilt_and_so_is_every_model_extending_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = project / "specs"
    load_reusing(specs)
    path = specs / "models" / "seedance-2.0.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "mode: text-to-video", "mode: text-to-video\nvendor: Changed"
        ),
        "utf-8",
    )
    built = builds(monkeypatch)
    warm = load_reusing(specs)
    assert sorted(built) == ["seedance-2.0", "seedance-2.0-fast"]
    same_load(warm, load_catalog(specs))
    assert warm.catalog is not None
    vendors = {m.id: m.vendor for m in warm.catalog.models}
    assert vendors["seedance-2.0"] == vendors["seedance-2.0-fast"] == "Changed"


def test_a_changed_base_rebuilds_the_models(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = project / "specs"
    load_reusing(specs)
    path = specs / "bases" / "veo.yaml"
    path.write_text(path.read_text("utf-8").replace("vendor: Google", "vendor: Alphabet"), "utf-8")
    built = builds(monkeypatch)
    warm = load_reusing(specs)
    rebuilt = set(built)
    same_load(warm, load_catalog(specs))
    assert warm.catalog is not None
    veo = [m for m in warm.catalog.models if m.id.startswith("veo")]
    assert veo and all(m.vendor == "Alphabet" for m in veo)
    assert {m.id for m in veo} <= rebuilt  # (a base change rebuilds every model)


@pytest.mark.parametrize("case", NAMES)
def test_broken_specs_report_the_same_problems_after_a_warm_start(
    case: str, tmp_path: Path
) -> None:
    root = tmp_path / "case"
    shutil.copytree(CASES / "_base", root)
    assert load_reusing(root / "specs").ok  # the valid catalog, now in the cache
    shutil.copytree(CASES / case, root, dirs_exist_ok=True)
    full = load_catalog(root / "specs")
    assert not full.ok
    same_load(load_reusing(root / "specs"), full)


class DictStore:
    """A store that keeps its entries in memory: the loader needs nothing more."""

    def __init__(self) -> None:
        self.entries: dict[str, object] = {}
        self.saves = 0

    def get(self, key: str) -> object | None:
        return self.entries.get(key)

    def put(self, key: str, value: object) -> None:
        self.entries[key] = value

    def save(self) -> None:
        self.saves += 1


def test_any_store_will_do(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = project / "specs"
    full = load_catalog(specs)
    assert full.catalog is not None
    store = DictStore()
    same_load(load_catalog(specs, store=store), full)
    bases = len(list((specs / "bases").glob("*.yaml")))
    assert len(store.entries) == len(full.catalog.models) + bases and store.saves == 1
    assert list(store.entries.values()).count(True) == bases  # each base: read without a problem
    built = builds(monkeypatch)
    same_load(load_catalog(specs, store=store), full)
    assert built == []


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The spec files parsed from now on (as shown in messages)."""
    parsed: list[str] = []
    original = catalog_module.parse_spec

    def counting(text: str, display: str) -> object:
        parsed.append(display)
        return original(text, display)

    monkeypatch.setattr("generator.catalog.parse_spec", counting)
    return parsed


def test_a_base_read_without_a_problem_before_is_parsed_only_for_a_model_built_now(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = project / "specs"
    full = load_catalog(specs)
    load_reusing(specs)
    parsed = parses(monkeypatch)
    same_load(load_reusing(specs), full)
    assert [Path(name).name for name in parsed] == ["hub.yaml"]
    parsed.clear()
    path = specs / "models" / "veo-3.1.yaml"
    path.write_text(path.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert load_reusing(specs).ok
    assert sorted(Path(name).name for name in parsed) == [
        "hub.yaml",
        "veo-3.1-fast.yaml",  # extends models/veo-3.1.yaml: rebuilt too
        "veo-3.1.yaml",
        "veo-text.yaml",
        "veo.yaml",
    ]


def test_a_clean_base_that_can_no_longer_be_read_is_reported(project: Path) -> None:
    specs = project / "specs"
    assert load_reusing(specs).ok
    base = specs / "bases" / "wan-2.7.yaml"
    base.unlink()
    base.mkdir()  # the text read is empty now, and the file cannot be read
    full = load_catalog(specs)
    assert any(p.code == "E001" for p in full.problems)
    same_load(load_reusing(specs), full)

"""speed/model_outputs.py: a model's files are taken from the output directory, and its
parts of the catalog-wide files from the cache, only while both are what rendering it
would give; anything else in the cache is rendered again."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.output.writer import write_tree
from generator.pipeline import TARGETS
from generator.render.environment import make_environment
from generator.speed import cache
from generator.speed.model_outputs import ModelOutputs, Outputs

from .support.repository import TEMPLATES


def _outputs(catalog: Catalog, out: Path) -> ModelOutputs:
    env = make_environment(TEMPLATES)
    return ModelOutputs(catalog, env, TARGETS, "salt", identity=f"test\0{out}", out_dir=out)


def _first_run(catalog: Catalog, out: Path) -> tuple[ModelOutputs, Outputs]:
    """Every model rendered (an empty cache), and its files written to `out`."""
    first = _outputs(catalog, out)
    first.start()
    rendered = first.result()
    write_tree(out, rendered.files)
    return first, rendered


def _run(catalog: Catalog, out: Path) -> tuple[int, list[list[dict[str, str]]]]:
    """How many models this run rendered, and every model's parts."""
    outputs = _outputs(catalog, out)
    outputs.start()
    result = outputs.result()
    return len(result.files) // 5, result.parts


@pytest.mark.usefixtures("own_cache")
def test_kept_models_give_the_parts_they_were_rendered_with(
    catalog: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "generated"
    _, rendered = _first_run(catalog, out)
    assert _run(catalog, out) == (0, rendered.parts)
    assert any(part for parts in rendered.parts for part in parts)  # OpenAPI's, at least


@pytest.mark.usefixtures("own_cache")
@pytest.mark.parametrize(
    "damage",
    [
        lambda files, parts: ({**files}, parts[:-1]),  # a target missing
        lambda files, parts: (files, [{**p, "extra": "x"} if p else p for p in parts]),
        lambda files, parts: (files, [{k: 1 for k in p} if p else p for p in parts]),
        lambda files, parts: [files, parts],  # not the pair
        lambda files, parts: files,  # as packs were written before parts
    ],
)
def test_a_cache_entry_of_another_shape_is_rendered_again(
    catalog: Catalog, tmp_path: Path, damage: object
) -> None:
    out = tmp_path / "generated"
    first, rendered = _first_run(catalog, out)
    pack = cache.Pack("outputs", f"test\0{out}", separate=True)
    key = first._keys[0]
    files, parts = pack.get(key)
    pack.put(key, damage(files, parts))  # type: ignore[operator]
    pack.save(prune=False)
    assert _run(catalog, out) == (1, rendered.parts)

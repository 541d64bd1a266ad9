"""Output the targets write black-stable themselves must be exactly black's; anything
else goes through black; each model's files are the same rendered in parallel processes
or in one."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from black import format_str

from generator.catalog import Catalog, load_catalog
from generator.pipeline import TARGETS
from generator.render.environment import make_environment
from generator.render.formatting import black_mode
from generator.render.layout import Call, Preformatted, layout, py_str
from generator.speed import model_outputs
from generator.speed.formatted import format_files
from generator.speed.model_outputs import ModelOutputs, workers
from generator.targets import contract, python, render_target

from .support.adversarial import ADVERSARIAL_SPEC
from .support.repository import TEMPLATES

MODULE_MODE = black_mode(PurePosixPath("x.py"))


def _preformatted(catalog: Catalog) -> dict[PurePosixPath, str]:
    env = make_environment(TEMPLATES)
    files = {**render_target(python, catalog, env), **render_target(contract, catalog, env)}
    return {p: t for p, t in files.items() if isinstance(t, Preformatted)}


def test_preformatted_output_is_left_as_it_is_by_black(catalog: Catalog) -> None:
    written = _preformatted(catalog)
    names = [p.name for p in written]
    assert "_resources.pyi" in names  # the client's stub
    assert sum(p.parent.name == "models" for p in written) >= 10  # most request models
    assert {"_core.py", "hub_contract.py", "test_contract.py"} <= set(names)  # copied as is
    for path, text in written.items():
        assert format_str(str(text), mode=black_mode(path)) == text, path


def test_text_black_would_change_is_not_passed_off_as_preformatted(project: Path) -> None:
    for path in (project / "specs/models").glob("*.yaml"):
        path.unlink()
    (project / "specs/models/tricky.yaml").write_text(ADVERSARIAL_SPEC, encoding="utf-8")
    catalog = load_catalog(project / "specs").catalog
    assert catalog is not None
    files = render_target(python, catalog, make_environment(TEMPLATES))
    stub = files[PurePosixPath("python/hub_sdk/_runtime/_resources.pyi")]
    # The stub holds model ids only (safe names), not parameter values: laid out as black does.
    assert isinstance(stub, Preformatted)
    for written, text in _preformatted(catalog).items():  # the contract tests lay out any text
        assert format_str(str(text), mode=black_mode(written)) == text, written
    stub_path = PurePosixPath("_resources.pyi")
    formatted = format_files({stub_path: stub})[stub_path]
    assert formatted == format_str(stub, mode=black_mode(stub_path)) == stub


def test_models_rendered_in_parallel_give_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    env = make_environment(TEMPLATES)

    def render(parallel_at: int) -> dict[PurePosixPath, str]:
        monkeypatch.setattr(model_outputs, "PARALLEL_AT", parallel_at)
        outputs = ModelOutputs(catalog, env, TARGETS, "salt")
        with workers(catalog, env, TARGETS) as pool:
            assert (pool is not None) == (parallel_at <= len(catalog.models))
            outputs.start(pool)
            return outputs.result().files

    serial = render(len(catalog.models) + 1)
    # Per model: request module, schema, page, TypeScript module, vectors (the contract data).
    assert len(serial) == 5 * len(catalog.models)
    assert render(2) == serial


@pytest.mark.parametrize(
    "text",
    ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "ünï ✓", "", "'\"'"],
)
def test_string_literals_take_blacks_quotes(text: str) -> None:
    assert format_str(f"x = {text!r}\n", mode=MODULE_MODE) == f"x = {py_str(text)}\n"


def test_layout_breaks_only_what_does_not_fit() -> None:
    short = {"a": [1, 2], "b": Call("f", (1,), (("k", "v"),))}
    assert layout(short, 4, "X = ") == ['    X = {"a": [1, 2], "b": f(1, k="v")}']
    long = {"key": "x" * 90, "other": [1, 2, 3]}
    text = "\n".join(layout(long, 0, "X = ")) + "\n"
    assert format_str(text, mode=MODULE_MODE) == text

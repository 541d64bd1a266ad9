"""Output that skips black (copied black-formatted files, and text its template laid out as
black does) must be exactly black's; anything else goes through black; each model's files
are the same rendered in parallel processes or in one."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from black import format_str

from generator.catalog import Catalog, load_catalog
from generator.pipeline import TARGETS, WHOLE
from generator.render.environment import make_environment
from generator.render.formatting import black_mode, needs_black
from generator.render.layout import Call, LaidOut, Preformatted, layout, py_str
from generator.speed import processes
from generator.speed.formatted import format_files
from generator.speed.model_outputs import ModelOutputs
from generator.speed.processes import (
    catalog_files_from,
    render_catalog_files,
    start_catalog_files,
    workers,
)
from generator.targets import contract, python, render_target

from .support.adversarial import ADVERSARIAL_SPEC
from .support.repository import TEMPLATES

MODULE_MODE = black_mode(PurePosixPath("x.py"))


def _skipping_black(catalog: Catalog) -> dict[PurePosixPath, str]:
    env = make_environment(TEMPLATES)
    files = {**render_target(python, catalog, env), **render_target(contract, catalog, env)}
    python_files = {p: t for p, t in files.items() if p.suffix in (".py", ".pyi")}
    return {p: t for p, t in python_files.items() if not needs_black(p, t)}


def test_output_that_skips_black_is_left_as_it_is_by_black(catalog: Catalog) -> None:
    written = _skipping_black(catalog)
    names = {p.name for p in written}
    # Laid out by their templates: the client's stub, the registry, the task, every request model.
    assert {"_resources.pyi", "_registry.py", "_task.py"} <= names
    models = [p for p in written if p.parent.name == "models" and p.name != "__init__.py"]
    assert len(models) == len(catalog.models)
    assert {"_core.py", "hub_contract.py", "test_contract.py"} <= names  # copied as is
    for path, text in written.items():
        assert format_str(str(text), mode=black_mode(path)) == text, path


def test_needs_black_is_the_one_decision() -> None:
    path, stub = PurePosixPath("m.py"), PurePosixPath("m.pyi")
    fits = "X = 1\n"
    too_long = "X = f(" + ", ".join(["argument"] * 12) + ")\n"
    assert needs_black(path, fits) and needs_black(stub, fits)  # nobody vouched for it
    assert not needs_black(path, LaidOut(fits))
    assert needs_black(path, LaidOut(too_long))  # a value longer than the line
    assert needs_black(path, LaidOut("X = 'quoted'\n"))  # black would requote it
    long_string = "    description=" + '"' + "d" * 120 + '",\n'
    assert not needs_black(path, LaidOut(f"f(\n{long_string})\n"))  # black cannot break it
    assert not needs_black(path, Preformatted(too_long))  # copied black output: trusted
    last = "    Takes " + "x" * 100 + '."""'
    docstring = f'class A:\n    """First line.\n\n{last}\n'
    assert needs_black(path, LaidOut(docstring))  # black moves its closing quotes
    assert not needs_black(path, LaidOut(f'class A:\n    """{"x" * 100}"""\n'))
    assert not needs_black(PurePosixPath("m.json"), "{}")


def test_text_black_would_change_is_not_passed_off_as_preformatted(project: Path) -> None:
    for path in (project / "specs/models").glob("*.yaml"):
        path.unlink()
    (project / "specs/models/tricky.yaml").write_text(ADVERSARIAL_SPEC, encoding="utf-8")
    catalog = load_catalog(project / "specs").catalog
    assert catalog is not None
    files = render_target(python, catalog, make_environment(TEMPLATES))
    stub = files[PurePosixPath("python/hub_sdk/_runtime/_resources.pyi")]
    # The stub holds model ids only (safe names), not parameter values: laid out as black does.
    stub_path = PurePosixPath("_resources.pyi")
    assert isinstance(stub, LaidOut) and not needs_black(stub_path, stub)
    skipped = _skipping_black(catalog)
    for written, text in skipped.items():  # whatever the text, what skips black is black's
        assert format_str(str(text), mode=black_mode(written)) == text, written
    formatted = format_files({stub_path: stub})[stub_path]
    assert formatted == format_str(stub, mode=black_mode(stub_path)) == stub


def test_models_rendered_in_parallel_give_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    env = make_environment(TEMPLATES)

    def render(parallel_at: int) -> tuple[dict[PurePosixPath, str], list[list[dict[str, str]]]]:
        monkeypatch.setattr(processes, "PARALLEL_AT", parallel_at)
        outputs = ModelOutputs(catalog, env, TARGETS, "salt")
        with workers(catalog, env, TARGETS) as pool:
            assert (pool is not None) == (parallel_at <= len(catalog.models))
            outputs.start(pool)
            result = outputs.result()
            return result.files, result.parts

    serial = render(len(catalog.models) + 1)
    # Per model: request module, schema, page, TypeScript module, vectors (the contract data).
    assert len(serial[0]) == 5 * len(catalog.models)
    assert len(serial[1]) == len(catalog.models)
    assert render(2) == serial


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="no child is forked with one CPU")
def test_catalog_wide_files_from_a_child_are_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    env = make_environment(TEMPLATES)
    whole = [TARGETS[at] for at in WHOLE]
    here = render_catalog_files(catalog, env, whole)
    monkeypatch.setattr(processes, "PARALLEL_AT", 1)
    child = start_catalog_files(catalog, env, whole)
    assert child is not None
    assert catalog_files_from(child, catalog, env, whole) == here
    # A child that fails (here: a target that raises there) leaves the work to this
    # process, whose own error is raised.
    failing = start_catalog_files(catalog, env, [_Raises()])  # type: ignore[list-item]
    assert failing is not None and failing.result() is None
    with pytest.raises(RuntimeError, match="rendered here"):
        catalog_files_from(failing, catalog, env, [_Raises()])  # type: ignore[list-item]


class _Raises:
    PARTS: tuple[str, ...] = ()

    @staticmethod
    def catalog_files(*_: object) -> None:
        raise RuntimeError("rendered here")


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

"""Output the targets write black-stable themselves must be exactly black's; anything
else goes through black, in parallel when there is a lot of it, with the same result."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from black import format_str

from generator.catalog import Catalog, load_catalog
from generator.formatting import BLACK_MODE, STUB_MODE, format_files
from generator.pyformat import Call, layout, py_str
from generator.render import make_environment
from generator.targets import Preformatted
from generator.targets.contract import render_contract
from generator.targets.python import render_python

from .conftest import TEMPLATES, load_specs
from .test_generate import ADVERSARIAL


def _preformatted(catalog: Catalog) -> dict[PurePosixPath, str]:
    env = make_environment(TEMPLATES)
    files = {**render_python(catalog, env), **render_contract(catalog, env)}
    return {p: t for p, t in files.items() if isinstance(t, Preformatted)}


def test_preformatted_output_is_left_as_it_is_by_black() -> None:
    written = _preformatted(load_specs())
    names = [p.name for p in written]
    assert "_video.pyi" in names  # the client's stub
    assert sum(n.startswith("test_") for n in names) == 25  # each model's contract tests
    assert sum(p.parent.name == "models" for p in written) >= 10  # most request models
    for path, text in written.items():
        mode = STUB_MODE if path.suffix == ".pyi" else BLACK_MODE
        assert format_str(str(text), mode=mode) == text, path


def test_text_black_would_change_is_not_passed_off_as_preformatted(project: Path) -> None:
    for path in (project / "specs/models").glob("*.yaml"):
        path.unlink()
    (project / "specs/models/tricky.yaml").write_text(ADVERSARIAL, encoding="utf-8")
    catalog = load_catalog(project / "specs").catalog
    assert catalog is not None
    files = render_python(catalog, make_environment(TEMPLATES))
    stub = files[PurePosixPath("python/hub_sdk/_runtime/_video.pyi")]
    assert not isinstance(stub, Preformatted)  # its literals hold quotes and backslashes
    for path, text in _preformatted(catalog).items():  # the contract tests lay out any text
        assert format_str(str(text), mode=BLACK_MODE) == text, path
    formatted = format_files({PurePosixPath("_video.pyi"): stub})[PurePosixPath("_video.pyi")]
    assert formatted == format_str(stub, mode=STUB_MODE)


def test_parallel_formatting_gives_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBGEN_CACHE_DIR", str(tmp_path / "cache"))
    files = {PurePosixPath(f"m{i}.py"): f"x = {{ 'a':{i},   'b' : [1,2,\n3]}}\n" for i in range(20)}
    parallel = format_files(files)
    assert parallel == {p: format_str(t, mode=BLACK_MODE) for p, t in files.items()}
    assert format_files(files) == parallel  # now from the cache


@pytest.mark.parametrize(
    "text",
    ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "ünï ✓", "", "'\"'"],
)
def test_string_literals_take_blacks_quotes(text: str) -> None:
    assert format_str(f"x = {text!r}\n", mode=BLACK_MODE) == f"x = {py_str(text)}\n"


def test_layout_breaks_only_what_does_not_fit() -> None:
    short = {"a": [1, 2], "b": Call("f", (1,), (("k", "v"),))}
    assert layout(short, 4, "X = ") == ['    X = {"a": [1, 2], "b": f(1, k="v")}']
    long = {"key": "x" * 90, "other": [1, 2, 3]}
    text = "\n".join(layout(long, 0, "X = ")) + "\n"
    assert format_str(text, mode=BLACK_MODE) == text

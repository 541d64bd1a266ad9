"""documents/json_text.py, and the OpenAPI document put together from each model's parts:
byte for byte what writing the whole document at once gives, and checked where it is
written (the skeleton), not trusted blindly."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import orjson
import pytest

from generator.catalog import Catalog
from generator.documents import json_text
from generator.documents.json_text import JSONText, fill, indented
from generator.documents.openapi_document import openapi_document
from generator.errors import RenderError
from generator.render.environment import make_environment, render
from generator.render.filters import to_json
from generator.render.formatting import finish
from generator.render.layout import Assembled
from generator.speed.formatted import format_files
from generator.targets import openapi, render_target

from .support.repository import TEMPLATES

VALUES: list[Any] = [
    {"a": [1, {"b": None}], "ünï ✓": "x\ny", "empty": {}, "none": []},
    [[], {}, [1, [2, [3]]]],
    'a string with "quotes" and \\ and \u0000',
    2**70,  # past 64 bits: written in its digits, as orjson writes the rest
    {"big": [2**70, -(2**64), 2**64 - 1, {"k": "v"}], "floats": [1e16, 1e-7, 0.5, -0.0]},
    [1e16, 1e-7, 123456789.125],
    {"floats": 1e22},
    0,
]


def _placed(values: list[Any], indent: int | None) -> tuple[str, str]:
    """The document {"top": {"v0": value, ...}, "list": [value, ...]} written at once,
    and written around JSONTexts (kept indented for `indent`, or for where each lands)
    and filled."""
    whole = to_json({"top": {f"v{i}": v for i, v in enumerate(values)}, "list": values})
    pieces: dict[str, JSONText] = {}

    def piece(key: str, value: Any, lands: int) -> JSONText:
        at = lands if indent is None else indent
        pieces[key] = JSONText(key, indented(to_json(value), at), at)
        return pieces[key]

    document = {
        "top": {f"v{i}": piece(f"top.{i}", v, 4) for i, v in enumerate(values)},
        "list": [piece(f"list.{i}", v, 4) for i, v in enumerate(values)],
    }
    return whole, fill(to_json(document), pieces)


@pytest.mark.parametrize("indent", [None, 0, 2, 9])
def test_filled_document_is_the_document_written_at_once(indent: int | None) -> None:
    whole, filled = _placed(VALUES, indent)
    assert filled == whole
    assert orjson.loads(filled) == orjson.loads(whole)


def test_a_string_that_looks_like_a_placeholder_is_left_as_it_is() -> None:
    forged = "\u0000" + "0" * 32 + ":top.0"  # not this process's nonce
    text = to_json({"a": forged, "b": JSONText("b", "1")})
    assert fill(text, {"b": JSONText("b", "1")}) == to_json({"a": forged, "b": 1})


def test_a_placeholder_with_no_text_is_an_error() -> None:
    text = to_json({"a": JSONText("missing", "1")})
    with pytest.raises(KeyError):
        fill(text, {})


@pytest.mark.parametrize("key", ['a"b', "a\\b", "a\nb", "a\x00b", "a b", "ü"])
def test_a_key_cannot_break_out_of_its_placeholder(key: str) -> None:
    with pytest.raises(ValueError, match="letters, digits"):
        JSONText(key, "1")


def test_a_placeholder_spelled_inside_a_string_is_not_filled() -> None:
    # Even with the nonce: a string that ends in a quote and then a placeholder's text.
    inside = '"' + JSONText("b", "1").placeholder()
    text = to_json({"a": inside, "b": JSONText("b", "1")})
    assert fill(text, {"b": JSONText("b", "1")}) == to_json({"a": inside, "b": 1})


def test_an_integer_past_64_bits_is_spelled_as_in_a_document_written_whole() -> None:
    # The part needs the big-integer path, the document around it does not.
    whole = to_json({"a": {"n": 2**70, "f": 1e16}, "b": 1e-7})
    part = JSONText("a", indented(to_json({"n": 2**70, "f": 1e16}), 2), 2)
    assert fill(to_json({"a": part, "b": 1e-7}), {"a": part}) == whole
    assert '"n": 1180591620717411303424,' in whole


def test_a_placeholder_carries_the_process_nonce() -> None:
    placeholder = JSONText("k", "1").placeholder()
    assert placeholder == f"\x00{json_text._NONCE}:k"
    assert len(json_text._NONCE) == 32


def test_openapi_from_parts_is_the_document_written_at_once(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = make_environment(TEMPLATES)
    whole = render(env, "openapi.json.jinja", document=openapi_document(catalog))
    assembled = render_target(openapi, catalog, env)[openapi.OPENAPI]
    assert isinstance(assembled, Assembled)
    assert assembled == whole
    # INDENT is where the parts land: a figure gone stale is indented again, not wrong.
    monkeypatch.setattr(openapi, "INDENT", {name: 3 for name in openapi.PARTS})
    assert render_target(openapi, catalog, env)[openapi.OPENAPI] == whole


def test_openapi_parts_are_kept_indented_for_where_they_land(catalog: Catalog) -> None:
    env = make_environment(TEMPLATES)
    parts = [openapi.model_parts(m, catalog.hub, env) for m in catalog.models]
    texts = [
        {name: JSONText(f"{at}.{name}", part[name], openapi.INDENT[name]) for name in part}
        for at, part in enumerate(parts)
    ]
    skeleton = to_json(openapi_document(catalog, [openapi.ModelPieces(**t) for t in texts]))
    for line in skeleton.splitlines():
        if f"\\u0000{json_text._NONCE}:" in line:
            key = line.rpartition(":")[2].strip('",')
            indent = len(line) - len(line.lstrip(" "))
            assert indent == openapi.INDENT[key.partition(".")[2]], line


@pytest.mark.usefixtures("own_cache")
def test_an_assembled_file_leaves_no_cache_entry(own_cache: Path) -> None:
    # Its skeleton holds this process's nonce: an entry for it would never be read.
    path = PurePosixPath("openapi.json")
    format_files({path: Assembled('{"a": 1}', '{"a": "placeholder"}')})
    assert not (own_cache / "checked").exists()
    format_files({path: '{"a": 1}'})
    assert (own_cache / "checked").is_dir()


def test_an_assembled_file_is_checked_where_its_template_wrote_it() -> None:
    path = PurePosixPath("openapi.json")
    good = Assembled('{"a": 1}', '{"a": "placeholder"}')
    assert finish(path, good) == '{"a": 1}'
    assert format_files({path: good}) == {path: '{"a": 1}'}
    broken = Assembled('{"a": 1}', '{"a": "placeholder"},')  # the template added a comma
    with pytest.raises(RenderError, match="generated JSON does not parse"):
        finish(path, broken)
    with pytest.raises(RenderError, match="generated JSON does not parse"):
        format_files({path: broken})

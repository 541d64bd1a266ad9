"""python/_layout.jinja's macros, and the templates that spell their statements through them
(model, registry, limits, task), rendered from small inputs: each statement takes the
shape black gives it, or, when a value is longer than any line, is left to black."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath
from typing import Any

import pytest
from black import format_str
from black.strings import str_width
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from generator.catalog import Catalog
from generator.catalog.constraints import CONSTRAINTS
from generator.catalog.rules import Rule
from generator.render import layout as layout_module
from generator.render.environment import render
from generator.render.formatting import black_mode, needs_black
from generator.render.layout import LINE, LaidOut, width
from generator.targets.python import RegistryEntry
from generator.targets.python.client_surface import task_fields
from generator.targets.python.request_model import PyField, request_module

from ..support.template_inputs import CATALOG, DRAW, EDIT, HUB

MODULE = PurePosixPath("m.py")
MODE = black_mode(MODULE)


def _macro(env: Environment, call: str, **context: Any) -> str:
    source = '{% import "python/_layout.jinja" as layout %}' + call
    return env.from_string(source).render(**context)


def _class(env: Environment, *fields: PyField) -> str:
    body = "{% for f in fields %}{{ layout.field(f) }}\n{% endfor %}"
    return "class A:\n" + _macro(env, body, fields=fields)


def test_the_macro_file_writes_nothing_of_its_own(template_env: Environment) -> None:
    assert render(template_env, "python/_layout.jinja") == ""


def test_a_call_that_fits_stays_on_one_line(template_env: Environment) -> None:
    text = _macro(template_env, '{{ layout.call("x = ", "f", ["1", "k=2"], 4, ",") }}')
    assert text == "    x = f(1, k=2),"


def test_a_call_too_long_gets_one_argument_a_line_with_trailing_commas(
    template_env: Environment,
) -> None:
    args = [f"argument_{n}={n}" for n in range(10)]
    text = _macro(template_env, '{{ layout.call("x = ", "f", args, 4) }}', args=args)
    lines = text.splitlines()
    assert lines[0] == "    x = f(" and lines[-1] == "    )"
    assert lines[1:-1] == [f"        {arg}," for arg in args]
    module = f"class A:\n{text}\n"
    assert format_str(module, mode=MODE) == module


def test_a_call_without_arguments_is_empty_parentheses(template_env: Environment) -> None:
    assert _macro(template_env, '{{ layout.call("", "f", [], 0) }}') == "f()"


@pytest.mark.parametrize("name", ["Task", "A" * 70])
def test_a_reexport_wraps_as_black_wraps_a_long_import(
    template_env: Environment, name: str
) -> None:
    text = _macro(template_env, '{{ layout.import_as("._task", name, 4) }}', name=name)
    module = f"if True:\n{text}\n"
    assert format_str(module, mode=MODE) == module
    assert (len(text.splitlines()) == 1) == (
        len(f"    from ._task import {name} as {name}") <= LINE
    )


# --- field(f): the four shapes black gives a field, each checked against black ------------

LONG_LITERAL = "Literal[" + ", ".join(f'"{n}"' for n in range(4, 16)) + "]"
SHAPES = {
    "one line": PyField("steps", "int | None", (("default", 4),), "Sampling steps."),
    "exploded call": PyField(
        "reference_image_urls",
        "list[Uri] | None",
        (("default", None), ("description", "Further reference images of the element.")),
    ),
    "wrapped call": PyField(
        "duration",
        f"{LONG_LITERAL} | None",
        (("default", "4"), ("description", "Duration of the video in seconds (4-15).")),
    ),
    "wrapped annotation": PyField(
        "duration",
        f'Literal["3", {LONG_LITERAL[8:-1]}] | None',
        (("default", "5"), ("description", "The duration of this shot in seconds.")),
    ),
}
FIRST_LINES = {
    "one line": "    steps: int | None = Field(default=4)",
    "exploded call": "    reference_image_urls: list[Uri] | None = Field(",
    "wrapped call": f"    duration: {LONG_LITERAL} | None = (",
    "wrapped annotation": "    duration: (",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_field_shape_is_blacks(template_env: Environment, shape: str) -> None:
    text = _class(template_env, SHAPES[shape])
    assert text.splitlines()[1] == FIRST_LINES[shape]
    assert not needs_black(MODULE, LaidOut(text))
    assert format_str(text, mode=MODE) == text


def test_a_field_holds_its_description_as_an_attribute_docstring(
    template_env: Environment,
) -> None:
    text = _class(template_env, SHAPES["one line"])
    assert text.splitlines()[2] == '    """Sampling steps."""'


def test_an_annotation_longer_than_any_line_is_left_to_black(template_env: Environment) -> None:
    annotation = "Literal[" + ", ".join(f'"value_{n}"' for n in range(12)) + "]"
    text = _class(template_env, PyField("choice", annotation, (("description", "Pick."),)))
    assert needs_black(MODULE, LaidOut(text))
    formatted = format_str(text, mode=MODE)
    assert ast.dump(ast.parse(formatted)) == ast.dump(ast.parse(text))


_NAMES = st.text("abcxyz_", min_size=1, max_size=45).map(lambda s: "a" + s)
_VALUES = st.lists(st.text("vw日", min_size=1, max_size=7), min_size=1, max_size=16)
_ANNOTATIONS = st.one_of(
    st.sampled_from(["str", "int", "float", "list[Uri]", "bool"]),
    _VALUES.map(lambda vs: "Literal[" + ", ".join(f'"{v}"' for v in vs) + "]"),
)
_KWARG_VALUES = st.one_of(
    st.none(), st.integers(-5, 10**6), st.text("ab '\"動", max_size=30), st.lists(st.integers(0, 9))
)
_KWARGS = st.lists(
    st.tuples(
        st.sampled_from(["default", "alias", "ge", "max_length", "description"]), _KWARG_VALUES
    ),
    max_size=4,
    unique_by=lambda kv: kv[0],
)


@settings(max_examples=250, deadline=None, derandomize=True)
@given(
    attr=_NAMES,
    annotation=_ANNOTATIONS,
    optional=st.booleans(),
    kwargs=_KWARGS,
    description=st.text("dx 説", max_size=130),
)
def test_any_field_is_blacks_layout_or_goes_to_black(
    template_env: Environment,
    *,
    attr: str,
    annotation: str,
    optional: bool,
    kwargs: list[tuple[str, Any]],
    description: str,
) -> None:
    if optional:
        annotation += " | None"
    kwargs = [*kwargs, ("description", description)] if description.strip() else kwargs
    text = _class(template_env, PyField(attr, annotation, tuple(kwargs)))
    if not needs_black(MODULE, LaidOut(text)):
        assert format_str(text, mode=MODE) == text


def test_a_wide_character_counts_two_columns_as_black_counts_it(
    template_env: Environment,
) -> None:
    description = "動画の説明文です。日本語の説明文です。動画の説明文です。"
    field = PyField(
        "q",
        'Literal["日本語", "b"] | None',
        (("default", None), ("description", description)),
    )
    text = _class(template_env, field)
    one_line = (
        f'    q: Literal["日本語", "b"] | None = Field(default=None, description="{description}")'
    )
    assert len(one_line) <= LINE < str_width(one_line)  # fits in characters, not in columns
    assert text.splitlines()[1] == '    q: Literal["日本語", "b"] | None = Field('
    assert not needs_black(MODULE, LaidOut(text))
    assert format_str(text, mode=MODE) == text


@pytest.mark.parametrize(
    "line", ["plain ascii", "日本語 and ascii", "emoji 🎬 ok", "e\u0301 combining", "☰ trigram"]
)
def test_width_is_blacks(line: str) -> None:
    assert width(line) == str_width(line)


def test_width_counts_every_character_wide_without_blacks_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(layout_module, "_wide", lambda: None)
    assert width("ascii") == 5 and width("café") == 8  # cautious: black runs more often


# --- the templates that use the macros -------------------------------------------------


def test_model_template_spells_the_input_class_and_its_class_data(
    template_env: Environment,
) -> None:
    rule = Rule(kind="not_both", fields=("prompt", "image_url"))
    model = EDIT.__class__(**{**EDIT.__dict__, "rules": (rule,)})
    text = render(template_env, "python/model.py.jinja", module=request_module(model))
    tree = ast.parse(text)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    assert list(classes) == ["TinyEditInput"]
    body = classes["TinyEditInput"]
    assert ast.literal_eval(_assigned(body, "hub_model_id")) == "tiny-edit"
    images = ast.unparse(_assigned(body, "hub_images"))
    assert images == "ImageSlots(slots=('image_url',), required=('image_url',))"
    rules = _assigned(body, "hub_rules")
    assert isinstance(rules, ast.Tuple) and len(rules.elts) == 1
    assert ast.unparse(rules.elts[0]).startswith("Rule(kind='not_both'")
    fields = [n.target.id for n in body.body if isinstance(n, ast.AnnAssign)]  # type: ignore[union-attr]
    assert fields == ["prompt", "image_url", "image_urls"]  # callers pass image_urls
    imported = next(n for n in tree.body if isinstance(n, ast.ImportFrom) and n.level == 2)
    assert {a.name for a in imported.names} == {"HubInput", "ImageSlots", "Rule", "Uri"}
    assert format_str(text, mode=MODE) == text


def _assigned(body: ast.ClassDef, name: str) -> ast.expr:
    """The value of the class data `name = value` in `body`."""
    for node in body.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == name:
            return node.value
    raise AssertionError(f"no {name} in {body.name}")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_short_rules_stay_on_one_line_as_black_keeps_them(
    template_env: Environment, count: int
) -> None:
    rules = (Rule(kind="not_both", fields=("p", "q")),) * count
    model = DRAW.__class__(**{**DRAW.__dict__, "rules": rules})
    text = render(template_env, "python/model.py.jinja", module=request_module(model))
    (line,) = [line for line in text.splitlines() if "hub_rules" in line]
    one_line = len(f"    hub_rules = ({', '.join(['Rule(...)'] * count)})") + 70 * count <= LINE
    assert line.endswith(",)" if count == 1 else ")") or not one_line
    assert not needs_black(MODULE, LaidOut(text))
    assert format_str(text, mode=MODE) == text


def test_model_template_without_images_or_rules_has_no_such_class_data(
    template_env: Environment,
) -> None:
    text = render(template_env, "python/model.py.jinja", module=request_module(DRAW))
    assert "hub_images" not in text and "hub_rules" not in text
    assert "from typing" not in text  # no Literal to import
    assert format_str(text, mode=MODE) == text


def _registry(env: Environment, catalog: Catalog) -> str:
    entries = [RegistryEntry(m.id, m.id.replace("-", "_"), "C", m) for m in catalog.models]
    return render(env, "python/registry.py.jinja", entries=entries)


def test_registry_template_has_one_entry_per_model(template_env: Environment) -> None:
    text = _registry(template_env, CATALOG)
    models = ast.literal_eval(
        ast.unparse(
            next(n.value for n in ast.parse(text).body if isinstance(n, ast.AnnAssign))
        ).replace("ModelEntry", "")
    )
    assert models == {
        "tiny-draw": ("tiny-draw", "Tiny Draw", "Acme", "image", "text-to-image", "tiny_draw", "C"),
        "tiny-edit": (
            "tiny-edit",
            "Tiny Edit",
            "Acme",
            "image",
            "image-to-image",
            "tiny_edit",
            "C",
        ),
    }
    assert format_str(text, mode=MODE) == text


def test_registry_template_of_no_models_is_an_empty_dict(template_env: Environment) -> None:
    text = _registry(template_env, Catalog(hub=HUB, models=()))
    assert "MODELS: Final[dict[str, ModelEntry]] = {}\n" in text
    assert format_str(text, mode=MODE) == text


def test_limits_template_has_one_limit_per_constraint(template_env: Environment) -> None:
    text = render(template_env, "python/limits.py.jinja", constraints=CONSTRAINTS)
    node = next(n for n in ast.parse(text).body if isinstance(n, ast.AnnAssign))
    assert isinstance(node.value, ast.Dict)
    keys = [ast.literal_eval(k) for k in node.value.keys if k is not None]
    assert keys == [c.error for c in CONSTRAINTS]
    assert format_str(text, mode=MODE) == text


def test_task_template_spells_every_task_field(template_env: Environment) -> None:
    text = render(template_env, "python/task.py.jinja", fields=task_fields(CATALOG), aliased=True)
    task = next(n for n in ast.parse(text).body if isinstance(n, ast.ClassDef))
    fields = {n.target.id: ast.unparse(n) for n in task.body if isinstance(n, ast.AnnAssign)}  # type: ignore[union-attr]
    assert list(fields) == ["task_id", "data"]
    assert [f.optional for f in task_fields(CATALOG)] == [False, True]
    assert "validation_alias=AliasChoices('task_id', 'taskId')" in fields["task_id"]
    assert fields["data"].startswith("data: dict[str, Any] | None = Field(default=None")
    assert format_str(text, mode=MODE) == text

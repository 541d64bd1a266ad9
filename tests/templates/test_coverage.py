"""Every template under templates/ has a unit test here: some test module in
tests/templates/ passes its name to `render(...)` (read from the source by
tests/support/template_coverage.py)."""

from __future__ import annotations

from pathlib import Path

from ..support.repository import TEMPLATES
from ..support.template_coverage import rendered_names, template_names, untested_templates

HERE = Path(__file__).resolve().parent


def test_every_template_has_a_unit_test() -> None:
    missing = untested_templates(TEMPLATES, HERE)
    assert missing == [], "render these in a test module of tests/templates/:\n" + "\n".join(
        missing
    )


def test_the_templates_are_seen_by_the_names_targets_render() -> None:
    names = template_names(TEMPLATES)
    assert {"header.jinja", "python/hub.py.jinja", "typescript/model.ts.jinja"} <= set(names)
    assert names == sorted(names)
    assert not [name for name in names if "/runtime/" in name or not name.endswith(".jinja")]


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_check_reports_a_template_no_test_renders(tmp_path: Path) -> None:
    templates = _tree(
        tmp_path / "templates",
        {
            "a.jinja": "",
            "web/b.md.jinja": "",
            "web/c.ts.jinja": "",
            "web/runtime/core.ts": "",  # copied as it is: not a template
            "d.jinja": "",
        },
    )
    tests = _tree(
        tmp_path / "tests",
        {
            "test_a.py": "def test_a(env):\n    render(env, 'a.jinja', x=1)\n",
            "test_b.py": "def test_b(env):\n    assert env.render('web/b.md.jinja')\n",
            "helpers.py": "render(env, 'web/c.ts.jinja')\n",  # not a test module
            "test_d.py": "NAME = 'd.jinja'\n\n\ndef test_d(env):\n    render(env, NAME)\n",
        },
    )
    assert template_names(templates) == ["a.jinja", "d.jinja", "web/b.md.jinja", "web/c.ts.jinja"]
    assert rendered_names(tests) == {"a.jinja", "web/b.md.jinja"}
    # A name passed through a variable does not count: the test module must spell it.
    assert untested_templates(templates, tests) == ["d.jinja", "web/c.ts.jinja"]

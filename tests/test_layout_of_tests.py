"""The tests' own layout: shared helpers live in tests/support/ and shared fixtures in
tests/conftest.py, so no module imports a test module and no fixture is defined twice
(a second definition would shadow the first for some tests and not for others); the
shipped catalog is loaded in conftest.py only (its `catalog` fixture, and `shipped_model`
and `shipped_rule` parameters from its pytest_generate_tests)."""

from __future__ import annotations

from pathlib import Path

from .support.layout_rules import (
    fixtures_defined_twice,
    imports_of_test_modules,
    python_files,
    shipped_catalog_loads,
)
from .support.repository import ROOT

TESTS = ROOT / "tests"


def test_the_checks_see_the_test_modules_and_skip_the_data() -> None:
    seen = {path.relative_to(TESTS).as_posix() for path in python_files(TESTS)}
    assert {"conftest.py", "test_layout_of_tests.py", "support/layout_rules.py"} <= seen
    assert not [name for name in seen if name.startswith(("typing/", "lint_cases/"))]


def test_no_module_imports_a_test_module() -> None:
    found = imports_of_test_modules(TESTS)
    assert found == [], "move what is shared into tests/support/:\n" + "\n".join(found)


def test_no_fixture_is_defined_in_two_files() -> None:
    found = fixtures_defined_twice(TESTS)
    assert found == [], "keep one in tests/conftest.py or rename:\n" + "\n".join(found)


def test_only_conftest_loads_the_shipped_catalog() -> None:
    found = shipped_catalog_loads(TESTS)
    assert found == [], (
        "take the `catalog` fixture, or `shipped_model` / `shipped_rule` for parameters:\n"
        + "\n".join(found)
    )


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


FIXTURE = "import pytest\n\n\n@pytest.fixture\ndef hub() -> int:\n    return 1\n"


def test_the_checks_report_each_violation_with_its_place(tmp_path: Path) -> None:
    tests = _tree(
        tmp_path / "tests",
        {
            "__init__.py": "",
            "conftest.py": FIXTURE,
            "test_a.py": "from .test_b import X\nimport tests.test_b\nfrom . import test_b, ok\n"
            "from tests import test_b as b\n\n"
            "from pytest import fixture\n\n\n@fixture(name='hub')\ndef other() -> int:\n"
            "    return 2\n",
            "test_b.py": "X = 1\n",
            "support/__init__.py": "",
            "support/helpers.py": "from ..test_b import X\n",
            "test_c.py": "class TestC:\n"
            + "\n".join("    " + ln for ln in FIXTURE.splitlines())
            + "\n",
        },
    )
    assert imports_of_test_modules(tests) == [
        "tests/support/helpers.py:1: imports test module ..test_b",
        "tests/test_a.py:1: imports test module .test_b",
        "tests/test_a.py:2: imports test module tests.test_b",
        "tests/test_a.py:3: imports test module .test_b",
        "tests/test_a.py:4: imports test module tests.test_b",
    ]
    assert fixtures_defined_twice(tests) == [
        "tests/conftest.py:5: fixture 'hub' also defined at tests/test_a.py:10, tests/test_c.py:6"
    ]


def test_the_checks_pass_support_imports_and_skip_data_folders(tmp_path: Path) -> None:
    tests = _tree(
        tmp_path / "tests",
        {
            "__init__.py": "",
            "conftest.py": FIXTURE + "\n\ndef test_helper() -> None:\n    pass\n",
            "test_a.py": "from .conftest import hub\nfrom .support.tables import rows\n"
            "from .support import tables\nfrom .support.tables import test_rows\n"
            "import pytest\n",
            "support/__init__.py": "",
            "support/tables.py": "from ..conftest import hub\nrows = test_rows = 1\n",
            "fixtures/data.py": "from ..test_a import x\n" + FIXTURE,
            "typing/good.py": "from tests.test_a import x\n" + FIXTURE,
        },
    )
    assert imports_of_test_modules(tests) == []
    assert fixtures_defined_twice(tests) == []


def test_a_module_loading_the_shipped_catalog_is_reported(tmp_path: Path) -> None:
    load = "from .support.repository import SPECS, load_specs\n"
    tests = _tree(
        tmp_path / "tests",
        {
            "__init__.py": "",
            "conftest.py": load + "\n\ndef catalog():\n    return load_specs()\n",
            "test_a.py": load + "\nCATALOG = load_specs()\n",
            "test_b.py": "from .support import repository\n\n\ndef test_b():\n"
            "    assert repository.load_specs()\n",
            "test_c.py": load + "from generator.catalog import load_catalog\n\n"
            "CATALOG = load_catalog(SPECS).catalog\n",
            "test_d.py": "from generator.catalog import load_catalog\n\n\n"
            "def test_d(project):\n    assert load_catalog(project / 'specs').ok\n",
            "support/__init__.py": "",
            "support/repository.py": "def load_specs():\n    return load_catalog(SPECS)\n",
            "support/edits.py": load + "CATALOG = load_specs()\n",
            "typing/good.py": load + "CATALOG = load_specs()\n",
        },
    )
    assert shipped_catalog_loads(tests) == [
        "tests/support/edits.py:2: loads the shipped catalog itself",
        "tests/test_a.py:3: loads the shipped catalog itself",
        "tests/test_b.py:5: loads the shipped catalog itself",
        "tests/test_c.py:4: loads the shipped catalog itself",
    ]

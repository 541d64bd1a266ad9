"""What fastjsonschema vouches for, jsonschema finds valid: over the real specs and
examples and thousands of mutations of them (speed/fast_checks.py)."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import CodeType
from typing import Any, NoReturn

import pytest
from jsonschema import Draft202012Validator

from generator.catalog import Catalog
from generator.catalog.shape import _validator
from generator.catalog.source import parse_spec
from generator.documents.input_schema import input_schema
from generator.formats import format_checker
from generator.speed import cache, fast_checks
from generator.speed.fast_checks import SCHEMAS_AT_MOST, FastChecks

from .support.lint_cases import CASES
from .support.repository import SPECS, run_python

ODD_VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 1.0, 1.5, 2**70, "", "x", "x\n", "A_B", "/a", "https://x",
    "not a uri", [], [1, 1], ["a", "a"], [True, 1], {}, {"k": 1}, {"type": "string"},
]  # fmt: skip


def _definition(name: str) -> str:
    return "hub" if name == "hub.yaml" else "spec_file"


def _spec_documents() -> Iterator[tuple[str, Any]]:
    """(definition, plain JSON value) of every spec file of specs/ and the lint cases."""
    for root in (SPECS, *sorted(p for p in CASES.iterdir() if p.is_dir())):
        for path in sorted(root.rglob("*.yaml")):
            tree, _problems = parse_spec(path.read_text("utf-8"), str(path))
            if tree is not None:
                yield _definition(path.name), json.loads(json.dumps(tree))


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*at, index))


def _mutated(value: Any, rng: random.Random) -> Any:
    """`value` with one random change somewhere in it."""
    value = json.loads(json.dumps(value))
    path = rng.choice(list(_paths(value)))
    if not path:
        return rng.choice(ODD_VALUES)
    parent = value
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    how = rng.randrange(5)
    if how == 0 and isinstance(parent, dict):
        del parent[last]
    elif how == 1 and isinstance(parent, dict):
        parent[rng.choice(["extra", "name", "type", "default", "min", "values", "id"])] = (
            rng.choice(ODD_VALUES)
        )
    elif how == 2 and isinstance(parent, list):
        parent.append(parent[last])
    elif how == 3 and isinstance(parent[last], str):
        parent[last] = parent[last] + rng.choice(["\n", " ", "-", "_X", "é"])
    else:
        parent[last] = json.loads(json.dumps(rng.choice(ODD_VALUES)))
    return value


def test_every_spec_file_is_vouched_for_and_mutations_only_when_valid() -> None:
    checks = FastChecks()
    rng = random.Random(20261206)
    documents = list(_spec_documents())
    vouched = 0
    for definition, document in documents:
        valid = _validator(definition).is_valid(document)
        assert checks.shape(definition, document) == valid, document
        for _ in range(40):
            changed = _mutated(document, rng)
            before = json.dumps(changed)
            vouched_for = checks.shape(definition, changed)
            assert json.dumps(changed) == before  # checked, never changed
            if vouched_for:
                vouched += 1
                assert _validator(definition).is_valid(changed), changed
    assert vouched > 1000  # the mutations vouched for, each found valid by jsonschema


def test_every_example_is_vouched_for_and_mutations_only_when_valid(catalog: Catalog) -> None:
    rng = random.Random(6)
    vouched = 0
    for model in catalog.models:
        checks = FastChecks()
        schema = input_schema(model)
        jsonschema = Draft202012Validator(schema, format_checker=format_checker())
        example = json.loads(json.dumps(model.example))
        assert checks.instance(schema, example), model.id
        for _ in range(60):
            changed = _mutated(example, rng)
            before = json.dumps(changed)
            vouched_for = checks.instance(schema, changed)
            assert json.dumps(changed) == before  # checked, never changed (no default added)
            if vouched_for:
                vouched += 1
                assert jsonschema.is_valid(changed), (model.id, changed)
    assert vouched > 200


def test_a_uri_is_checked_by_the_same_rule() -> None:
    schema = {"type": "object", "properties": {"u": {"type": "string", "format": "uri"}}}
    checks = FastChecks()
    assert checks.instance(schema, {"u": "https://example.com/a.png"})
    assert not checks.instance(schema, {"u": "not a uri"})
    assert not checks.instance(schema, {"u": "https://exa mple.com"})


def test_past_its_budget_nothing_is_vouched_for() -> None:
    checks = FastChecks()
    for at in range(SCHEMAS_AT_MOST):
        assert checks.instance({"type": "integer", "minimum": at}, at)
    assert not checks.instance({"type": "integer", "minimum": 99}, 100)
    assert checks.instance({"type": "integer", "minimum": 0}, 1)  # compiled before: kept


@pytest.fixture
def fresh_checks(own_cache: Path) -> Iterator[Path]:
    """The spec schema's functions compiled anew, kept in this test's own cache."""
    fast_checks._spec_validator.cache_clear()
    yield own_cache
    fast_checks._spec_validator.cache_clear()


def test_a_damaged_compiled_check_is_compiled_again(fresh_checks: Path) -> None:
    assert FastChecks().shape("hub", {}) is False  # compiled and kept
    kept = [p for p in (fresh_checks / "spec-checks").rglob("*") if p.is_file()]
    assert len(kept) == 1
    kept[0].write_bytes(kept[0].read_bytes()[:-40] + b"x" * 40)
    fast_checks._spec_validator.cache_clear()
    hub = json.loads(json.dumps(parse_spec((SPECS / "hub.yaml").read_text("utf-8"), "h")[0]))
    assert FastChecks().shape("hub", hub)
    assert cache.load(kept[0]) is not None


def test_an_input_schema_is_compiled_once_and_kept(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer", "maximum": 9}}}
    assert FastChecks().instance(schema, {"n": 3})
    kept = [p for p in (own_cache / "spec-checks").rglob("*") if p.is_file()]
    assert len(kept) == 1

    def no_compiling(*args: object) -> NoReturn:
        raise AssertionError("compiled again")

    with monkeypatch.context() as patched:
        patched.setattr(fast_checks, "_code", no_compiling)
        again = FastChecks()  # another run: the function comes from the cache
        assert again.instance(schema, {"n": 3})
        assert not again.instance(schema, {"n": 10})
    kept[0].write_bytes(kept[0].read_bytes()[:-40] + b"x" * 40)
    compiled: list[object] = []
    real = fast_checks._code

    def counting(*args: Any) -> CodeType:
        compiled.append(args)
        return real(*args)

    with monkeypatch.context() as patched:
        patched.setattr(fast_checks, "_code", counting)
        assert FastChecks().instance(schema, {"n": 3})  # damaged: compiled again
        assert len(compiled) == 1
        assert not FastChecks().instance(schema, {"n": "3"})  # kept again, whole
        assert len(compiled) == 1


def test_loading_a_catalog_with_one_spec_changed_leaves_jsonschema_unloaded(
    tmp_path: Path,
) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(SPECS, specs)
    script = (
        "import sys; from pathlib import Path\n"
        "from generator.speed.built_models import load_reusing\n"
        f"result = load_reusing(Path({str(specs)!r}))\n"
        "assert result.ok, result.problems\n"
        "print('jsonschema' in sys.modules)\n"
    )
    env = {"HUBGEN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}

    def load() -> tuple[int, str, str]:
        done = run_python(script, env=env)
        return done.returncode, done.stdout, done.stderr

    assert load() == (0, "True\n", "")  # every model checked: jsonschema is cheaper then
    spec = specs / "models/veo-3.1-lite.yaml"
    spec.write_text(spec.read_text("utf-8").replace("name: Veo 3.1 Lite", "name: Veo Lite", 1))
    assert load() == (0, "False\n", "")

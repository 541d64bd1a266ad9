"""The constraint table and the rule registry are the only declarations: every target,
the spec schema and the SDK runtime agree with them."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hub_sdk._runtime import _base as runtime_base
from hub_sdk._runtime._limits import LIMITS
from hub_sdk._runtime._types import ParameterInfo

from generator.catalog.constraints import CONSTRAINTS, KEYS
from generator.catalog.parameter import Parameter
from generator.catalog.rules import RULE_KINDS, Rule, from_document, read_rule

from .support.repository import ROOT

SPEC_SCHEMA = json.loads((ROOT / "generator" / "spec.schema.json").read_text("utf-8"))


def test_every_constraint_is_a_parameter_attribute_a_spec_key_and_a_row_field() -> None:
    attributes = {f.name for f in dataclasses.fields(Parameter)}
    spec_keys = set(SPEC_SCHEMA["$defs"]["parameter"]["properties"])
    assert set(KEYS) <= attributes
    assert set(KEYS) <= spec_keys
    assert set(KEYS) <= set(ParameterInfo.model_fields)


def test_the_sdk_reports_each_constraint_as_the_table_words_it() -> None:
    assert {c.error: (c.key, c.words, c.pydantic) for c in CONSTRAINTS} == {
        error: tuple(limit) for error, limit in LIMITS.items()
    }


def test_the_rule_kinds_are_the_spec_schemas_and_the_sdk_runtimes() -> None:
    assert set(RULE_KINDS) == set(SPEC_SCHEMA["$defs"]["rule"]["properties"])
    assert set(RULE_KINDS) == set(runtime_base.RULE_CHECKS)


def test_each_rule_reads_back_what_sync_writes_and_what_the_document_says(
    shipped_rule: Rule,
) -> None:
    rule = shipped_rule
    kind = RULE_KINDS[rule.kind]
    assert read_rule(rule.kind, kind.write(rule)) == rule
    document = rule.document()
    assert from_document(document) == rule
    assert document["description"] == kind.describe(rule)


PAYLOADS: list[dict[str, Any]] = [
    {},
    {"a": "x"},
    {"a": "x", "b": ["u"]},
    {"a": None, "b": []},
    {"a": "x", "b": ["u", "v"], "c": ["w"]},
    {"b": ["u", "v", "w"], "c": ["w"]},
    {"c": ["w"]},
]
SAMPLE_RULES = [
    Rule("exactly_one_of", ("a", "b")),
    Rule("not_both", ("a", "b", "c")),
    Rule("requires", ("a", "b"), when="c"),
    Rule("max_total_items", ("b", "c"), max=3),
]


@pytest.mark.parametrize("rule", SAMPLE_RULES, ids=lambda r: r.kind)
def test_the_generator_and_the_sdk_check_each_rule_kind_alike(rule: Rule) -> None:
    kind = RULE_KINDS[rule.kind]
    runtime = runtime_base.Rule(rule.kind, rule.fields, "m", rule.when, rule.max)
    for payload in PAYLOADS:
        assert kind.violated(rule, payload) == runtime.violated(payload), payload

"""The kinds of cross-field rule a spec may state: one registry, read by every target.

Each `RuleKind` says how a rule is read from a spec and written back (sync), worded for
docs and messages, written into JSON Schema, probed by the contract tests, and checked on
an upstream payload (the mock hub and lint use the check where JSON Schema cannot say the
rule). The SDK runtime (templates/python/runtime/_base.py) keeps one check per kind under
the same names; a test holds the two to the same set. A new rule kind is one entry here
plus its runtime check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import product
from typing import Any, Protocol

from .words import join_words

DOCUMENT_KEYS = ("kind", "fields", "if", "max")
"""The keys of a rule as data (`Rule.document`, the model endpoint's `rules`)."""
MAX_SIZE_CASES = 64
"""How many size combinations a `max_total_items` schema may list before it is left out."""


@dataclass(frozen=True)
class Rule:
    """A cross-field constraint that the parameter table alone cannot say."""

    kind: str
    fields: tuple[str, ...]
    when: str | None = None
    max: int | None = None

    def document(self) -> dict[str, Any]:
        """The rule as data, with its plain-words description."""
        out: dict[str, Any] = {"kind": self.kind, "fields": list(self.fields)}
        if self.when is not None:
            out["if"] = self.when
        if self.max is not None:
            out["max"] = self.max
        out["description"] = self.describe()
        return out

    def describe(self) -> str:
        """The rule in plain words, as its kind words it (RULE_KINDS below)."""
        return RULE_KINDS[self.kind].describe(self)


class SchemaContext(Protocol):
    """What a rule's JSON Schema is built from: a field given as a rule reads it, and a
    list holding at least n items (both through image_urls where it maps onto the field)."""

    def present(self, name: str) -> dict[str, Any]: ...

    def at_least(self, name: str, count: int) -> dict[str, Any] | None: ...

    def max_items(self, name: str) -> int | None: ...


class Samples(Protocol):
    """Valid values for the contract tests' probes."""

    def value(self, name: str) -> Any: ...

    def urls(self, name: str, count: int) -> Any: ...

    def max_items(self, name: str) -> int | None: ...


@dataclass(frozen=True)
class Probe:
    """An input the rule must refuse: the example with `changes` set and `drop` removed."""

    label: str
    changes: Mapping[str, Any]
    drop: tuple[str, ...] = ()


def _filled(values: Mapping[str, Any], name: str) -> bool:
    """Given, for a cross-field rule: an empty list is not "provided"."""
    value = values.get(name)
    return value is not None and not (isinstance(value, list) and not value)


def _given(rule: Rule, values: Mapping[str, Any]) -> list[str]:
    return [name for name in rule.fields if _filled(values, name)]


@dataclass(frozen=True)
class RuleKind:
    name: str
    read: Callable[[Any], Rule]
    """The spec's body of the rule -> the rule."""
    write: Callable[[Rule], Any]
    """The rule -> the spec's body (what `read` reads)."""
    describe: Callable[[Rule], str]
    schema: Callable[[Rule, SchemaContext], dict[str, Any] | None]
    """The JSON Schema that says the rule, or None where JSON Schema cannot."""
    probes: Callable[[Rule, Samples], list[Probe]]
    violated: Callable[[Rule, Mapping[str, Any]], bool]
    """The rule checked on an upstream payload (as hub_sdk checks it)."""
    exclusive: bool = False
    """Giving one of its fields excludes the others (probes of other checks drop them)."""


def _exactly_one_describe(rule: Rule) -> str:
    names = rule.fields
    if len(names) == 2:
        return f"Either {names[0]} or {names[1]} must be provided, but not both."
    return f"Exactly one of {join_words(names, 'or')} must be provided."


def _not_both_describe(rule: Rule) -> str:
    names = rule.fields
    if len(names) == 2:
        return f"{names[0]} cannot be combined with {names[1]}."
    return f"At most one of {join_words(names, 'or')} may be provided."


def _not_both_schema(rule: Rule, ctx: SchemaContext) -> dict[str, Any]:
    present = [ctx.present(name) for name in rule.fields]
    pairs = [{"allOf": [a, b]} for i, a in enumerate(present) for b in present[i + 1 :]]
    return {"not": {"anyOf": pairs} if len(pairs) > 1 else pairs[0]}


def _all_set(rule: Rule, samples: Samples) -> dict[str, Any]:
    return {name: samples.value(name) for name in rule.fields}


def _total(rule: Rule, values: Mapping[str, Any]) -> int:
    return sum(len(values.get(name) or ()) for name in rule.fields)


def _total_schema(rule: Rule, ctx: SchemaContext) -> dict[str, Any] | None:
    """At most `max` items over the lists: every way of holding max + 1 of them, within
    each list's own maxItems, is refused. None when a list has no maxItems."""
    assert rule.max is not None
    bounds = [ctx.max_items(name) for name in rule.fields]
    if any(b is None for b in bounds):
        return None
    ranges = [range(b + 1) for b in bounds if b is not None]
    over = [sizes for sizes in product(*ranges) if sum(sizes) == rule.max + 1]
    if not over:
        return {}  # the lists cannot hold more than max between them
    if len(over) > MAX_SIZE_CASES:
        return None
    cases: list[dict[str, Any]] = []
    for sizes in over:
        parts: list[dict[str, Any]] = []
        for name, size in zip(rule.fields, sizes, strict=True):
            part = ctx.at_least(name, size) if size else {}
            if part is None:
                return None
            if part:
                parts.append(part)
        cases.append({"allOf": parts} if len(parts) > 1 else parts[0])
    return {"not": {"anyOf": cases} if len(cases) > 1 else cases[0]}


def _total_probes(rule: Rule, samples: Samples) -> list[Probe]:
    assert rule.max is not None
    left = rule.max + 1
    changes: dict[str, Any] = {}
    for name in rule.fields:
        take = min(left, samples.max_items(name) or left)
        if take:
            changes[name] = samples.urls(name, take)
            left -= take
    return [Probe(f"{rule.kind}-{rule.max + 1}", changes)]


RULE_KINDS: dict[str, RuleKind] = {
    kind.name: kind
    for kind in (
        RuleKind(
            "exactly_one_of",
            read=lambda body: Rule("exactly_one_of", tuple(body)),
            write=lambda rule: list(rule.fields),
            describe=_exactly_one_describe,
            schema=lambda rule, ctx: {"oneOf": [ctx.present(name) for name in rule.fields]},
            probes=lambda rule, samples: [
                Probe(f"{rule.kind}-none", {}, rule.fields),
                Probe(f"{rule.kind}-all", _all_set(rule, samples)),
            ],
            violated=lambda rule, values: len(_given(rule, values)) != 1,
            exclusive=True,
        ),
        RuleKind(
            "not_both",
            read=lambda body: Rule("not_both", tuple(body)),
            write=lambda rule: list(rule.fields),
            describe=_not_both_describe,
            schema=_not_both_schema,
            probes=lambda rule, samples: [Probe(f"{rule.kind}-all", _all_set(rule, samples))],
            violated=lambda rule, values: len(_given(rule, values)) > 1,
            exclusive=True,
        ),
        RuleKind(
            "requires",
            read=lambda body: Rule("requires", tuple(body["then_one_of"]), when=body["if"]),
            write=lambda rule: {"if": rule.when, "then_one_of": list(rule.fields)},
            describe=lambda rule: (
                f"If {rule.when} is provided, at least one of "
                f"{join_words(rule.fields, 'or')} is required."
            ),
            schema=lambda rule, ctx: {
                "if": ctx.present(str(rule.when)),
                "then": {"anyOf": [ctx.present(name) for name in rule.fields]},
            },
            probes=lambda rule, samples: [
                Probe(
                    f"{rule.kind}-{rule.when}-alone",
                    {str(rule.when): samples.value(str(rule.when))},
                    tuple(sorted(rule.fields)),
                )
            ],
            violated=lambda rule, values: (
                rule.when is not None and _filled(values, rule.when) and not _given(rule, values)
            ),
        ),
        RuleKind(
            "max_total_items",
            read=lambda body: Rule("max_total_items", tuple(body["fields"]), max=body["max"]),
            write=lambda rule: {"fields": list(rule.fields), "max": rule.max},
            describe=lambda rule: (
                f"{join_words(rule.fields)} together must not exceed {rule.max} files."
            ),
            schema=_total_schema,
            probes=_total_probes,
            violated=lambda rule, values: rule.max is not None and _total(rule, values) > rule.max,
        ),
    )
}


def rule_kind(rule: Rule) -> RuleKind:
    return RULE_KINDS[rule.kind]


def read_rule(kind: str, body: Any) -> Rule:
    """A rule as a spec states it (`{kind: body}`; the spec's shape check knows the kinds)."""
    return RULE_KINDS[kind].read(body)


def from_document(document: Mapping[str, Any]) -> Rule | None:
    """A rule as data (`Rule.document`); None for a kind hubgen does not know."""
    kind = document.get("kind")
    if kind not in RULE_KINDS:
        return None
    fields = document.get("fields") or ()
    return Rule(str(kind), tuple(fields), when=document.get("if"), max=document.get("max"))

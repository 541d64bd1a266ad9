"""`tests/`: contract tests of hub_sdk, one generic module over every model's data.

For every model: the example validates and maps its images as promised; each required
parameter, enum, range, length, item count and cross-field rule is probed at its edges;
defaults agree with the JSON Schema; and, against a live hub, `GET /hub/v1/models/{id}`
agrees with the spec. The cases are computed here as values (`ModelCases`) and written
with the rest of each model's data into `vectors/<id>.json` (targets/vectors.py); the
test module, its helpers and fixtures are the same for every catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from jinja2 import Environment

from ..catalog import Catalog, ModelSpec, Parameter
from ..catalog.constraints import limits_of
from ..catalog.hub import HubSpec
from ..catalog.images import IMAGE_URLS
from ..catalog.rules import rule_kind
from ..render.environment import raw_source, render
from ..render.layout import Preformatted
from . import Files, Parts

TESTS = PurePosixPath("tests")
COPIED = ("hub_contract.py", "test_contract.py")
"""Hand-written, held to black by `make lint`: copied as they are."""


@dataclass(frozen=True)
class Case:
    """One probe: the example with `changes` applied and `drop` removed.

    Accepted when `rule` is empty; otherwise rejected with a problem on `field` under
    `rule` (and, for cross-field rules, exactly `message`).
    """

    id: str
    changes: tuple[tuple[str, Any], ...] = ()
    """(parameter, value)"""
    drop: tuple[str, ...] = ()
    field: str = ""
    rule: str = ""
    message: str | None = None


def text_of(length: int) -> str:
    """A string of exactly `length` characters."""
    return "x" * length


def urls_of(count: int, name: str) -> list[str]:
    """`count` distinct URLs for the list parameter `name`."""
    return [f"https://example.com/{name}/{index}" for index in range(count)]


def sample(param: Parameter) -> Any:
    """A valid value for `param`, for cases that need one present."""
    if param.values:
        return param.values[0]
    if param.type == "string":
        if param.format == "uri":
            return f"https://example.com/{param.name}"
        return text_of(max(param.min_length or 0, 5))
    if param.type in ("integer", "number"):
        return param.minimum if param.minimum is not None else 1
    if param.type == "boolean":
        return True
    if param.type == "array":
        assert param.items is not None
        if param.items.type == "string" and not param.items.values:
            return urls_of(max(param.min_items or 0, 1), param.name)
        return [sample(param.items)] * max(param.min_items or 0, 1)
    return {p.name: sample(p) for p in param.properties if p.required}


def outside(param: Parameter) -> Any:
    """A value of the right type that is not among `param.values`."""
    assert param.values
    if param.type == "string":
        candidate = "not-allowed"
        while candidate in param.values:
            candidate += "-either"
        return candidate
    return max(param.values) + 1


@dataclass(frozen=True)
class _Samples:
    """Valid values for the rules' probes (catalog/rules.py `Samples`)."""

    params: dict[str, Parameter]

    def value(self, name: str) -> Any:
        return sample(self.params[name])

    def urls(self, name: str, count: int) -> list[str]:
        return urls_of(count, name)

    def max_items(self, name: str) -> int | None:
        return self.params[name].max_items


@dataclass
class ModelCases:
    model: ModelSpec
    accepted: list[Case] = field(default_factory=list)
    rejected: list[Case] = field(default_factory=list)

    def __post_init__(self) -> None:
        model = self.model
        self._params = {p.name: p for p in model.input_parameters()}
        images = model.images
        self._targets = set(images.targets) if images and not images.is_passthrough else set()

    def _cid(self, text: str) -> str:
        return f"{self.model.id}:{text}"

    def _make(self, changes: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
        """Changes plus what must go to keep the rest valid: peers in an exactly-one or
        not-both rule, and image_urls when an image field is set directly."""
        extra: set[str] = set(drop)
        for rule in self.model.rules:
            if rule_kind(rule).exclusive:
                for name in changes:
                    if name in rule.fields:
                        extra |= set(rule.fields) - set(changes)
        if set(changes) & self._targets:
            extra.add(IMAGE_URLS)
        return {"changes": tuple(changes.items()), "drop": tuple(sorted(extra))}

    def accept(self, text: str, changes: dict[str, Any], drop: tuple[str, ...] = ()) -> None:
        self.accepted.append(Case(self._cid(text), **self._make(changes, drop)))

    def reject(
        self, text: str, changes: dict[str, Any], where: str, rule: str, **extra: Any
    ) -> None:
        drop = extra.pop("drop", ())
        made = self._make(changes, drop) if changes else {"drop": tuple(drop)}
        self.rejected.append(Case(self._cid(text), field=where, rule=rule, **made, **extra))

    def required(self) -> None:
        for param in self._params.values():
            if param.required:
                self.reject(f"{param.name}-missing", {}, param.name, "required", drop=(param.name,))
        for slot in self.model.required_slots():
            self.reject(
                f"{slot}-missing", {}, slot, "required", drop=tuple(sorted({slot, IMAGE_URLS}))
            )

    def enums(self) -> None:
        for param in self._params.values():
            if not param.values:
                continue
            for value in param.values:
                self.accept(f"{param.name}={value}", {param.name: value})
            bad = outside(param)
            self.reject(f"{param.name}={bad}", {param.name: bad}, param.name, "enum")

    def limits(self) -> None:
        for param in self._params.values():
            name = param.name
            if param.type in ("integer", "number") and not param.values:
                self._edges(param, lambda n: n)
            if param.type == "string" and not param.values:
                self._edges(param, text_of)
            if param.type == "string" and param.format == "uri":
                self.reject(f"{name}=not-a-uri", {name: "not a uri"}, name, "format")
            items = param.items
            if param.type == "array" and items is not None and items.format == "uri":
                bad = ["not a uri"]
                self.reject(f"{name}-item=not-a-uri", {name: bad}, f"{name}.0", "format")
            if name == IMAGE_URLS and not param.min_items and self.model.images is not None:
                self.accept(f"{name}-items=0", {}, drop=(name,))
            if param.type == "array" and param.items is not None and param.items.type == "string":
                self._edges(param, lambda n, p=name: urls_of(n, p))

    def _edges(self, param: Parameter, make: Any) -> None:
        """Each limit (catalog/constraints.py) accepted at its edge, refused one past it."""
        name = param.name
        for constraint, edge in limits_of(param):
            if param.type not in constraint.types:
                continue
            tag = f"{name}-{constraint.counts}" if constraint.counts else name
            past = edge - 1 if constraint.is_floor else edge + 1
            self.accept(f"{tag}={edge}", {name: make(edge)})
            if past >= 0 or not constraint.counts:
                self.reject(f"{tag}={past}", {name: make(past)}, name, constraint.key)

    def rules(self) -> None:
        samples = _Samples(self._params)
        for rule in self.model.rules:
            where, message = ", ".join(rule.fields), rule.describe()
            for probe in rule_kind(rule).probes(rule, samples):
                # Every field the probe names stays as it says: image_urls goes instead
                # where it would fill one of them.
                drop = probe.drop
                if (set(probe.changes) | set(drop)) & self._targets:
                    drop = tuple(sorted({*drop, IMAGE_URLS}))
                self.rejected.append(
                    Case(
                        self._cid(probe.label),
                        tuple(probe.changes.items()),
                        drop,
                        where,
                        rule.kind,
                        message,
                    )
                )

    def build(self) -> ModelCases:
        self.required()
        self.enums()
        self.limits()
        self.rules()
        return self


PARTS: tuple[str, ...] = ()


def model_files(model: ModelSpec, hub: HubSpec, env: Environment) -> Files:
    """None of its own: a model's contract data is its vectors file."""
    return {}


def model_parts(model: ModelSpec, hub: HubSpec, env: Environment) -> Parts:
    return {}


def catalog_files(catalog: Catalog, env: Environment, parts: Sequence[Parts]) -> Files:
    """The shared conftest, helpers and test module."""
    hub = catalog.hub
    files: Files = {}
    files[TESTS / "conftest.py"] = render(
        env,
        "tests/conftest.py.jinja",
        hub=hub,
        model_path=hub.endpoint("get_model").path,
    )
    for name in COPIED:
        source = f"templates/tests/{name}"
        header = render(env, "header.jinja", comment="#", source=source, bases=())
        files[TESTS / name] = Preformatted(header + raw_source(env, f"tests/{name}"))
    return files

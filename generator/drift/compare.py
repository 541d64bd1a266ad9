"""What changed between two catalogs, and what each change means for SDK users.

breaking   calls that worked may now fail: a model, parameter or value removed, a range
           narrowed, a parameter newly required, a type changed, images remapped or
           their count narrowed, a new cross-field rule
additive   new models, parameters and values; ranges widened; a parameter no longer
           required; a rule dropped
info       descriptions, names, summaries, examples
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..catalog.constraints import CONSTRAINTS
from .normalize import IDENTITY, LIMITS, Model, Param

BREAKING, ADDITIVE, INFO = "breaking", "additive", "info"
CLASSES = (BREAKING, ADDITIVE, INFO)
_MIN_LIKE = {c.key for c in CONSTRAINTS if c.is_floor}


@dataclass(frozen=True)
class Change:
    model: str
    field: str
    kind: str
    cls: str
    before: Any = None
    after: Any = None

    @property
    def message(self) -> str:
        what = self.kind.replace("_", " ")
        if self.kind in ("values_added", "values_removed"):
            shown = self.after if self.kind == "values_added" else self.before
            return f"{what}: {', '.join(_show(v) for v in shown)}"
        if self.before is None and self.after is None:
            return what
        return f"{what}: {_show(self.before)} -> {_show(self.after)}"

    def as_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "field": self.field,
            "kind": self.kind,
            "class": self.cls,
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def _limit_change(name: str, before: Any, after: Any) -> str:
    """BREAKING if the limit admits fewer values than before, else ADDITIVE."""
    if before is None:
        return BREAKING  # a limit where there was none
    if after is None:
        return ADDITIVE
    narrower = after > before if name in _MIN_LIKE else after < before
    return BREAKING if narrower else ADDITIVE


def compare_params(model_id: str, old: Param, new: Param) -> list[Change]:
    out: list[Change] = []
    name = old.name

    def add(kind: str, cls: str, before: Any = None, after: Any = None, where: str = name) -> None:
        out.append(Change(model_id, where, kind, cls, before, after))

    if old.type != new.type:
        add("type_changed", BREAKING, old.type, new.type)
    if old.item_type != new.item_type and old.type == new.type:
        add("type_changed", BREAKING, old.item_type, new.item_type, f"{name}[]")
    if old.required != new.required:
        add("required_changed", BREAKING if new.required else ADDITIVE, old.required, new.required)
    if (old.has_default, old.default) != (new.has_default, new.default):
        before = old.default if old.has_default else None
        after = new.default if new.has_default else None
        add("default_changed", INFO, before, after)
    if old.values is not None or new.values is not None:
        if old.values is not None and new.values is None:
            add("values_unrestricted", ADDITIVE, list(old.values), None)
        elif old.values is None and new.values is not None:
            add("values_restricted", BREAKING, None, list(new.values))
        else:
            assert old.values is not None and new.values is not None
            removed = [v for v in old.values if v not in new.values]
            added = [v for v in new.values if v not in old.values]
            if removed:
                add("values_removed", BREAKING, removed, None)
            if added:
                add("values_added", ADDITIVE, None, added)
    for limit in LIMITS:
        before, after = old.limits.get(limit), new.limits.get(limit)
        if before != after:
            add(f"{limit}_changed", _limit_change(limit, before, after), before, after)
    if old.description != new.description:
        add("description_changed", INFO, old.description, new.description)
    return out


def _images(
    model_id: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None
) -> list[Change]:
    if old == new:
        return []
    if old is None or new is None:
        kind = "images_added" if old is None else "images_removed"
        return [
            Change(model_id, "image_urls", kind, ADDITIVE if old is None else BREAKING, old, new)
        ]
    out = []
    where = {k: old.get(k) for k in ("slots", "list")}, {k: new.get(k) for k in ("slots", "list")}
    if where[0] != where[1]:
        out.append(
            Change(model_id, "image_urls", "image_mapping_changed", BREAKING, where[0], where[1])
        )
    for bound in ("min", "max"):
        before, after = old.get(bound), new.get(bound)
        if before != after:
            limit = "minimum" if bound == "min" else "maximum"
            cls = _limit_change(limit, before, after)
            out.append(
                Change(model_id, "image_urls", f"image_count_{bound}_changed", cls, before, after)
            )
    return out


def compare_models(old: Model, new: Model) -> list[Change]:
    model_id = old.id
    out: list[Change] = []
    for key in IDENTITY:
        before, after = old.identity.get(key), new.identity.get(key)
        if before != after and after is not None:
            out.append(Change(model_id, key, f"{key}_changed", INFO, before, after))
    for name, param in old.params.items():
        if name not in new.params:
            out.append(Change(model_id, name, "parameter_removed", BREAKING, param.type, None))
        else:
            out += compare_params(model_id, param, new.params[name])
    for name, param in new.params.items():
        if name not in old.params:
            cls = BREAKING if param.required else ADDITIVE
            out.append(Change(model_id, name, "parameter_added", cls, None, param.type))
    if old.images_known and new.images_known:  # a bare JSON Schema does not say
        out += _images(model_id, old.images, new.images)
    if old.rules_known and new.rules_known:
        for rule in old.rules:
            if rule not in new.rules:
                out.append(Change(model_id, "rules", "rule_removed", ADDITIVE, rule, None))
        for rule in new.rules:
            if rule not in old.rules:
                out.append(Change(model_id, "rules", "rule_added", BREAKING, None, rule))
    if old.example is not None and new.example is not None and old.example != new.example:
        out.append(Change(model_id, "example", "example_changed", INFO))
    return out


def compare_catalogs(old: Mapping[str, Model], new: Mapping[str, Model]) -> list[Change]:
    """Every change from `old` to `new`, models in id order."""
    out: list[Change] = []
    for model_id in sorted(set(old) | set(new)):
        if model_id not in new:
            out.append(Change(model_id, "", "model_removed", BREAKING))
        elif model_id not in old:
            out.append(Change(model_id, "", "model_added", ADDITIVE))
        else:
            out += compare_models(old[model_id], new[model_id])
    return out


def exit_code(changes: Sequence[Change], fail_on: str) -> int:
    """A check's exit code: 1 when `changes` hold any change (fail_on "any") or a breaking
    one (fail_on "breaking"), else 0."""
    if fail_on == "breaking":
        return 1 if any(c.cls == BREAKING for c in changes) else 0
    return 1 if changes else 0


def counts(changes: list[Change]) -> dict[str, int]:
    return {cls: sum(c.cls == cls for c in changes) for cls in CLASSES}


def semver_bump(changes: list[Change]) -> str | None:
    """'major' for breaking changes, 'minor' for additive, 'patch' for info, else None."""
    found = counts(changes)
    if found[BREAKING]:
        return "major"
    if found[ADDITIVE]:
        return "minor"
    if found[INFO]:
        return "patch"
    return None


def bumped(version: str, bump: str | None) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return version

"""Sync's plan: which file each change between the live catalog and specs/ belongs in.

A changed value is written where it is defined: in the model's own file, or in a shared
base when every model that takes the value from that base changed the same way (otherwise
the model gets an override). New models get a spec file; removed ones are only reported
unless `prune` is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..catalog.located import LMap
from ..documents.wire import model_document
from .normalize import IDENTITY
from .spec_values import ROW_KEYS, images_spec, nested_spec, new_spec, spec_value
from .sync_errors import check_id

DELETE = object()
"""An edit's value that removes the key."""


@dataclass
class SyncPlan:
    edits: dict[Path, list[tuple[tuple[str, ...], Any]]] = field(default_factory=dict)
    created: dict[Path, dict[str, Any]] = field(default_factory=dict)
    deleted: list[Path] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    label: Any = None
    """Path -> the name shown in summaries (default: the path)."""

    def show(self, path: Path) -> str:
        return str(self.label(path)) if self.label is not None else path.as_posix()

    def edit(self, path: Path, keys: tuple[str, ...], value: Any, note: str) -> None:
        self.edits.setdefault(path, []).append((keys, value))
        self.summary.append(f"{self.show(path)}: {note}")


class Planner:
    """Works out which file each change belongs in."""

    def __init__(
        self, catalog: Catalog, trees: Mapping[str, LMap], live: Mapping[str, Mapping[str, Any]]
    ) -> None:
        self.catalog = catalog
        self.trees = trees
        self.live = live
        self.plan = SyncPlan()

    def _file(self, model_id: str) -> Path:
        return Path(self.trees[model_id].loc.file)

    def _definer(self, model_id: str, keys: tuple[str, ...]) -> Path | None:
        """The file that set the value at `keys` in this model's resolved tree."""
        node: Any = self.trees[model_id]
        for key in keys[:-1]:
            if not isinstance(node, LMap) or key not in node:
                return None
            node = node[key]
        if isinstance(node, LMap) and keys[-1] in node:
            return Path(node.value_locs[keys[-1]].file)
        return None

    def place(self, model_id: str, keys: tuple[str, ...], value: Any, note: str) -> None:
        """Write `value` at `keys` where it is defined, or as the model's own override."""
        own = self._file(model_id)
        definer = self._definer(model_id, keys)
        if definer is not None and definer != own:
            sharers = [m for m in self.trees if self._definer(m, keys) == definer]
            if all(self._live_value(m, keys) == value for m in sharers if m in self.live):
                self.plan.edit(definer, keys, value, f"{note} (shared by {len(sharers)} models)")
                return
        self.plan.edit(own, keys, value, note)

    def _live_value(self, model_id: str, keys: tuple[str, ...]) -> Any:
        document = self.live[model_id]
        if keys[0] == "parameters":
            rows = {r["name"]: r for r in document.get("parameters", [])}
            row = rows.get(keys[1])
            if row is None:
                return DELETE
            if len(keys) == 2:
                return spec_value(row)
            return row.get(keys[2], DELETE)
        if keys[0] == "images":
            images = document.get("images")
            return images_spec(images) if images else DELETE
        return document.get(keys[0], DELETE)

    def model(self, model_id: str) -> None:
        spec = model_document(self.catalog_model(model_id))
        live = self.live[model_id]
        for key in IDENTITY:
            if key in live and live[key] != spec.get(key):
                self.place(model_id, (key,), live[key], f"{model_id}: {key} changed")
        ours = {r["name"]: r for r in spec["parameters"]}
        theirs = {r["name"]: r for r in live.get("parameters", [])}
        for name, row in theirs.items():
            if name not in ours:
                keys = ("parameters", name)
                self.plan.edit(
                    self._file(model_id), keys, spec_value(row), f"{model_id}: {name} added"
                )
                continue
            for key in ROW_KEYS:
                before, after = ours[name].get(key, DELETE), row.get(key, DELETE)
                if before != after:
                    self._param_attr(model_id, name, key, after)
            for nested in ("items", "properties"):
                if nested_spec(ours[name].get(nested)) != nested_spec(row.get(nested)):
                    self.plan.manual.append(f"{model_id}: {name}.{nested} changed: edit by hand")
        for name in ours:
            if name not in theirs:
                self._removed_param(model_id, name)
        if live.get("images") != spec["images"]:
            value = images_spec(live["images"]) if live.get("images") else DELETE
            self.place(model_id, ("images",), value, f"{model_id}: image mapping changed")
        if [_rule_key(r) for r in live.get("rules", [])] != [_rule_key(r) for r in spec["rules"]]:
            self.plan.manual.append(f"{model_id}: cross-field rules changed: edit by hand")
        if "example" in live and live["example"] != spec["example"]:
            self.place(model_id, ("example",), live["example"], f"{model_id}: example changed")

    def _param_attr(self, model_id: str, name: str, key: str, value: Any) -> None:
        keys = ("parameters", name, key)
        if value is DELETE or (key in ("required", "api_only") and value is False):
            definer = self._definer(model_id, keys)
            if definer is None:
                return
            if definer != self._file(model_id) and key not in ("required", "api_only"):
                self.plan.manual.append(
                    f"{model_id}: {name}.{key} is gone upstream but set in {definer}: edit by hand"
                )
                return
            value = DELETE if definer == self._file(model_id) else False
        self.place(model_id, keys, value, f"{model_id}: {name}.{key} changed")

    def _removed_param(self, model_id: str, name: str) -> None:
        own = self._file(model_id)
        origin = self._definer(model_id, ("parameters", name, "type"))
        keys = ("parameters", name)
        if origin == own:
            self.plan.edit(own, keys, DELETE, f"{model_id}: {name} removed")
            return
        overridden = any(self._definer(model_id, (*keys, k)) == own for k in ROW_KEYS)
        if overridden:
            self.plan.edit(own, keys, DELETE, f"{model_id}: {name} override dropped")
        removed = list(self.trees[model_id].get("remove") or [])
        note = f"{model_id}: {name} removed (inherited: listed under remove)"
        self.plan.edit(own, ("remove",), [*removed, name], note)

    def catalog_model(self, model_id: str) -> Any:
        model = self.catalog.model(model_id)
        assert model is not None
        return model


def _rule_key(rule: Mapping[str, Any]) -> tuple[Any, ...]:
    return (rule.get("kind"), tuple(rule.get("fields", ())), rule.get("if"), rule.get("max"))


def plan_sync(
    catalog: Catalog,
    trees: Mapping[str, LMap],
    live: Mapping[str, Mapping[str, Any]],
    specs: Path,
    *,
    prune: bool = False,
    label: Any = None,
) -> SyncPlan:
    planner = Planner(catalog, trees, live)
    plan = planner.plan
    plan.label = label
    for model_id in sorted(live):
        if model_id in trees:
            planner.model(model_id)
        else:
            check_id(model_id)
            path = specs / "models" / f"{model_id}.yaml"
            plan.created[path] = new_spec(live[model_id])
            plan.summary.append(f"{plan.show(path)}: new model {model_id}")
    for model_id in sorted(set(trees) - set(live)):
        path = Path(trees[model_id].loc.file)
        if prune:
            plan.deleted.append(path)
            plan.summary.append(f"{plan.show(path)}: removed model {model_id} (deleted)")
        else:
            kept = f"kept ({plan.show(path)}), --prune deletes it"
            plan.manual.append(f"{model_id}: no longer listed by the hub; {kept}")
    return plan

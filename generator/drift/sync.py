"""`hubgen sync`: write the live catalog into specs/, changing only what changed.

Files are edited in place with ruamel.yaml's round trip, so comments, key order, quoting
and layout of everything untouched stay as they were. A changed value is written where it
is defined: in the model's own file, or in a shared base when every model that takes the
value from that base changed the same way (otherwise the model gets an override). New
models get a spec file; removed ones are only reported unless `prune` is set. The edited
tree must load cleanly before anything is written.

Planning runs in a scratch copy of specs/, in rounds: each round's edits are applied and
the tree reloaded, and the next round plans against that, until a round finds nothing to
change. So an edit to a file that other models extend (a model file another model builds
on) is followed by overrides that keep those models as the hub lists them: sync twice is
a no-op, and drift right after sync finds nothing.

A live id becomes a file name only if it passes lint's id check (lowercase letters and
digits, single '.' or '-' between them, at most 100 characters): anything else (dot
segments, slashes, backslashes, an absolute path, empty, NUL) is refused and nothing is
written.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..catalog import Catalog, load_catalog
from ..catalog.constraints import KEYS
from ..catalog.located import LMap
from ..catalog.model_checks import SAFE_ID
from ..catalog.rules import from_document, rule_kind
from ..documents.wire import model_document
from ..errors import HubgenError, SpecsInvalid
from .normalize import IDENTITY

ROW_KEYS = (
    "type",
    "required",
    "default",
    "values",
    *KEYS,
    "format",
    "description",
    "api_only",
)
_DELETE = object()
MAX_ROUNDS = 6


class SyncFailed(HubgenError):
    """Sync could not work out a clean result; nothing is written."""

    exit_code = 2


class UnsafeId(SyncFailed):
    """A live model id that cannot become a spec file name."""


def check_id(model_id: str) -> None:
    """UnsafeId unless `model_id` passes lint's id check (so it names a file in models/)."""
    if not SAFE_ID.match(model_id) or len(model_id) > 100:
        raise UnsafeId(
            f"model id {model_id!r} from the hub is not safe as a file name (lint wants "
            "lowercase letters, digits, and single '.' or '-' between them, at most 100 "
            "characters); nothing written"
        )


def yaml() -> YAML:
    """The round-trip YAML the spec files are written in (see specs/ for the layout)."""
    out = YAML()
    out.preserve_quotes = True
    out.width = 4096
    out.indent(mapping=2, sequence=4, offset=2)
    out.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return out


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


def _spec_value(row: Mapping[str, Any]) -> dict[str, Any]:
    """A parameter row as a spec's parameter mapping (facts that do not apply left out)."""
    out: dict[str, Any] = {"type": row["type"]}
    if row.get("required"):
        out["required"] = True
    for key in ROW_KEYS[2:]:
        if key in row and row[key] not in (None, "", False):
            out[key] = row[key]
    if isinstance(row.get("items"), Mapping):
        out["items"] = _spec_value(row["items"])
    if isinstance(row.get("properties"), list):
        out["properties"] = {p["name"]: _spec_value(p) for p in row["properties"]}
    return out


def _nested(value: Any) -> Any:
    """Nested items or properties as a spec writes them (row names and unset facts left
    out), so rows from a table and rows from a schema compare alike."""
    if isinstance(value, Mapping) and "type" in value:
        return _spec_value(value)
    if isinstance(value, list):
        return {p.get("name"): _spec_value(p) for p in value if isinstance(p, Mapping)}
    return value


def _images_spec(images: Mapping[str, Any]) -> dict[str, Any]:
    count = {"min": images.get("min", 0)}
    if images.get("max") is not None:  # no max: any number
        count["max"] = images["max"]
    out: dict[str, Any] = {"count": count}
    if images.get("slots"):
        out["slots"] = list(images["slots"])
    else:
        out["list"] = images.get("list")
    return out


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
                return _DELETE
            if len(keys) == 2:
                return _spec_value(row)
            return row.get(keys[2], _DELETE)
        if keys[0] == "images":
            images = document.get("images")
            return _images_spec(images) if images else _DELETE
        return document.get(keys[0], _DELETE)

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
                    self._file(model_id), keys, _spec_value(row), f"{model_id}: {name} added"
                )
                continue
            for key in ROW_KEYS:
                before, after = ours[name].get(key, _DELETE), row.get(key, _DELETE)
                if before != after:
                    self._param_attr(model_id, name, key, after)
            for nested in ("items", "properties"):
                if _nested(ours[name].get(nested)) != _nested(row.get(nested)):
                    self.plan.manual.append(f"{model_id}: {name}.{nested} changed: edit by hand")
        for name in ours:
            if name not in theirs:
                self._removed_param(model_id, name)
        if live.get("images") != spec["images"]:
            value = _images_spec(live["images"]) if live.get("images") else _DELETE
            self.place(model_id, ("images",), value, f"{model_id}: image mapping changed")
        if [_rule_key(r) for r in live.get("rules", [])] != [_rule_key(r) for r in spec["rules"]]:
            self.plan.manual.append(f"{model_id}: cross-field rules changed: edit by hand")
        if "example" in live and live["example"] != spec["example"]:
            self.place(model_id, ("example",), live["example"], f"{model_id}: example changed")

    def _param_attr(self, model_id: str, name: str, key: str, value: Any) -> None:
        keys = ("parameters", name, key)
        if value is _DELETE or (key in ("required", "api_only") and value is False):
            definer = self._definer(model_id, keys)
            if definer is None:
                return
            if definer != self._file(model_id) and key not in ("required", "api_only"):
                self.plan.manual.append(
                    f"{model_id}: {name}.{key} is gone upstream but set in {definer}: edit by hand"
                )
                return
            value = _DELETE if definer == self._file(model_id) else False
        self.place(model_id, keys, value, f"{model_id}: {name}.{key} changed")

    def _removed_param(self, model_id: str, name: str) -> None:
        own = self._file(model_id)
        origin = self._definer(model_id, ("parameters", name, "type"))
        keys = ("parameters", name)
        if origin == own:
            self.plan.edit(own, keys, _DELETE, f"{model_id}: {name} removed")
            return
        overridden = any(self._definer(model_id, (*keys, k)) == own for k in ROW_KEYS)
        if overridden:
            self.plan.edit(own, keys, _DELETE, f"{model_id}: {name} override dropped")
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
            plan.created[path] = _new_spec(live[model_id])
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


@dataclass
class SyncResult:
    changes: dict[Path, str | None]
    """New text of each file to change under specs/ (None: delete it)."""
    summary: list[str]
    manual: list[str]


def _texts(root: Path) -> dict[Path, str]:
    return {p.relative_to(root): p.read_text("utf-8") for p in sorted(root.rglob("*.yaml"))}


def sync_specs(
    specs: Path, live: Mapping[str, Mapping[str, Any]], *, prune: bool = False
) -> SyncResult:
    """Plan every change in rounds in a scratch copy of `specs` (see the module docstring);
    the result maps files under `specs` to their new text. Nothing under `specs` is written."""
    with tempfile.TemporaryDirectory(prefix="hubgen-sync-") as tmp:
        scratch = (Path(tmp) / specs.name).resolve()
        shutil.copytree(specs, scratch)

        def label(path: Path) -> str:
            return (specs / path.resolve().relative_to(scratch)).as_posix()

        summary: list[str] = []
        manual: list[str] = []
        for round_number in range(MAX_ROUNDS):
            result = load_catalog(scratch)
            if result.catalog is None:
                raise SpecsInvalid(result.problems)
            plan = plan_sync(
                result.catalog,
                result.trees,
                live,
                scratch,
                prune=prune and round_number == 0,
                label=label,
            )
            manual += plan.manual
            moved = False
            for path, text in render_plan(plan).items():
                target = path.resolve()
                if text is None:
                    moved = moved or target.exists()
                    target.unlink(missing_ok=True)
                elif not target.is_file() or target.read_text("utf-8") != text:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
                    moved = True
            if not moved:
                break
            summary += plan.summary
        else:
            raise SyncFailed(f"sync did not settle in {MAX_ROUNDS} rounds; nothing written")
        before, after = _texts(specs), _texts(scratch)
        changes: dict[Path, str | None] = {}
        for rel in sorted(set(before) | set(after)):
            if before.get(rel) != after.get(rel):
                changes[specs / rel] = after.get(rel)
    return SyncResult(changes, list(dict.fromkeys(summary)), list(dict.fromkeys(manual)))


def _new_spec(document: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": document["id"]}
    out.update({k: document[k] for k in IDENTITY if k in document})
    out["parameters"] = {r["name"]: _spec_value(r) for r in document.get("parameters", [])}
    if document.get("images"):
        out["images"] = _images_spec(document["images"])
    rules: list[dict[str, Any]] = []
    for rule in document.get("rules", []):
        known = from_document(rule)
        if known is not None:
            rules.append({known.kind: rule_kind(known).write(known)})
    if rules:
        out["rules"] = rules
    out["example"] = dict(document.get("example") or {})
    return out


def _to_yaml_value(value: Any) -> Any:
    """Plain data as ruamel nodes; short lists of scalars in flow style, as specs write them."""
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _to_yaml_value(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_to_yaml_value(v) for v in value)
        if all(not isinstance(v, (Mapping, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return _scalar(value)


def _apply(document: CommentedMap, keys: tuple[str, ...], value: Any) -> None:
    node = document
    for key in keys[:-1]:
        if key not in node or not isinstance(node[key], CommentedMap):
            node[key] = CommentedMap()
        node = node[key]
    last = keys[-1]
    if value is _DELETE:
        node.pop(last, None)
        return
    old = node.get(last)
    if isinstance(old, CommentedSeq) and isinstance(value, list):
        quoted = [type(item) for item in old if isinstance(item, str) and type(item) is not str]
        seq = _to_yaml_value([quoted[0](v) if quoted and isinstance(v, str) else v for v in value])
        if not old.fa.flow_style():
            seq.fa.set_block_style()
        node[last] = seq
    elif not isinstance(value, (Mapping, list)) and last in node:
        node[last] = _keep_style(old, value)
    else:
        node[last] = _to_yaml_value(value)


_AMBIGUOUS = re.compile(
    r"^$|^[-+.]?[0-9][0-9_:.eE+-]*$|^(?:true|false|yes|no|on|off|y|n|null|~)$", re.IGNORECASE
)


def _scalar(value: Any) -> Any:
    """Strings that other YAML readers could take for numbers, booleans or null get quotes
    (as the specs write "16:9" and "8s"); everything else is written as it is."""
    if isinstance(value, str) and type(value) is str and _AMBIGUOUS.match(value):
        return DoubleQuotedScalarString(value)
    return value


def _keep_style(old: Any, value: Any) -> Any:
    """A new scalar in the old one's quoting style, when both are strings."""
    if isinstance(value, str) and isinstance(old, str) and type(old) is not str:
        try:
            return type(old)(value)
        except TypeError:
            pass
    return _scalar(value)


def render_plan(plan: SyncPlan) -> dict[Path, str | None]:
    """New text for each touched file (None: delete it)."""
    y = yaml()
    out: dict[Path, str | None] = {}
    for path, edits in plan.edits.items():
        document = y.load(path.read_text("utf-8"))
        for keys, value in edits:
            _apply(document, keys, value)
        buffer = io.StringIO()
        y.dump(document, buffer)
        out[path] = buffer.getvalue()
    for path, spec in plan.created.items():
        buffer = io.StringIO()
        y.dump(_to_yaml_value(spec), buffer)
        out[path] = buffer.getvalue()
    for path in plan.deleted:
        out[path] = None
    return out


def diff_text(changes: Mapping[Path, str | None], root: Path) -> str:
    """A unified diff of every change, paths shown relative to `root`."""
    chunks: list[str] = []
    for path, text in sorted(changes.items()):
        before = path.read_text("utf-8") if path.is_file() else ""
        after = text or ""
        name = path.resolve().relative_to(root.resolve()).as_posix()
        chunks += difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}" if text is not None else "/dev/null",
        )
    return "".join(chunks)


def verify_and_write(specs: Path, changes: Mapping[Path, str | None]) -> None:
    """Load the edited tree in a scratch copy; only if it is clean, write the files."""
    with tempfile.TemporaryDirectory(prefix="hubgen-sync-") as tmp:
        scratch = Path(tmp) / specs.name
        shutil.copytree(specs, scratch)
        for path, text in changes.items():
            target = scratch / path.resolve().relative_to(specs.resolve())
            if text is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        result = load_catalog(scratch)
        if result.catalog is None:
            raise SpecsInvalid(result.problems)
    for path, text in changes.items():
        if text is None:
            path.unlink(missing_ok=True)
            continue
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".sync-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp_name, path)


__all__ = [
    "SyncPlan",
    "SyncResult",
    "check_id",
    "diff_text",
    "plan_sync",
    "render_plan",
    "sync_specs",
    "verify_and_write",
]

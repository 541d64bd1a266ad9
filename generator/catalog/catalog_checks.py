"""Checks of the whole catalog: across models (duplicate ids, clashing generated Python
names) and of hub.yaml (capability names and endpoint paths)."""

from __future__ import annotations

import keyword
from collections.abc import Iterator

from ..errors import SpecError
from ..naming import class_name, module_name
from .hub import HubSpec
from .located import LMap, Loc
from .model import ModelSpec
from .shape import key_loc, value_loc

CLIENT_NAMES = frozenset({"tasks", "models", "base_url", "validation", "close", "aclose"})
"""Attributes of the SDK's clients that a capability's resource (client.<name>) must not take."""


def check_catalog(models: list[tuple[ModelSpec, Loc]]) -> Iterator[SpecError]:
    """Checks across models (each with the position of its id): duplicate ids and
    clashing generated Python names."""
    owners: dict[str, tuple[str, Loc]] = {}
    for model, loc in models:
        for kind, name in (
            ("id", model.id),
            ("module", module_name(model.id)),
            ("class", class_name(model.id)),
        ):
            key = f"{kind}:{name}"
            if key in owners:
                other, other_loc = owners[key]
                code = "E205" if kind == "id" else "E208"
                what = (
                    f"duplicate id '{model.id}'"
                    if kind == "id"
                    else f"'{model.id}' and '{other}' both become the Python {kind} '{name}'"
                )
                yield SpecError(
                    loc.file,
                    loc.line,
                    loc.column,
                    code,
                    f"{what} (first at {other_loc.file}:{other_loc.line + 1})",
                )
            else:
                owners[key] = (model.id, loc)


def check_hub(hub: HubSpec, tree: LMap) -> Iterator[SpecError]:
    """What the hub schema cannot say: each capability's name works as a client attribute
    (client.<capability>), and no two endpoints share a path."""
    for capability in hub.capabilities:
        name = capability.name
        if keyword.iskeyword(name) or name in CLIENT_NAMES or name.startswith("_"):
            loc = key_loc(tree, ["capabilities", name])
            yield SpecError(
                loc.file,
                loc.line,
                loc.column,
                "E211",
                f"capabilities.{name}: '{name}' cannot name an SDK resource "
                f"(client.{name}): it is a Python keyword or a client attribute",
            )
    seen: dict[str, str] = {e.path: e.id for e in hub.endpoints}
    for capability in hub.capabilities:
        owner = seen.get(capability.path)
        if owner is not None:
            loc = value_loc(tree, ["capabilities", capability.name, "path"])
            yield SpecError(
                loc.file,
                loc.line,
                loc.column,
                "E211",
                f"capabilities.{capability.name}.path: {capability.path} is already the path "
                f"of {owner}",
            )
        seen[capability.path] = capability.name

"""Turning a resolved, shape-checked spec tree into the typed catalog objects."""

from __future__ import annotations

from typing import Any

from .constraints import KEYS
from .hub import Capability, Endpoint, HubSpec, Polling, TaskField
from .images import ImageMapping
from .located import LList, LMap
from .model import ModelSpec
from .parameter import Parameter, page_order
from .rules import Rule, read_rule


def plain(value: Any) -> Any:
    """A located tree as plain dicts and lists (for examples and defaults)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def build_parameter(name: str, node: LMap) -> Parameter:
    items = node.get("items")
    properties = node.get("properties")
    values = node.get("values")
    return Parameter(
        name=name,
        type=node["type"],
        required=bool(node.get("required", False)),
        has_default="default" in node,
        default=plain(node.get("default")),
        values=tuple(values) if isinstance(values, list) else None,
        **{key: node.get(key) for key in KEYS},
        format=node.get("format"),
        description=str(node.get("description", "")).strip(),
        api_only=bool(node.get("api_only", False)),
        items=build_parameter("item", items) if isinstance(items, LMap) else None,
        properties=build_parameters(properties) if isinstance(properties, LMap) else (),
    )


def build_parameters(node: LMap) -> tuple[Parameter, ...]:
    params = [build_parameter(name, value) for name, value in node.items()]
    return tuple(sorted(params, key=lambda p: page_order(p.name)))


def build_images(node: LMap | None) -> ImageMapping | None:
    if node is None:
        return None
    count = node.get("count") or {}
    slots = tuple(node.get("slots") or ())
    return ImageMapping(
        min=int(count.get("min", 0)),
        max=count.get("max", len(slots) or None),
        slots=slots,
        list_field=node.get("list"),
    )


def build_rule(node: LMap) -> Rule:
    ((kind, body),) = node.items()
    return read_rule(kind, plain(body))


def build_model(tree: LMap, source: str, bases: tuple[str, ...]) -> ModelSpec:
    rules = tree.get("rules") or LList(tree.loc)
    return ModelSpec(
        id=tree["id"],
        name=tree["name"],
        vendor=tree["vendor"],
        capability=tree["capability"],
        mode=tree.get("mode"),
        summary=tree["summary"].strip(),
        parameters=build_parameters(tree["parameters"]),
        images=build_images(tree.get("images")),
        rules=tuple(build_rule(r) for r in rules),
        example=plain(tree["example"]),
        source=source,
        bases=bases,
    )


def build_capabilities(node: LMap) -> tuple[Capability, ...]:
    return tuple(
        Capability(
            name=name,
            path=body["path"],
            summary=str(body.get("summary", "")).strip(),
            modes=tuple(body.get("modes") or ()),
        )
        for name, body in node.items()
    )


def build_hub(tree: LMap, source: str) -> HubSpec:
    polling = tree["polling"]
    return HubSpec(
        name=tree["name"],
        base_url=tree["base_url"],
        auth_header=tree["auth"]["header"],
        auth_env=tree["auth"]["env"],
        endpoints=tuple(
            Endpoint(e["id"], e["method"], e["path"], e["summary"], tuple(e.get("query", ())))
            for e in tree["endpoints"]
        ),
        capabilities=build_capabilities(tree["capabilities"]),
        task=tuple(
            TaskField(
                name,
                f["type"],
                f["description"],
                f.get("format"),
                plain(f.get("example")),
                f.get("required", False),
                tuple(f.get("aliases", ())),
            )
            for name, f in tree["task"].items()
        ),
        source=source,
        polling=Polling(
            interval=float(polling["interval"]),
            max_interval=float(polling["max_interval"]),
            backoff=float(polling["backoff"]),
            jitter=float(polling["jitter"]),
            timeout=float(polling["timeout"]),
            running=tuple(polling["running"]),
            succeeded=tuple(polling["succeeded"]),
            failed=tuple(polling["failed"]),
        ),
        base_url_env=tree["auth"].get("base_url_env", "HUB_BASE_URL"),
        sdk_package=tree["sdk"]["package"],
        sdk_version=tree["sdk"]["version"],
    )

"""What the client's generated parts show of the hub: one resource per capability, the
task's fields, and the keywords the resources' methods take themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...catalog import Catalog
from ...naming import attribute_name
from ...render.layout import Call
from .request_model import SCALARS, PyField

RESERVED_KEYWORDS = ("self", "model", "validation", "timeout", "wait_timeout", "poll_interval")
"""Keywords generate() and generate_and_wait() take themselves: such a parameter goes
through submit()."""
TASK_TYPES = {"object": "dict[str, Any]", "array": "list[Any]", "any": "Any"}


@dataclass(frozen=True)
class Resource:
    """`client.<capability>`: one capability's resource; `model` is typed as the Literal of
    its ids (one alias, not one signature per model: the stub costs a type checker the same
    at any catalog size)."""

    name: str
    cls: str
    path: str
    ids: list[str]

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def alias(self) -> str:
        return f"_{self.cls}Model"


def task_fields(catalog: Catalog) -> list[PyField]:
    fields = []
    for task_field in catalog.hub.task:
        annotation = TASK_TYPES.get(task_field.type) or SCALARS[task_field.type]
        kwargs: list[tuple[str, Any]] = [] if task_field.required else [("default", None)]
        attr = attribute_name(task_field.name, input_field=False)
        if not task_field.required and annotation != "Any":
            annotation += " | None"
        names = (task_field.name, *task_field.aliases)
        if len(names) > 1:
            kwargs.append(("validation_alias", Call("AliasChoices", names, ())))
            if attr != task_field.name:
                kwargs.append(("serialization_alias", task_field.name))
        elif attr != task_field.name:
            kwargs.append(("alias", task_field.name))
        kwargs.append(("description", task_field.description))
        fields.append(PyField(attr, annotation, tuple(kwargs)))
    return fields

"""Python names for catalog things, made in exactly one place.

Model ids and parameter names come from the hub and may be anything: dashes, dots,
leading digits, Python keywords, or names that pydantic's BaseModel already uses.
"""

from __future__ import annotations

import builtins
import keyword
import re
import typing

# Attributes of pydantic.BaseModel (v2) that a field must not shadow, frozen here so the
# generated names do not depend on the installed pydantic.
_BASEMODEL_NAMES = frozenset(
    """construct copy dict from_orm json parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate""".split()
)
# Names a field must not take either: builtins and typing names (the generated modules use
# str, int, Literal, ...), HubInput's own attributes, the runtime names a model module
# imports, and the keywords of the client's generate methods.
_RESERVED = (
    frozenset(dir(builtins))
    | frozenset(typing.__all__)
    | frozenset("""to_input to_upstream self model validation timeout wait_timeout poll_interval
        input params Field HubInput HubItem Uri Rule ImageSlots ImageList annotations""".split())
)
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")


def _words(text: str) -> list[str]:
    return [w for w in _NON_WORD.split(text) if w]


def module_name(model_id: str) -> str:
    """'veo-3.1-image' -> 'veo_3_1_image'."""
    name = "_".join(_words(model_id)).lower() or "model"
    if name[0].isdigit():
        name = f"m_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def class_name(model_id: str, suffix: str = "Input") -> str:
    """'veo-3.1-image' -> 'Veo31ImageInput'."""
    name = "".join(w[:1].upper() + w[1:] for w in _words(model_id)) or "Model"
    if name[0].isdigit():
        name = f"M{name}"
    return f"{name}{suffix}"


def attribute_name(param_name: str, *, input_field: bool = True) -> str:
    """The attribute for an upstream parameter; the upstream name becomes its alias.
    `input_field=False` (a Task field) keeps builtins and the client's keywords."""
    name = "_".join(_words(param_name))
    if not name:
        name = "field"
    if name[0].isdigit():
        name = f"f_{name}"
    if (
        keyword.iskeyword(name)
        or name in _BASEMODEL_NAMES
        or (input_field and name in _RESERVED)
        or name.startswith(("model_", "hub_", "_"))
    ):
        name = f"{name}_"
    return name

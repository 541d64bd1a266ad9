"""Python names for catalog things, made in exactly one place.

Model ids and parameter names come from the hub and may be anything: dashes, dots,
leading digits, Python keywords, or names that pydantic's BaseModel already uses.
"""

from __future__ import annotations

import keyword
import re

# Attributes of pydantic.BaseModel (v2) that a field must not shadow, frozen here so the
# generated names do not depend on the installed pydantic.
_BASEMODEL_NAMES = frozenset(
    """construct copy dict from_orm json parse_file parse_obj parse_raw schema schema_json
    update_forward_refs validate""".split()
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


def attribute_name(param_name: str) -> str:
    """The attribute for an upstream parameter; the upstream name becomes its alias."""
    name = "_".join(_words(param_name))
    if not name:
        name = "field"
    if name[0].isdigit():
        name = f"f_{name}"
    if keyword.iskeyword(name) or name in _BASEMODEL_NAMES or name.startswith("model_"):
        name = f"{name}_"
    return name

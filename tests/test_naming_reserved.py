"""No parameter name can shadow what the generated SDK itself uses (issue 13, point 4)."""

from __future__ import annotations

import builtins
import keyword
import typing

import pydantic
import pytest
from hub_sdk._runtime._base import HubInput

from generator.naming import attribute_name

CLIENT_KEYWORDS = ["self", "model", "validation", "timeout", "wait_timeout", "poll_interval"]
HOSTILE = sorted(
    set(keyword.kwlist)
    | {n for n in dir(builtins) if n.isidentifier()}
    | set(typing.__all__)
    | {n for n in dir(HubInput) if not n.startswith("__")}
    | {n for n in dir(pydantic.BaseModel) if not n.startswith("__")}
    | set(CLIENT_KEYWORDS)
)
TAKEN = set(HOSTILE)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_parameter_name_is_renamed(name: str) -> None:
    attr = attribute_name(name)
    assert attr.isidentifier() and not keyword.iskeyword(attr)
    assert attr not in TAKEN, attr
    # pydantic warns about any field that starts like its own names (model_dump_ too).
    assert not attr.startswith(("model_", "hub_", "_")), attr

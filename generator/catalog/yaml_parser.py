"""What both YAML readers share: ruamel.yaml's C parser where it is installed, the
nesting measure taken before a file is composed, the check for text no UTF-8 file can
hold, and the names of the core tags."""

from __future__ import annotations

from functools import cache

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from ..errors import SpecError
from . import limits

TAG = "tag:yaml.org,2002:"
INT = f"{TAG}int"


@cache
def c_composer() -> tuple[YAML, SafeConstructor] | None:
    """ruamel.yaml's C-based composer and a constructor for scalars, if the C parser is
    installed."""
    try:
        yaml = YAML(typ="safe", pure=False)
        if yaml.Parser.__module__.startswith("ruamel.yaml.parser"):
            return None  # no C parser here: the pure one brings no speed
    except (ImportError, AttributeError):
        return None
    constructor = yaml.constructor
    if not isinstance(constructor, SafeConstructor):
        return None
    return yaml, constructor


def too_deep(text: str, display: str, *, quick: bool) -> SpecError | None:
    """limits.too_deep on the events of the C parser where there is one: the pure one
    looks up to 1024 characters ahead at every level, quadratic in the depth. `quick`:
    skipped when the text cannot nest deep enough to harm the C composer (the fast
    path measures the depth itself as it converts)."""
    if quick and limits.surely_shallow(text):
        return None
    found = c_composer()
    yaml = found[0] if found is not None else YAML(typ="rt")
    return limits.too_deep(lambda: yaml.parse(text), display)


def not_unicode(text: str) -> bool:
    """True for a string no UTF-8 file can hold: a lone surrogate, from an escape."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False

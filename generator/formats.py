"""String formats checked wherever hubgen validates input against a model's schema
(lint's example check and the mock hub). hub_sdk checks the same rule on its own
(templates/python/runtime/_base.py: `is_uri`); the contract tests hold the two together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from jsonschema import FormatChecker

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_SPACE = re.compile(r"\s")  # what str.isspace() calls a space
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9._~%!$&'()*+,;=:@-]+(?:[/?#].*)?", re.S)


def is_uri(value: object) -> bool:
    """An absolute URI: a scheme, then something, no spaces or control characters.
    Non-strings pass: `type` reports those."""
    if not isinstance(value, str):
        return True
    if not value.isprintable() or _SPACE.search(value):
        return False
    if _PLAIN.fullmatch(value):
        return True  # scheme://host...: what urlsplit below accepts, without calling it
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(_SCHEME.fullmatch(parts.scheme) and (parts.netloc or parts.path))


CHECKS: dict[str, Callable[[object], bool]] = {"uri": is_uri}
"""The formats checked, each with its check (any other format is not checked)."""


@cache
def format_checker() -> FormatChecker:
    """jsonschema's checker of CHECKS (jsonschema loads when it is first asked for)."""
    from jsonschema import FormatChecker  # noqa: PLC0415

    checker = FormatChecker(formats=())
    for name, check in CHECKS.items():
        checker.checks(name)(check)
    return checker

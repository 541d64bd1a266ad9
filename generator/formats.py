"""String formats checked wherever hubgen validates input against a model's schema
(lint's example check and the mock hub). hub_sdk checks the same rule on its own
(templates/python/runtime/_base.py: `is_uri`); the contract tests hold the two together.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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


FORMATS = FormatChecker(formats=())
FORMATS.checks("uri")(is_uri)

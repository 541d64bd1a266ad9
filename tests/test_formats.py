"""The uri format: hubgen's check (lint, mock hub) and hub_sdk's are one rule, and the
shortcut both take for plain `scheme://host...` URLs agrees with urlsplit."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

import pytest
from hub_sdk._runtime._base import is_uri as sdk_is_uri

from generator.formats import is_uri

SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


def by_urlsplit(value: str) -> bool:
    """The rule as first written: no shortcut."""
    if not value.isprintable() or any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(SCHEME.fullmatch(parts.scheme) and (parts.netloc or parts.path))


PARTS = ["https://", "HTTP://", "s3://", "x+y.z-w://", "1http://", "://", "mailto:", ""]
HOSTS = ["example.com", "[::1]", "[::1", "::1]", "u:p@h:80", "é.com", "a b", "", "h\x00", "%41"]
TAILS = ["", "/a.jpg", "?q=1", "#f", "/\t", "/ü", "/\u2028", "/[x]"]
VALUES = ["".join(p) for p in itertools.product(PARTS, HOSTS, TAILS)] + [
    "https://example.com/a.jpg",
    "urn:isbn:0451450523",
    "data:image/png;base64,AAAA",
    "not a url",
    "relative/path.jpg",
    "https://exa mple.com",
    "https://example.com/\u00a0",
    "https://example.com/\x1f",
]


@pytest.mark.parametrize("check", [is_uri, sdk_is_uri], ids=["generator", "hub_sdk"])
def test_the_shortcut_agrees_with_urlsplit(check: object) -> None:
    assert callable(check)
    disagree = [v for v in VALUES if check(v) != by_urlsplit(v)]
    assert disagree == []
    assert sum(map(by_urlsplit, VALUES)) > 50  # the corpus holds plenty of both answers
    assert sum(not by_urlsplit(v) for v in VALUES) > 50

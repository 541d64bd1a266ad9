"""Why `hubgen sync` refuses: `SyncFailed`, and `UnsafeId` with `check_id`, the check
that raises it.

A live id becomes a file name only if it passes lint's id check (lowercase letters and
digits, single '.' or '-' between them, at most 100 characters): anything else (dot
segments, slashes, backslashes, an absolute path, empty, NUL) is refused and nothing is
written.
"""

from __future__ import annotations

from ..catalog.model_checks import SAFE_ID
from ..errors import HubgenError


class SyncFailed(HubgenError):
    """Sync could not work out a clean result; nothing is written."""

    exit_code = 2


class UnsafeId(SyncFailed):
    """A live model id that cannot become a spec file name."""


def check_id(model_id: str) -> None:
    """UnsafeId unless `model_id` passes lint's id check (so it names a file in models/)."""
    if not SAFE_ID.match(model_id) or len(model_id) > 100:
        raise UnsafeId(
            f"model id {model_id!r} from the hub is not safe as a file name (lint wants "
            "lowercase letters, digits, and single '.' or '-' between them, at most 100 "
            "characters); nothing written"
        )

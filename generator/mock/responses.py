"""The mock hub's answers that are JSON errors: `{"error": {"code", "message",
"problems"?}}`, never a stack trace."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..catalog.shape import suggest
from .checks import Problem


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"error": {"code": code, "message": message, **extra}}
    return JSONResponse(body, status_code=status)


def invalid(*problems: Problem, model_id: str | None = None) -> Response:
    """A 422 listing each problem of a request body or of a model's input."""
    count = len(problems)
    what = f"invalid input for {model_id}" if model_id else "invalid request"
    message = f"{what} ({count} problem{'s' if count != 1 else ''})"
    return error(422, "invalid_input", message, problems=[p.as_json() for p in problems])


def unknown_query(request: Request, known: set[str]) -> Response | None:
    """A 422 naming query parameters the endpoint does not take, or None."""
    extra = sorted(set(request.query_params) - known)
    if not extra:
        return None
    problems = [
        Problem(name, "unknown_field", f"unknown query parameter{suggest(name, known)}")
        for name in extra
    ]
    message = f"unknown query parameter(s): {', '.join(extra)}"
    return error(422, "invalid_query", message, problems=[p.as_json() for p in problems])

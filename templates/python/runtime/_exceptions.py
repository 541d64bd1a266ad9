"""What the client raises. Messages name the request and the cause, never the token.

HubError                     anything the client reports
├── APIConnectionError       no answer: refused, reset, timed out
├── APIError                 the hub answered with an error status
│   ├── BadRequestError          400, 413, 422 (`problems` lists each one)
│   ├── AuthenticationError      401, 403
│   ├── NotFoundError            404
│   ├── RateLimitError           429 (`retry_after` in seconds)
│   └── ServerError              5xx
├── MalformedResponseError   an answer that is not the documented shape
├── TaskFailedError          the task ended failed (`task`)
└── TaskTimeoutError         the task did not end in time (`task_id`, `task`)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._task import Task


class HubError(Exception):
    """Base of every error the client raises (InputError is raised before sending)."""


class APIConnectionError(HubError):
    def __init__(self, method: str, url: str, cause: BaseException) -> None:
        self.method = method
        self.url = url
        self.cause = cause
        reason = str(cause) or type(cause).__name__
        super().__init__(f"{method} {url}: no answer from the hub ({reason})")


class APIError(HubError):
    """The hub answered `status_code`; `body` is its answer (parsed JSON if it was JSON)."""

    def __init__(
        self,
        method: str,
        url: str,
        status_code: int,
        body: Any,
        *,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        self.retry_after = retry_after
        detail = _detail(body)
        where = f" (request id {request_id})" if request_id else ""
        super().__init__(f"{method} {url} answered {status_code}: {detail}{where}")

    @property
    def problems(self) -> list[dict[str, Any]]:
        """Per-field problems, when the hub listed them."""
        error = self.body.get("error") if isinstance(self.body, dict) else None
        found = error.get("problems") if isinstance(error, dict) else None
        return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []


class BadRequestError(APIError):
    pass


class AuthenticationError(APIError):
    pass


class NotFoundError(APIError):
    pass


class RateLimitError(APIError):
    pass


class ServerError(APIError):
    pass


class MalformedResponseError(HubError):
    def __init__(self, method: str, url: str, reason: str) -> None:
        self.method = method
        self.url = url
        super().__init__(f"{method} {url}: unexpected answer: {reason}")


class TaskFailedError(HubError):
    """A task that ended without a result: failed, timeout, cancelled, or (known=False) a
    status the SDK does not know. `task` is the last answer, `error_code` and
    `error_message` the hub's reason."""

    def __init__(self, task: Task, *, known: bool = True) -> None:
        self.task = task
        self.status = task.status
        self.error_code = task.error_code
        self.error_message = task.error_message
        which = f" ({task.model})" if task.model else ""
        reason = ": ".join(str(x) for x in (task.error_code, task.error_message) if x)
        ended = (
            f"ended {task.status}"
            if known
            else f"is ready in status {task.status!r}, which the SDK does not know"
        )
        super().__init__(f"task {task.task_id}{which} {ended}: {reason or 'no reason given'}")


class TaskTimeoutError(HubError):
    def __init__(self, task_id: str, waited: float, task: Task | None) -> None:
        self.task_id = task_id
        self.waited = waited
        self.task = task
        status = task.status if task is not None else "unknown"
        super().__init__(f"task {task_id} did not end within {waited:.1f}s (last status: {status})")


def _detail(body: Any) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            problems = error.get("problems")
            lines = [error["message"]]
            if isinstance(problems, list):
                lines += [
                    f"  - {p.get('field')}: {p.get('message')} [{p.get('rule')}]"
                    for p in problems
                    if isinstance(p, dict)
                ]
            return "\n".join(lines)
        if isinstance(error, str):
            return error
        if isinstance(body.get("message"), str):
            return str(body["message"])
    text = body if isinstance(body, str) else repr(body)
    return text[:500] if text else "(empty body)"


STATUS_ERRORS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    413: BadRequestError,
    422: BadRequestError,
    429: RateLimitError,
}


def error_class(status_code: int) -> type[APIError]:
    if status_code >= 500:
        return ServerError
    return STATUS_ERRORS.get(status_code, APIError)

"""What the sync and async clients share: settings, request bodies, retry and polling
policy, and turning answers into typed results or errors. No I/O here."""

from __future__ import annotations

import email.utils
import math
import os
import random
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from .._hub import AUTH_HEADER, BASE_URL, BASE_URL_ENV, TOKEN_ENV
from .._registry import MODELS
from .._task import Task
from ._api import model_class, validate_input
from ._base import HubInput
from ._errors import InputError, Problem
from ._exceptions import APIConnectionError, HubError, MalformedResponseError, error_class
from ._polling import Polling

Validation = Literal["strict", "warn", "off"]
VALIDATIONS = ("strict", "warn", "off")
RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
MAX_ANSWER_BYTES = 5 * 2**20
"""The largest answer the SDK reads, counted after decompression."""
T = TypeVar("T", bound=BaseModel)


class HubValidationWarning(UserWarning):
    """An input the SDK would reject, sent anyway because validation="warn"."""


@dataclass(frozen=True)
class Retry:
    """Retries on connection errors, 408/409/429 and 5xx: exponential backoff with full
    jitter, or the Retry-After the hub asks for (capped at a minute)."""

    max_retries: int = 2
    initial: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, response: httpx.Response | None, rng: random.Random) -> float:
        if response is not None:
            asked = retry_after(response)
            if asked is not None:
                return min(asked, MAX_RETRY_AFTER)
        return rng.uniform(0, min(self.max_delay, self.initial * 2**attempt))


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
            seconds = parsed.timestamp() - time.time()
        except (ValueError, TypeError, OverflowError):
            return None  # neither seconds nor an HTTP date: as if not given
    return max(0.0, seconds) if math.isfinite(seconds) else None


@dataclass(frozen=True)
class Settings:
    token: str
    base_url: str
    timeout: float
    retry: Retry
    validation: Validation
    polling: Polling

    def headers(self) -> dict[str, str]:
        return {AUTH_HEADER: f"Bearer {self.token}", "Accept": "application/json"}


def settings(
    api_key: str | None,
    *,
    base_url: str | None,
    timeout: float,
    max_retries: int,
    validation: Validation,
    polling: Polling,
) -> Settings:
    token = api_key if api_key is not None else os.environ.get(TOKEN_ENV, "")
    if not token:
        raise HubError(f"no API token: pass api_key=... or set {TOKEN_ENV}")
    url = base_url or os.environ.get(BASE_URL_ENV) or BASE_URL
    if not url.startswith(("http://", "https://")):
        raise HubError(f"base URL must start with http:// or https://, got {url!r}")
    check_validation(validation)
    if max_retries < 0:
        raise HubError(f"max_retries must be 0 or more, got {max_retries}")
    return Settings(token, url.rstrip("/"), timeout, Retry(max_retries), validation, polling)


def check_validation(validation: str) -> None:
    if validation not in VALIDATIONS:
        raise HubError(f"validation must be one of {', '.join(VALIDATIONS)}, got {validation!r}")


def _by_alias(model_id: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword names (from_, class_) back to the hub's parameter names."""
    if model_id not in MODELS:
        return dict(params)
    fields = model_class(model_id).model_fields
    return {(fields[k].alias or k) if k in fields else k: v for k, v in params.items()}


def job_input(
    input: HubInput | None, model: str | None, params: Mapping[str, Any]
) -> tuple[str, Mapping[str, Any]]:
    """(model id, input) of a `generate` call: a request model, or `model=` and keywords."""
    if input is None:
        if model is None:
            message = "pass a request model (e.g. Veo31Input(...)) or model=<id> and keywords"
            raise InputError("generate", [Problem("model", "required", message)])
        return model, params
    if not isinstance(input, HubInput):
        message = f"expected a request model (a HubInput), got {type(input).__name__}"
        raise InputError(model or "generate", [Problem("input", "type", message)])
    if params or (model is not None and model != input.hub_model_id):
        message = "pass a request model or model= and keywords, not both"
        raise InputError(input.hub_model_id, [Problem("input", "type", message)])
    return input.hub_model_id, input.to_input()


def job_body(model_id: str, params: Mapping[str, Any], validation: Validation) -> dict[str, Any]:
    """A capability POST's body; omitted (and None) parameters are not sent. A model the
    SDK does not know is sent as given: the hub decides."""
    check_validation(validation)
    given = {k: v for k, v in params.items() if v is not None}
    if validation == "off" or model_id not in MODELS:
        return {"model": model_id, "input": _by_alias(model_id, given)}
    try:
        input = validate_input(model_id, given)
    except InputError as exc:
        if validation == "strict":
            raise
        warnings.warn(f"{exc}\nsent anyway (validation='warn')", HubValidationWarning, stacklevel=4)
        input = _by_alias(model_id, given)
    return {"model": model_id, "input": input}


def redact(value: Any, token: str) -> Any:
    """`value` (text, or decoded JSON at any depth, keys included) without the token: the
    one place every text the hub sends back passes before it reaches a user."""
    if not token:
        return value
    if isinstance(value, str):
        return value.replace(token, "***")
    if isinstance(value, dict):
        return {redact(k, token): redact(v, token) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, token) for v in value]
    return value


class Answer:
    """Reads one answer within a deadline and a size cap (decompressed bytes counted),
    fed chunk by chunk by the sync or the async client."""

    def __init__(self, request: httpx.Request, deadline: float, timeout: float) -> None:
        self.request = request
        self.deadline = deadline
        self.timeout = timeout
        self.chunks: list[bytes] = []
        self.size = 0

    def left(self) -> float:
        """Seconds left before the deadline; APIConnectionError once none are."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.timed_out()
        return left

    def failed(self, exc: httpx.TransportError) -> APIConnectionError:
        """The error for a transport failure: a timeout that met the deadline is the call's."""
        if isinstance(exc, httpx.TimeoutException) and time.monotonic() >= self.deadline:
            return self.timed_out()
        return connection_error(self.request, exc)

    def timed_out(self) -> APIConnectionError:
        cause = httpx.TimeoutException(f"no complete answer within {self.timeout:g}s")
        return connection_error(self.request, cause)

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_ANSWER_BYTES:
            reason = f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MiB"
            raise MalformedResponseError(self.request.method, str(self.request.url), reason)
        self.chunks.append(chunk)
        self.left()

    def broken(self, exc: httpx.DecodingError) -> MalformedResponseError:
        reason = f"the body cannot be decoded ({exc})"
        return MalformedResponseError(self.request.method, str(self.request.url), reason)

    def response(self, streamed: httpx.Response) -> httpx.Response:
        """The answer as read: decoded already, so without its Content-Encoding."""
        headers = [
            (k, v)
            for k, v in streamed.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length")
        ]
        return httpx.Response(
            streamed.status_code,
            headers=headers,
            content=b"".join(self.chunks),
            request=self.request,
        )


def _decoded(response: httpx.Response, token: str) -> Any:
    """The answer's JSON, without the token; ValueError when it is not JSON."""
    try:
        return redact(response.json(), token)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _body(response: httpx.Response, token: str) -> Any:
    try:
        return _decoded(response, token)
    except ValueError:
        return redact(response.text[:2000], token)


def raise_for_status(response: httpx.Response, token: str) -> None:
    if response.is_success:
        return
    request = response.request
    request_id = response.headers.get("x-request-id")
    raise error_class(response.status_code)(
        request.method,
        str(request.url),
        response.status_code,
        _body(response, token),
        request_id=redact(request_id, token),
        retry_after=retry_after(response),
    )


def connection_error(request: httpx.Request, exc: httpx.HTTPError) -> APIConnectionError:
    return APIConnectionError(request.method, str(request.url), exc)


def parse(
    cls: type[T], response: httpx.Response, token: str, defaults: Mapping[str, Any] | None = None
) -> T:
    """The answer as `cls`; `defaults` fill fields the answer leaves out."""
    data = _json(response, token)
    if defaults and isinstance(data, dict):
        data = {**defaults, **data}
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise _malformed(response, exc) from None


LIST_KEYS = ("models", "data")
"""Where a list answer may wrap its entries (the hub does not document one shape)."""


def parse_list(cls: type[T], response: httpx.Response, token: str) -> list[T]:
    """A bare array, or one wrapped as {"models": [...]} or {"data": [...]}."""
    data = _json(response, token)
    items = data
    if isinstance(data, dict):
        items = next((data[k] for k in LIST_KEYS if isinstance(data.get(k), list)), None)
    if not isinstance(items, list):
        request = response.request
        keys = " or ".join(repr(k) for k in LIST_KEYS)
        raise MalformedResponseError(
            request.method, str(request.url), f"not a list, nor a {keys} list"
        )
    try:
        return [cls.model_validate(item) for item in items]
    except ValidationError as exc:
        raise _malformed(response, exc) from None


def parse_task(response: httpx.Response, token: str) -> Task:
    return parse(Task, response, token)


def _json(response: httpx.Response, token: str) -> Any:
    try:
        return _decoded(response, token)
    except ValueError as exc:
        request = response.request
        raise MalformedResponseError(
            request.method, str(request.url), f"not JSON ({exc})"
        ) from None


def _malformed(response: httpx.Response, exc: ValidationError) -> MalformedResponseError:
    request = response.request
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return MalformedResponseError(request.method, str(request.url), f"{where}: {first['msg']}")

"""The mock hub: an ASGI app built from the catalog at start-up.

The routes are routes.py's (listed there); every /hub/v1 route needs a bearer token
(gateway.py). Every error is JSON: `{"error": {"code", "message", "problems"?}}`; never
a stack trace.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..catalog import Catalog
from .gateway import Gateway
from .responses import error
from .routes import MockHub
from .settings import MockConfig


def build_app(catalog: Catalog, config: MockConfig | None = None) -> Starlette:
    hub = MockHub(catalog, config or MockConfig())
    state = hub.state
    endpoint = catalog.hub.endpoint
    routes = [
        Route(endpoint("list_models").path, hub.list_models, methods=["GET"]),
        Route(endpoint("get_model").path, hub.get_model, methods=["GET"]),
        *(Route(c.path, hub.create(c.name), methods=["POST"]) for c in catalog.hub.capabilities),
        Route(endpoint("get_task").path, hub.get_task, methods=["GET"]),
        Route("/openapi.json", hub.openapi_json, methods=["GET"]),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        codes = {404: "not_found", 405: "method_not_allowed"}
        code = codes.get(exc.status_code, "http_error")
        message = f"{request.method} {request.url.path}: {exc.detail}"
        response = error(exc.status_code, code, message)
        response.headers.update(exc.headers or {})  # e.g. Allow on a 405
        return response

    async def internal_error(request: Request, exc: Exception) -> Response:
        return error(500, "internal_error", "the mock hub failed to answer this request")

    app = Starlette(
        routes=routes,
        middleware=[Middleware(Gateway, state=state)],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
    )
    app.state.hub = hub
    return app

"""The route table: plain Starlette routes serve, FastAPI routes only describe.

Endpoints read their own bodies (so the contract's order of checks holds: UNAUTHORIZED before
INVALID_REQUEST), which leaves FastAPI's dependency solving nothing to do but cost time — about a
third of a call. So each call is served by a plain Starlette route, and described for the
OpenAPI document by a FastAPI route that never serves (see openapi.py)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

Endpoint = Callable[[Request], Awaitable[Response]]
DOCUMENTED_ROUTES = "documented_routes"


def _described(endpoint: Endpoint, path: str) -> Callable[..., Any]:
    """A stand-in with the path's parameters in its signature, for FastAPI to describe."""

    async def describe(**_: str) -> None:  # pragma: no cover - never called
        raise NotImplementedError

    names = re.findall(r"{(\w+)}", path)
    describe.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=str) for name in names]
    )
    describe.__name__ = endpoint.__name__
    describe.__doc__ = endpoint.__doc__
    return describe


def documented_routes(app: FastAPI) -> list[APIRoute]:
    """The describing routes of `app`, the OpenAPI document's source."""
    if not hasattr(app.state, DOCUMENTED_ROUTES):
        setattr(app.state, DOCUMENTED_ROUTES, [])
    return getattr(app.state, DOCUMENTED_ROUTES)


class Routes:
    def __init__(self) -> None:
        self.entries: list[tuple[str, str, Endpoint, dict[str, Any]]] = []

    def _add(self, method: str, path: str, doc: dict[str, Any]) -> Callable[[Endpoint], Endpoint]:
        def register(endpoint: Endpoint) -> Endpoint:
            self.entries.append((method, path, endpoint, doc))
            return endpoint

        return register

    def get(self, path: str, **doc: Any) -> Callable[[Endpoint], Endpoint]:
        return self._add("GET", path, doc)

    def post(self, path: str, **doc: Any) -> Callable[[Endpoint], Endpoint]:
        return self._add("POST", path, doc)

    def put(self, path: str, **doc: Any) -> Callable[[Endpoint], Endpoint]:
        return self._add("PUT", path, doc)

    def install(self, app: FastAPI) -> None:
        documented = documented_routes(app)
        for method, path, endpoint, doc in self.entries:
            app.add_route(path, endpoint, methods=[method], include_in_schema=False)
            documented.append(APIRoute(path, _described(endpoint, path), methods=[method], **doc))

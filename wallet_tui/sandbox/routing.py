"""The route table: each call of the contract once, with what serves it and what describes it.

Endpoints read their own bodies (so the contract's order of checks holds: UNAUTHORIZED before
INVALID_REQUEST). One Starlette route per path template dispatches on the method, so a method
the path does not take is 405 with `Allow` naming exactly the ones it does (no implied HEAD),
and the same table is the OpenAPI document's source (openapi.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, request_response
from starlette.types import Receive, Scope, Send

from wallet_tui.protocol import wire

from .errors import SandboxError, invalid

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Call:
    """One call of the route table: served by `endpoint`, described by `doc` (openapi.Doc)."""

    method: str
    path: str
    endpoint: Endpoint
    doc: Any


class Routes:
    """The calls one module serves, in the order it declares them."""

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def _add(self, method: str, path: str, doc: Any) -> Callable[[Endpoint], Endpoint]:
        def register(endpoint: Endpoint) -> Endpoint:
            self.calls.append(Call(method, path, endpoint, doc))
            return endpoint

        return register

    def get(self, path: str, doc: Any) -> Callable[[Endpoint], Endpoint]:
        return self._add("GET", path, doc)

    def post(self, path: str, doc: Any) -> Callable[[Endpoint], Endpoint]:
        return self._add("POST", path, doc)

    def put(self, path: str, doc: Any) -> Callable[[Endpoint], Endpoint]:
        return self._add("PUT", path, doc)


def method_not_allowed(request: Request, allowed: Iterable[str]) -> SandboxError:
    methods = ", ".join(allowed)
    error = invalid(
        [("method", f"{request.method} is not allowed here; this path takes {methods}")],
        f"No such call: {request.method} {request.url.path}",
        status=wire.STATUS_METHOD_NOT_ALLOWED,
    )
    error.headers[wire.ALLOW] = methods
    return error


class _ByMethod:
    """An ASGI app (not a function, so that its route takes every method: Starlette would
    take GET only) that hands a request to its method's endpoint and answers 405 for others."""

    def __init__(self, by_method: dict[str, Endpoint]) -> None:
        self.by_method = by_method
        self.app = request_response(self.dispatch)

    async def dispatch(self, request: Request) -> Response:
        endpoint = self.by_method.get(request.method)
        if endpoint is None:
            raise method_not_allowed(request, self.by_method)
        return await endpoint(request)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def starlette_routes(calls: Iterable[Call]) -> list[Route]:
    """One route per path template, in the order the paths first appear."""
    by_path: dict[str, dict[str, Endpoint]] = {}
    for call in calls:
        by_path.setdefault(call.path, {})[call.method] = call.endpoint
    return [Route(path, _ByMethod(by_method), methods=None) for path, by_method in by_path.items()]

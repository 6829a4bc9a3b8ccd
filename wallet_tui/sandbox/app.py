"""`create_app`: the sandbox as a Starlette application.

Every error leaves as the contract's body (`{code, name, message, details?, requestId}`),
including unknown paths, wrong methods (405 with `Allow`) and unexpected exceptions. Every
response carries `X-Request-Id`. The OpenAPI document of the partner API is at /openapi.json,
that of the sandbox's controls at /sandbox/openapi.json; no page browses them (a browsing page
would load its script from a CDN, blank offline)."""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wallet_tui.protocol import ErrorName, wire

from . import openapi, paths, routes_auth, routes_money, routes_sandbox, routes_wallets
from .clock import Clock
from .errors import SandboxError, encode, invalid
from .pipeline import REQUEST_ID_STATE, ConnectionCut, error_response, json_response, request_id_of
from .routing import Call, starlette_routes
from .state import SandboxState

# The calls, in the order their paths are matched.
CALLS: tuple[Call, ...] = tuple(
    call for module in (routes_wallets, routes_money, routes_auth, routes_sandbox)
    for call in module.routes.calls
)
# Each document: the calls it describes and what it says of itself.
DOCUMENTS: dict[str, tuple[tuple[Call, ...], dict[str, str]]] = {
    openapi.API_DOCUMENT_PATH: (tuple(call for call in CALLS if call.doc.api), openapi.API_INFO),
    openapi.CONTROLS_DOCUMENT_PATH: (tuple(call for call in CALLS if not call.doc.api),
                                     openapi.CONTROLS_INFO),
}

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = wire.REQUEST_ID.lower().encode()
DATE_HEADER = wire.DATE.lower().encode()
REQUEST_ID_MAX = 200


def _client_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            text = value.decode("latin-1").strip()
            if 0 < len(text) <= REQUEST_ID_MAX and text.isascii() and text.isprintable():
                return text
    return None


class RequestIdAndErrorRate:
    """Outermost of our layers: names the request, and fails `errorRate` of /api/ calls
    before anything else happens."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _client_request_id(scope) or str(uuid.uuid4())
        scope.setdefault("state", {})[REQUEST_ID_STATE] = request_id
        header = (REQUEST_ID_HEADER, request_id.encode())
        started = False

        async def send_named(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # The sandbox's own clock (moved by POST /sandbox/clock), not the machine's.
                date = (DATE_HEADER, formatdate(self.state.clock.now().timestamp(),
                                                usegmt=True).encode())
                message = {**message, "headers": [*message.get("headers", []), header, date]}
            await send(message)

        if scope["path"].startswith(paths.API_PREFIX):
            failure = self.state.faults.draw_error()
            if failure is not None:
                headers = {wire.RETRY_AFTER: "1"} if failure is ErrorName.SERVICE_UNAVAILABLE else None
                error = SandboxError(
                    failure, "Sandbox fault errorRate: failed before doing anything", headers=headers
                )
                await error_response(error, request_id)(scope, receive, send_named)
                return
        try:
            await self.app(scope, receive, send_named)
        except ConnectionCut:
            raise  # a fault on purpose: the server (or InProcessTransport) drops the connection
        except Exception:
            if started:
                raise
            # A bug: logged here, answered as the contract's 500 with this request's id.
            log.exception("sandbox: unexpected error in %s %s", scope["method"], scope["path"])
            failure = SandboxError(ErrorName.INTERNAL_ERROR, "The sandbox failed; see its log")
            await error_response(failure, request_id)(scope, receive, send_named)


async def _sandbox_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, SandboxError)
    return error_response(error, request_id_of(request))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    where = f"{request.method} {request.url.path}"
    if error.status_code < 500:
        failure = invalid([("path", "no such call in the contract")], f"No such call: {where}")
    else:
        failure = SandboxError(ErrorName.INTERNAL_ERROR, str(error.detail))
    return error_response(failure, request_id_of(request))


class SandboxApp(Starlette):
    """The sandbox; `state.sandbox` is its SandboxState."""

    _documents: dict[str, dict[str, Any]] | None = None

    def openapi(self, server_url: str | None = None, *,
                path: str = openapi.API_DOCUMENT_PATH) -> dict[str, Any]:
        """The OpenAPI document served at `path` (the partner API's by default); `servers`
        names `server_url` when given."""
        if self._documents is None:
            self._documents = {}
        if path not in self._documents:
            calls, info = DOCUMENTS[path]
            self._documents[path] = openapi.document(calls, info=info)
        described = self._documents[path]
        if server_url is None:
            return described
        served = openapi.document((), server_url, info=described["info"])  # reading order
        return {**served, **described, "servers": served["servers"]}


async def _openapi_json(request: Request) -> Response:
    """A document, with `servers` naming the address it was asked for at."""
    app: SandboxApp = request.app
    server_url = str(request.base_url).rstrip("/")
    return json_response(200, encode(app.openapi(server_url, path=request.url.path)))


def create_app(
    db_path: str | Path,
    *,
    clock: Clock | None = None,
    token_ttl: int | None = None,
    seed_rng: int | random.Random | None = None,
    reset: bool = False,
) -> SandboxApp:
    """The sandbox over the SQLite file `db_path` (created and seeded on first start).

    `clock` defaults to real time; `token_ttl` sets the default access-token lifetime;
    `seed_rng` (a seed or a Random) makes fault draws repeatable; `reset` starts over from the
    demo data."""
    rng = seed_rng if isinstance(seed_rng, random.Random) else random.Random(seed_rng)
    state = SandboxState(db_path, clock=clock, token_ttl=token_ttl, rng=rng, reset=reset)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.ensure_ready()
        try:
            yield
        finally:
            state.close()

    app = SandboxApp(
        routes=starlette_routes([*CALLS, *(Call("GET", path, _openapi_json, None)
                                           for path in DOCUMENTS)]),
        exception_handlers={SandboxError: _sandbox_error, StarletteHTTPException: _http_error},
        lifespan=lifespan,
    )
    # "/path/" is no call of the contract: answer it as such, not with a redirect.
    app.router.redirect_slashes = False
    app.state.sandbox = state
    app.add_middleware(RequestIdAndErrorRate, state=state)
    return app

"""`create_app`: the sandbox as a Starlette application.

Every error leaves as the contract's body (`{code, name, message, details?, requestId}`),
including unknown paths, wrong methods (405 with `Allow`) and unexpected exceptions. Every
response carries `X-Request-Id`. The OpenAPI document is at /openapi.json; no page browses
it (a browsing page would load its script from a CDN, blank offline)."""

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

OPENAPI_PATH = "/openapi.json"
# The calls, in the order their paths are matched.
CALLS: tuple[Call, ...] = tuple(
    call for module in (routes_wallets, routes_money, routes_auth, routes_sandbox)
    for call in module.routes.calls
)

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

    _document: dict[str, Any] | None = None

    def openapi(self, server_url: str | None = None) -> dict[str, Any]:
        """The OpenAPI document; `servers` names `server_url` when given."""
        if self._document is None:
            self._document = openapi.document(CALLS)
        if server_url is None:
            return self._document
        served = openapi.document((), server_url)  # info and servers, in reading order
        return {**served, **self._document, "servers": served["servers"]}


async def _openapi_json(request: Request) -> Response:
    """The document, with `servers` naming the address it was asked for at."""
    app: SandboxApp = request.app
    server_url = str(request.base_url).rstrip("/")
    return json_response(200, encode(app.openapi(server_url)))


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
        routes=starlette_routes([*CALLS, Call("GET", OPENAPI_PATH, _openapi_json, None)]),
        exception_handlers={SandboxError: _sandbox_error, StarletteHTTPException: _http_error},
        lifespan=lifespan,
    )
    # "/path/" is no call of the contract: answer it as such, not with a redirect.
    app.router.redirect_slashes = False
    app.state.sandbox = state
    app.add_middleware(RequestIdAndErrorRate, state=state)
    return app

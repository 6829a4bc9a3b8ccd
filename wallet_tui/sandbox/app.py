"""`create_app`: the sandbox as a FastAPI application.

Every error leaves as the contract's body (`{code, name, message, details?, requestId}`),
including FastAPI's own 404/405/422 and unexpected exceptions. Every response carries
`X-Request-Id`."""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wallet_tui.protocol import ErrorName, wire

from . import openapi, paths, routes_auth, routes_money, routes_sandbox, routes_wallets
from .clock import Clock
from .errors import SandboxError, invalid
from .pipeline import REQUEST_ID_STATE, ConnectionCut, error_response, request_id_of
from .state import SandboxState

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
    if error.status_code == 405:
        failure = invalid([("method", f"{request.method} is not allowed here")], f"No such call: {where}")
    elif error.status_code < 500:
        failure = invalid([("path", "no such call in the contract")], f"No such call: {where}")
    else:
        failure = SandboxError(ErrorName.INTERNAL_ERROR, str(error.detail))
    return error_response(failure, request_id_of(request))


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = [
        (".".join(str(part) for part in e["loc"][1:]) or "body", str(e["msg"]))
        for e in error.errors()
    ]
    return error_response(invalid(problems), request_id_of(request))


def create_app(
    db_path: str | Path,
    *,
    clock: Clock | None = None,
    token_ttl: int | None = None,
    seed_rng: int | random.Random | None = None,
    reset: bool = False,
) -> FastAPI:
    """The sandbox over the SQLite file `db_path` (created and seeded on first start).

    `clock` defaults to real time; `token_ttl` sets the default access-token lifetime;
    `seed_rng` (a seed or a Random) makes fault draws repeatable; `reset` starts over from the
    demo data."""
    rng = seed_rng if isinstance(seed_rng, random.Random) else random.Random(seed_rng)
    state = SandboxState(db_path, clock=clock, token_ttl=token_ttl, rng=rng, reset=reset)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.ensure_ready()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="wallet-tui sandbox",
        summary="The reference server of the wallet partner API (docs/protocol.md)",
        version="1",
        lifespan=lifespan,
        # OpenTelemetry hooks cost ~50 us a call even when nothing listens; a sandbox has no use.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.sandbox = state
    app.add_exception_handler(SandboxError, _sandbox_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for module in (routes_wallets, routes_money, routes_auth, routes_sandbox):
        module.routes.install(app)
    openapi.install(app)
    app.add_middleware(RequestIdAndErrorRate, state=state)
    return app

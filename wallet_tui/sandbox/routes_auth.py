"""POST /api/auth/v1/token: log in with client credentials, or rotate a refresh token."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.models import LoginRequest, RefreshRequest, TokenResponse

from . import paths, tokens
from .errors import SandboxError, invalid
from .openapi import EXAMPLES, doc
from .routing import Routes
from .pipeline import ApiCall
from .views import Ctx

routes = Routes()

GRANT_TYPE = LoginRequest.model_fields["grant_type"].alias or "grantType"
NO_STORE = {wire.CACHE_CONTROL: "no-store"}


@routes.post(paths.TOKEN, doc(
    ok=TokenResponse, body=(LoginRequest, RefreshRequest), authenticated=False,
    example={"login": EXAMPLES["login"], "refresh": EXAMPLES["refresh"]},
    errors=(ErrorName.INVALID_CLIENT, ErrorName.INVALID_GRANT),
    ok_headers={wire.CACHE_CONTROL: {"required": True, "schema": {"type": "string",
                                                                  "enum": ["no-store"]}}},
))
async def issue_token(request: Request) -> Response:
    """Log in with client credentials, or rotate a refresh token"""
    try:
        call = await ApiCall.start(request, authenticated=False)
        grant = call.json.get(GRANT_TYPE) if isinstance(call.json, dict) else None
        ttl = call.state.faults.current.token_ttl_seconds
        if grant == wire.GRANT_CLIENT_CREDENTIALS:
            login = call.body(LoginRequest)

            def work(ctx: Ctx) -> TokenResponse:
                return tokens.login(ctx.conn, login, ctx.now, ttl)
        elif grant == wire.GRANT_REFRESH_TOKEN:
            refresh = call.body(RefreshRequest)

            def work(ctx: Ctx) -> TokenResponse:
                return tokens.refresh(ctx.conn, refresh, ctx.now, ttl)
        else:
            if not isinstance(call.json, dict):
                call.body(LoginRequest)  # reports the missing or non-object body
            problem = "is required" if grant is None else (
                f"must be {wire.GRANT_CLIENT_CREDENTIALS} or {wire.GRANT_REFRESH_TOKEN}"
            )
            raise invalid([(GRANT_TYPE, problem)])
        call.response_headers.update(NO_STORE)
        return await call.run(work)
    except tokens.InvalidGrant as error:
        if error.revoke_family:
            state = request.app.state.sandbox
            with state.database.transaction() as conn:
                tokens.revoke_family(conn, error.revoke_family)
        error.headers.update(NO_STORE)
        raise
    except SandboxError as error:
        error.headers.update(NO_STORE)
        raise

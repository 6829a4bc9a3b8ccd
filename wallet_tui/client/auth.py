"""Bearer-token auth as an httpx.Auth: the session hands out a token good for now, and a
401 is answered with one renewal and one resend, so the caller never sees a token expire."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import httpx

from wallet_tui.protocol import wire

from .sender import new_request_id
from .tokens import TokenSession


class TokenAuth(httpx.Auth):
    requires_request_body = False
    # The decision needs the status only; the body is the caller's to read, capped.
    requires_response_body = False

    def __init__(self, session: TokenSession,
                 before_resend: Callable[[httpx.Request], Awaitable[None]] | None = None) -> None:
        self._session = session
        self._before_resend = before_resend  # told of the resend's new X-Request-Id

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("TokenAuth works with httpx.AsyncClient only")
        yield request  # pragma: no cover - makes this a generator, as httpx expects

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._session.access_token()
        request.headers[wire.AUTHORIZATION] = f"{wire.BEARER} {token}"
        response = yield request
        if response.status_code != 401:
            return
        token = await self._session.after_rejection(token)
        request.headers[wire.AUTHORIZATION] = f"{wire.BEARER} {token}"
        # The resend is a second exchange: give it its own id so logs tell them apart.
        request.headers[wire.REQUEST_ID] = new_request_id()
        if self._before_resend is not None:
            await self._before_resend(request)
        yield request

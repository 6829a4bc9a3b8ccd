"""The session's tokens: log in, refresh ahead of expiry, renew once however many calls
wait, fall back to a fresh login when the refresh token is refused."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wallet_tui.protocol import (
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    LoginRequest,
    RefreshRequest,
    TokenResponse,
    UnauthorizedError,
    wire,
)

from .clock import ClientClock
from .errors import NotLoggedIn, SessionExpired
from .replies import model_of
from .retry import Safety
from .sender import Sender

# Renew this long before the access token expires: 10 % of its life, at most 30 s.
_EARLY_SHARE = 0.1
_EARLY_MAX = timedelta(seconds=30)
# Answers that mean "these credentials or this token will not do", not "try later".
_REFUSALS = (InvalidGrantError, InvalidClientError, InvalidRequestError, UnauthorizedError)


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str = field(repr=False)
    partner_id: str


@dataclass(frozen=True)
class TokenState:
    logged_in: bool
    access_expires_at: datetime | None
    refreshes: int  # refresh-grant renewals so far
    logins: int = 0  # client-credential logins so far, first one and fallbacks


@dataclass(frozen=True)
class _Tokens:
    access_token: str
    refresh_token: str
    renew_at: datetime
    access_expires_at: datetime
    refresh_expires_at: datetime


class TokenSession:
    def __init__(
        self, sender: Sender, clock: ClientClock, credentials: Credentials | None, *,
        token_path: str = wire.TOKEN,
    ):
        self._sender = sender
        self._token_path = token_path
        self._clock = clock
        self.credentials = credentials
        self._tokens: _Tokens | None = None
        # One renewal at a time: calls that wait on it reuse what it got.
        self._lock = asyncio.Lock()
        self._refreshes = 0
        self._logins = 0

    @property
    def state(self) -> TokenState:
        tokens = self._tokens
        return TokenState(
            logged_in=tokens is not None,
            access_expires_at=tokens.access_expires_at if tokens else None,
            refreshes=self._refreshes,
            logins=self._logins,
        )

    async def login(self, credentials: Credentials | None = None) -> TokenResponse:
        chosen = credentials or self.credentials
        if chosen is None:
            raise NotLoggedIn("No credentials to log in with")
        async with self._lock:
            response = await self._log_in(chosen)
        self.credentials = chosen
        return response

    def forget(self) -> None:
        self._tokens = None

    async def access_token(self) -> str:
        """A token good for a call now, renewing it first when it is about to expire."""
        tokens = self._tokens
        if tokens is not None and self._clock.now() < tokens.renew_at:
            return tokens.access_token
        async with self._lock:
            tokens = self._tokens
            if tokens is not None and self._clock.now() < tokens.renew_at:
                return tokens.access_token  # renewed while this call waited
            return await self._renew()

    async def after_rejection(self, rejected: str) -> str:
        """A token to resend with after the server refused ``rejected`` with 401."""
        async with self._lock:
            tokens = self._tokens
            if tokens is not None and tokens.access_token != rejected:
                return tokens.access_token  # another call renewed it already
            return await self._renew()

    async def _renew(self) -> str:
        tokens = self._tokens
        if tokens is None:
            if self.credentials is None:
                raise NotLoggedIn("Log in first: no credentials are set")
            await self._log_in(self.credentials)
        elif self.credentials is not None and self._clock.now() < tokens.refresh_expires_at:
            try:
                await self._refresh(tokens.refresh_token)
            except _REFUSALS:
                await self._log_in_again()
        else:
            await self._log_in_again()
        assert self._tokens is not None
        return self._tokens.access_token

    async def _log_in_again(self) -> None:
        self._tokens = None
        if self.credentials is None:
            raise SessionExpired("The session expired and no credentials are kept to renew it")
        try:
            await self._log_in(self.credentials)
        except _REFUSALS as refused:
            raise SessionExpired(
                f"The session expired and logging in again was refused ({refused.error_name})"
            ) from refused

    async def _log_in(self, credentials: Credentials) -> TokenResponse:
        request = LoginRequest(
            client_id=credentials.client_id,
            client_secret=credentials.client_secret,
            partner_id=credentials.partner_id,
        )
        response = await self._token_call(request.to_wire(), "login")
        self._logins += 1
        return response

    async def _refresh(self, refresh_token: str) -> None:
        assert self.credentials is not None  # _renew checked it
        request = RefreshRequest(refresh_token=refresh_token, client_id=self.credentials.client_id)
        await self._token_call(request.to_wire(), "token refresh")
        self._refreshes += 1

    async def _token_call(self, body: dict, operation: str) -> TokenResponse:
        asked_at = self._clock.now()  # lifetimes count from the ask: errs on the early side
        reply = await self._sender.send(
            "POST",
            self._token_path,
            safety=Safety.REPEATABLE,
            operation=operation,
            body=json.dumps(body, separators=(",", ":")).encode(),
        )
        token = model_of(reply, TokenResponse)
        lifetime = timedelta(seconds=max(token.expires_in, 0))
        early = min(_EARLY_MAX, lifetime * _EARLY_SHARE)
        self._tokens = _Tokens(
            access_token=token.access_token,
            refresh_token=token.refresh_token,
            renew_at=asked_at + lifetime - early,
            access_expires_at=asked_at + lifetime,
            refresh_expires_at=asked_at + timedelta(seconds=max(token.refresh_expires_in, 0)),
        )
        return token


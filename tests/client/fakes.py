"""A scripted stand-in for the wallet API behind httpx.MockTransport, and a fake clock.

Just enough server for the client's own rules (tokens, retries, masking); the real
behaviour of the API is tested against the sandbox in test_against_sandbox.py."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from wallet_tui.client import Credentials, Exchange, WalletClient
from wallet_tui.protocol import wire

BASE_URL = "https://wallet.test"
CREDENTIALS = Credentials("demo-client", "s3cret-client-secret", "1001")
START = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


class FakeClock:
    """Time that moves only when told to, or when the client sleeps."""

    def __init__(self) -> None:
        self.current = START
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.current

    def monotonic(self) -> float:
        return (self.current - START).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


def error_response(name: str, code: int, status: int, **extra: Any) -> httpx.Response:
    body = {"code": code, "name": name, "message": f"{name} (fake)", "requestId": "req-fake"}
    body.update(extra)
    return httpx.Response(status, json=body)


def wallet_json(wallet_id: str = "100000000001", balance: str = "1500.00") -> dict[str, Any]:
    return {
        "walletId": wallet_id,
        "phone": "+79990000001",
        "firstName": "Анна",
        "lastName": "Смирнова",
        "status": "ACTIVE",
        "identification": "ANONYMOUS",
        "balance": balance,
        "currency": "RUB",
        "limits": {
            "balanceLimit": "15000.00",
            "monthlyTurnoverLimit": "40000.00",
            "monthlyTurnoverUsed": "0.00",
        },
        "createdAt": "2026-11-01T10:00:00Z",
        "updatedAt": "2026-11-01T10:00:00Z",
    }


def operation_json(amount: str = "100.00", balance: str = "1600.00") -> dict[str, Any]:
    return {
        "operationId": "5f1c3a52-0000-4000-8000-000000000001",
        "walletId": "100000000001",
        "type": "REFILL",
        "status": "SUCCEEDED",
        "amount": amount,
        "fee": "0.00",
        "balance": balance,
        "createdAt": "2026-11-29T09:00:00Z",
    }


Route = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


@dataclass
class FakeApi:
    """Issues and checks tokens like the contract says; wallet paths answer from ``routes``."""

    clock: FakeClock
    token_ttl: int = 300
    refresh_ttl: int = 86400
    secret: str = CREDENTIALS.client_secret
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    # access token -> expiry; refresh token -> still usable
    access: dict[str, datetime] = field(default_factory=dict)
    refresh: dict[str, bool] = field(default_factory=dict)
    grants: list[str] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)  # every token ever handed out
    # Yield to the event loop inside each answer, so concurrent calls really interleave.
    interleave: bool = True
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))

    def route(self, method: str, path: str) -> Callable[[Route], Route]:
        def register(handler: Route) -> Route:
            self.routes[(method, path)] = handler
            return handler
        return register

    def revoke_access_tokens(self) -> None:
        self.access.clear()

    def _issue(self) -> httpx.Response:
        serial = next(self._serial)
        access, refresh = f"access-token-{serial}-abcdef", f"refresh-token-{serial}-uvwxyz"
        self.access[access] = self.clock.now() + timedelta(seconds=self.token_ttl)
        self.refresh[refresh] = True
        self.issued += [access, refresh]
        body = {"accessToken": access, "refreshToken": refresh, "tokenType": "Bearer",
                "expiresIn": self.token_ttl, "refreshExpiresIn": self.refresh_ttl}
        return httpx.Response(200, json=body, headers={"Cache-Control": "no-store"})

    def _token(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.grants.append(body["grantType"])
        if body["grantType"] == "client_credentials":
            if (body["clientId"], body["clientSecret"], body["partnerId"]) != (
                CREDENTIALS.client_id, self.secret, CREDENTIALS.partner_id
            ):
                return error_response("INVALID_CLIENT", 1003, 401)
            return self._issue()
        if not self.refresh.get(body["refreshToken"]):
            return error_response("INVALID_GRANT", 1004, 400)
        self.refresh[body["refreshToken"]] = False  # rotation: the old one dies
        return self._issue()

    def authorized(self, request: httpx.Request) -> bool:
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ")
        expiry = self.access.get(token)
        return expiry is not None and self.clock.now() < expiry

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.interleave:
            await asyncio.sleep(0)
        if request.url.path == wire.TOKEN:
            return self._token(request)
        if not self.authorized(request):
            return error_response("UNAUTHORIZED", 1002, 401)
        handler = self.routes.get((request.method, request.url.path))
        if handler is None:
            return error_response("WALLET_NOT_FOUND", 2001, 404)
        response = handler(request)
        if not isinstance(response, httpx.Response):
            response = await response
        return response

    def wallet_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path != wire.TOKEN]


def make_client(
    handler: Callable[[httpx.Request], Any],
    clock: FakeClock,
    *,
    exchanges: list[Exchange] | None = None,
    credentials: Credentials | None = CREDENTIALS,
    **options: Any,
) -> WalletClient:
    return WalletClient(
        base_url=BASE_URL,
        transport=httpx.MockTransport(handler),
        credentials=credentials,
        clock=clock,
        on_exchange=exchanges.append if exchanges is not None else None,
        **options,
    )

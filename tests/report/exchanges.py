"""Exchange records for report tests.

`RawExchange` is `wallet_tui.client.Exchange` without its masking: it stands for a record
made by anything other than our client, which is what the report's defensive masking is for."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from wallet_tui.client import Exchange

START = datetime(2026, 11, 29, 9, 15, 0, tzinfo=UTC)
ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.access-token-value-1234567890"
REFRESH_TOKEN = "refresh-token-value-abcdefghijklmnop"
CLIENT_SECRET = "super-secret-client-value"
SECRETS = (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET)
BASE = "http://sandbox.local"


@dataclass(frozen=True)
class RawExchange(Exchange):
    def __post_init__(self) -> None:
        """Keeps every field as given: the secrets stay in, for the report to mask."""


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def session() -> list[RawExchange]:
    """Login, a lookup, a refill, a refused payment, a replayed refill and a lost connection."""
    auth = {"Authorization": f"Bearer {ACCESS_TOKEN}", "Content-Type": "application/json"}
    wallet = "/api/wallet/v1/account/100000000001"

    def at(seconds: float) -> datetime:
        return START + timedelta(seconds=seconds)

    return [
        RawExchange(
            id=1, started_at=at(0), method="POST", url=f"{BASE}/api/auth/v1/token",
            path="/api/auth/v1/token",
            request_headers={"Content-Type": "application/json"},
            request_body=_json({"grantType": "client_credentials", "clientId": "demo-client",
                                "clientSecret": CLIENT_SECRET, "partnerId": "1001"}),
            status=200, response_headers={"X-Request-Id": "req-login", "Cache-Control": "no-store"},
            response_body=_json({"accessToken": ACCESS_TOKEN, "refreshToken": REFRESH_TOKEN,
                                 "tokenType": "Bearer", "expiresIn": 300}),
            duration_ms=40.0, request_id="req-login",
        ),
        RawExchange(
            id=2, started_at=at(1.5), method="GET", url=f"{BASE}{wallet}", path=wallet,
            request_headers=auth, status=200, response_headers={"X-Request-Id": "req-lookup"},
            response_body=_json({"walletId": "100000000001", "firstName": "Анна",
                                 "note": "<script>alert('x')</script>", "balance": "1500.00"}),
            duration_ms=10.0, request_id="req-lookup",
        ),
        RawExchange(
            id=3, started_at=at(3), method="POST", url=f"{BASE}{wallet}/refill", path=f"{wallet}/refill",
            request_headers={**auth, "Idempotency-Key": "key-refill-1"},
            request_body=_json({"amount": "100.00", "currency": "RUB"}),
            status=200, response_headers={"X-Request-Id": "req-refill"},
            response_body=_json({"operationId": "op-1", "amount": "100.00", "balance": "1600.00"}),
            duration_ms=30.0, request_id="req-refill", idempotency_key="key-refill-1",
        ),
        RawExchange(
            id=4, started_at=at(4), method="POST", url=f"{BASE}{wallet}/payment/initialization",
            path=f"{wallet}/payment/initialization",
            request_headers={**auth, "Idempotency-Key": "key-pay-1"},
            request_body=_json({"amount": "90000.00", "currency": "RUB"}),
            status=422, response_headers={"X-Request-Id": "req-pay"},
            response_body=_json({"code": 3001, "name": "INSUFFICIENT_FUNDS",
                                 "message": "balance below the total", "requestId": "req-pay"}),
            duration_ms=20.0, request_id="req-pay", idempotency_key="key-pay-1",
        ),
        RawExchange(
            id=5, started_at=at(5), method="POST", url=f"{BASE}{wallet}/refill", path=f"{wallet}/refill",
            request_headers={**auth, "Idempotency-Key": "key-refill-1"},
            request_body=_json({"amount": "100.00", "currency": "RUB"}),
            status=200, response_headers={"X-Request-Id": "req-refill", "Idempotent-Replayed": "true"},
            response_body=_json({"operationId": "op-1", "amount": "100.00", "balance": "1600.00"}),
            duration_ms=50.0, request_id="req-refill", idempotency_key="key-refill-1", replayed=True,
        ),
        RawExchange(
            id=6, started_at=at(9), method="GET", url=f"{BASE}{wallet}/operations?limit=20&offset=0",
            path=f"{wallet}/operations", request_headers=auth,
            status=None, duration_ms=1000.0, error="ConnectError: connection refused",
        ),
    ]

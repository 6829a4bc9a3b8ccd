"""Contract tests of the sandbox with raw httpx: every test runs against the in-process app
(InProcessTransport, ManualClock) and against `wallet-tui sandbox serve` in a subprocess."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import re
import select
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from wallet_tui.protocol import ERROR_TABLE, ErrorName, wire
from wallet_tui.sandbox.clock import MANUAL_CLOCK_START, ManualClock
from wallet_tui.sandbox.inprocess import InProcessTransport
from wallet_tui.sandbox.testing import fresh_sandbox

DEMO = (wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET, wire.DEMO_PARTNER_ID)
OTHER = (wire.OTHER_CLIENT_ID, wire.OTHER_CLIENT_SECRET, wire.OTHER_PARTNER_ID)
SBER = "100000000111"

_phones = itertools.count(random.randrange(10**6))


def fresh_phone() -> str:
    return f"+7916{next(_phones) % 10**7:07d}"


# The served sandbox's clock starts mid-month (and ticks on), as the in-process one stands
# there: rows about the month's turnover hold whatever day the suite runs.
SERVED_CLOCK_AT = MANUAL_CLOCK_START.isoformat()


def spawn_server(db: Path, *extra: str) -> subprocess.Popen[str]:
    """`wallet-tui sandbox serve` on a free loopback port (port 0: the server picks one)."""
    return subprocess.Popen(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--host", "127.0.0.1",
         "--port", "0", "--db", str(db), "--clock-at", SERVED_CLOCK_AT, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def url_of(process: subprocess.Popen[str]) -> str:
    """Waits for the one line the server prints once it listens, and reads its URL."""
    assert process.stdout is not None and process.stderr is not None
    ready, _, _ = select.select([process.stdout], [], [], 30)
    line = process.stdout.readline() if ready else ""
    found = re.search(r"http://\S+", line)
    if not found:
        process.kill()
        raise RuntimeError(f"sandbox did not start: {line!r} {process.stderr.read()!r}")
    return found.group(0)


def start_server(db: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    process = spawn_server(db, *extra)
    return process, url_of(process)


def stop_server(process: subprocess.Popen[str]) -> int:
    process.terminate()
    try:
        return process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


@pytest.fixture(scope="session")
def served_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = start_server(tmp_path_factory.mktemp("served") / "sandbox.sqlite3", "--reset")
    yield url
    stop_server(process)


class Sandbox:
    """A raw httpx client on one sandbox, logged in as a partner, with a few shorthands."""

    def __init__(self, client: httpx.AsyncClient, mode: str) -> None:
        self.client = client
        self.mode = mode
        self.token: str | None = None
        self.refresh_token: str | None = None

    # --- plumbing -------------------------------------------------------------------------
    @property
    def auth(self) -> dict[str, str]:
        return {wire.AUTHORIZATION: f"{wire.BEARER} {self.token}"}

    async def login(self, partner: tuple[str, str, str] = DEMO) -> httpx.Response:
        client_id, secret, partner_id = partner
        response = await self.client.post(wire.TOKEN, json={
            "grantType": wire.GRANT_CLIENT_CREDENTIALS, "clientId": client_id,
            "clientSecret": secret, "partnerId": partner_id,
        })
        if response.status_code == 200:
            self.token = response.json()["accessToken"]
            self.refresh_token = response.json()["refreshToken"]
        return response

    async def as_partner(self, partner: tuple[str, str, str]) -> Sandbox:
        other = Sandbox(self.client, self.mode)
        assert (await other.login(partner)).status_code == 200
        return other

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.auth, **kwargs.pop("headers", {})}
        return await self.client.get(path, headers=headers, **kwargs)

    async def post(
        self, path: str, body: Any = None, *, key: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {**self.auth, **kwargs.pop("headers", {})}
        if key is not None:
            headers[wire.IDEMPOTENCY_KEY] = key
        if body is not None:
            kwargs["json"] = body
        return await self.client.post(path, headers=headers, **kwargs)

    # --- sandbox extensions ---------------------------------------------------------------
    async def reset(self) -> None:
        assert (await self.post(wire.SANDBOX_RESET)).status_code == 204

    async def faults(self, **changes: Any) -> dict[str, Any]:
        response = await self.client.put(wire.SANDBOX_FAULTS, headers=self.auth, json=changes)
        assert response.status_code == 200, response.text
        return response.json()

    async def advance(self, seconds: float) -> str:
        response = await self.post(wire.SANDBOX_CLOCK, {"advanceSeconds": seconds})
        assert response.status_code == 200, response.text
        return response.json()["now"]

    async def travel(self, seconds: float) -> datetime:
        """Moves the clock however far and logs in again (the old token may have expired)."""
        now = await self.advance(seconds)
        assert (await self.login()).status_code == 200
        return datetime.fromisoformat(now)

    async def now(self) -> datetime:
        return datetime.fromisoformat(await self.advance(0))

    # --- wallets and money ----------------------------------------------------------------
    async def wallet(self, wallet_id: str) -> dict[str, Any]:
        response = await self.get(wire.wallet(wallet_id))
        assert response.status_code == 200, response.text
        return response.json()

    async def balance(self, wallet_id: str) -> Decimal:
        return Decimal((await self.wallet(wallet_id))["balance"])

    async def register(self, **person: Any) -> dict[str, Any]:
        response = await self.post(wire.REGISTRATION, {"phone": fresh_phone(), **person})
        assert response.status_code == 201, response.text
        return response.json()

    async def set_level(self, wallet_id: str, level: str) -> httpx.Response:
        return await self.post(wire.identification(wallet_id, level))

    async def funded_wallet(self, amount: str, level: str = "ANONYMOUS") -> str:
        wallet_id = (await self.register())["walletId"]
        if level != "ANONYMOUS":
            assert (await self.set_level(wallet_id, level)).status_code == 200
        if Decimal(amount) > 0:
            assert (await self.refill(wallet_id, amount)).status_code == 200
        return wallet_id

    async def refill(self, wallet_id: str, amount: str, **kwargs: Any) -> httpx.Response:
        return await self.post(wire.refill(wallet_id), {"amount": amount, "currency": "RUB"}, **kwargs)

    async def init_payment(self, wallet_id: str, amount: str, **kwargs: Any) -> httpx.Response:
        body = {"amount": amount, "currency": "RUB", "description": "test"}
        return await self.post(wire.payment_initialization(wallet_id), body, **kwargs)

    async def confirm(self, wallet_id: str, payment_id: str, **kwargs: Any) -> httpx.Response:
        return await self.post(wire.payment_confirmation(wallet_id), {"paymentId": payment_id}, **kwargs)

    async def pay(self, wallet_id: str, amount: str) -> httpx.Response:
        started = await self.init_payment(wallet_id, amount)
        if started.status_code != 201:
            return started
        return await self.confirm(wallet_id, started.json()["paymentId"])

    async def withdraw(
        self, wallet_id: str, amount: str, bank_id: str = SBER, **kwargs: Any
    ) -> httpx.Response:
        body = {"bankId": bank_id, "phone": "+79161234567", "amount": amount, "currency": "RUB"}
        return await self.post(wire.withdrawal_create(wallet_id), body, **kwargs)

    async def history(self, wallet_id: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            response = await self.get(
                wire.operations(wallet_id), params={"limit": 100, "offset": len(items)}
            )
            assert response.status_code == 200, response.text
            page = response.json()
            items.extend(page["items"])
            if len(items) >= page["total"]:
                return items


def assert_error(response: httpx.Response, name: ErrorName) -> dict[str, Any]:
    """The contract's error answer: status and code from the table, requestId = X-Request-Id."""
    status, code = ERROR_TABLE[name]
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["code"], body["name"]) == (code, name.value), body
    assert body["message"]
    if response.headers.get(wire.IDEMPOTENT_REPLAYED) != "true":
        assert body["requestId"] == response.headers[wire.REQUEST_ID]
    return body


def ledger_sum(history: list[dict[str, Any]]) -> Decimal:
    """What the operations add up to: refills and refunds in, payments and withdrawals out."""
    signs = {"REFILL": 1, "WITHDRAWAL_REFUND": 1, "PAYMENT": -1, "WITHDRAWAL": -1}
    return sum(
        (signs[op["type"]] * (Decimal(op["amount"]) + (Decimal(op["fee"]) if signs[op["type"]] < 0 else 0))
         for op in history),
        Decimal("0.00"),
    )


class SharedTransport(httpx.AsyncBaseTransport):
    """Lends one InProcessTransport to many clients; closing a client does not close it."""

    def __init__(self, inner: InProcessTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)


@pytest.fixture(scope="session")
def inprocess_transport(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessTransport]:
    """One in-process sandbox for the session, like the served one: opening a fresh SQLite
    file per test would spend most of the suite in fsync."""
    transport = fresh_sandbox(tmp_path_factory.mktemp("inprocess"), ManualClock()).transport()
    yield transport
    asyncio.run(transport.aclose())


@pytest.fixture(params=["inprocess", "http"])
async def sandbox(request: pytest.FixtureRequest) -> AsyncIterator[Sandbox]:
    if request.param == "inprocess":
        shared = SharedTransport(request.getfixturevalue("inprocess_transport"))
        client = httpx.AsyncClient(transport=shared, base_url="http://sandbox", timeout=30)
    else:
        # Plain HTTP on loopback: verify=False skips loading the CA bundle (~0.2 s a client).
        client = httpx.AsyncClient(
            base_url=request.getfixturevalue("served_url"), timeout=30, verify=False
        )
    sandbox = Sandbox(client, request.param)
    assert (await sandbox.login()).status_code == 200
    await sandbox.reset()  # the served sandbox is shared by the session: start clean
    try:
        yield sandbox
    finally:
        # Leave no fault behind: the next test's login would meet it before its own reset.
        await client.post(wire.SANDBOX_RESET, headers=sandbox.auth)
        await client.aclose()

"""Shared pieces of the reliability tests: credentials, clocks, an in-process sandbox and a
scripted mix of money-moving operations whose every outcome is kept for checking."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from wallet_tui.client import Credentials, Exchange, WalletClient, new_idempotency_key
from wallet_tui.protocol import (
    FaultsUpdate,
    Identification,
    PaymentInitRequest,
    RefillRequest,
    RegistrationRequest,
    WithdrawalRequest,
    wire,
)

DEMO = Credentials(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET, wire.DEMO_PARTNER_ID)
OTHER = Credentials(wire.OTHER_CLIENT_ID, wire.OTHER_CLIENT_SECRET, wire.OTHER_PARTNER_ID)
SANDBOX_URL = "http://sandbox.local"
SBER = "100000000111"
PAYEE_PHONE = "+79161234567"


class QuickClock:
    """The client's clock: real or sandbox wall time, real monotonic time, and retry waits
    cut to a hundredth of a second (the waits' length is the client's own concern,
    tested in tests/client; here only what they lead to matters)."""

    def __init__(self, wall: Any | None = None) -> None:
        self._wall = wall
        self.waits: list[float] = []

    def now(self) -> datetime:
        return self._wall.now() if self._wall is not None else datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))


class Shared(httpx.AsyncBaseTransport):
    """One sandbox for several clients: closing a client leaves the sandbox running."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        pass


def make_client(
    transport: httpx.AsyncBaseTransport,
    *,
    credentials: Credentials = DEMO,
    exchanges: list[Exchange] | None = None,
    base_url: str = SANDBOX_URL,
    wall: Any | None = None,
    **options: Any,
) -> WalletClient:
    return WalletClient(
        base_url=base_url,
        transport=transport,
        credentials=credentials,
        on_exchange=exchanges.append if exchanges is not None else None,
        clock=options.pop("clock", None) or QuickClock(wall),
        **options,
    )


# --- wallets --------------------------------------------------------------------------------

_phones = iter(random.Random().sample(range(10**7), 10**5))


def fresh_phone() -> str:
    return f"+7916{next(_phones):07d}"


async def full_wallets(client: WalletClient, count: int, funds: str = "100000") -> list[str]:
    """`count` new FULL wallets with `funds` rubles each (faults must be off)."""
    ids = []
    for _ in range(count):
        wallet = await client.register_wallet(RegistrationRequest(phone=fresh_phone()))
        await client.set_identification(wallet.wallet_id, Identification.FULL)
        await client.refill(wallet.wallet_id, RefillRequest(amount=Decimal(funds)))
        ids.append(wallet.wallet_id)
    return ids


async def faults(client: WalletClient, **changes: Any) -> None:
    await client.set_faults(FaultsUpdate(**changes))


# --- a scripted mix of operations -----------------------------------------------------------

KINDS = ("refill", "payment", "withdrawal")
LEDGER_TYPE = {"refill": "REFILL", "payment": "PAYMENT", "withdrawal": "WITHDRAWAL"}


@dataclass
class Op:
    """One operation the operator submits, and what came of it."""

    kind: str
    wallet_id: str
    amount: Decimal
    external_id: str
    keys: list[str] = field(default_factory=list)  # init key and confirm key for a payment
    result: Any = None
    error: Exception | None = None
    payment_id: str | None = None

    @property
    def done(self) -> bool:
        return self.result is not None

    def with_keys(self) -> Op:
        self.keys = [new_idempotency_key() for _ in range(2 if self.kind == "payment" else 1)]
        return self


def script(
    wallets: list[str], count: int, *, prefix: str, seed: int, kinds: Iterable[str] = KINDS
) -> list[Op]:
    """`count` operations in a repeatable order, kinds and wallets taken in turn."""
    rng = random.Random(seed)
    kinds = tuple(kinds)
    ops = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        # Whole rubles plus kopecks that never end in .13 (the sandbox bank's refusal).
        amount = Decimal(rng.randrange(100, 50000)).scaleb(-2) + rng.randrange(1, 60)
        if kind == "withdrawal" and amount % 1 == Decimal("0.13"):
            amount += Decimal("0.01")
        ops.append(Op(kind, wallets[n % len(wallets)], amount, f"{prefix}-{n:04d}").with_keys())
    return ops


async def perform(client: WalletClient, op: Op) -> Op:
    """Runs `op` with its own keys (the same ones on every call, as a retry would)."""
    try:
        if op.kind == "refill":
            request = RefillRequest(amount=op.amount, external_id=op.external_id)
            op.result = await client.refill(op.wallet_id, request, idempotency_key=op.keys[0])
        elif op.kind == "payment":
            if op.payment_id is None:
                request = PaymentInitRequest(amount=op.amount, external_id=op.external_id,
                                             description="reliability")
                payment = await client.init_payment(op.wallet_id, request,
                                                    idempotency_key=op.keys[0])
                op.payment_id = payment.payment_id
            op.result = await client.confirm_payment(op.wallet_id, op.payment_id,
                                                     idempotency_key=op.keys[1])
        else:
            request = WithdrawalRequest(bank_id=SBER, phone=PAYEE_PHONE, amount=op.amount,
                                        external_id=op.external_id)
            op.result = await client.withdraw(op.wallet_id, request, idempotency_key=op.keys[0])
        op.error = None
    except Exception as error:  # noqa: BLE001 - every outcome is kept and judged
        op.error = error
    return op


async def perform_all(
    client: WalletClient, ops: list[Op], *, concurrency: int,
    runner: Callable[[WalletClient, Op], Any] = perform,
) -> list[Op]:
    gate = asyncio.Semaphore(concurrency)

    async def one(op: Op) -> Op:
        async with gate:
            return await runner(client, op)

    return list(await asyncio.gather(*(one(op) for op in ops)))


def tally(values: Iterable[Any]) -> dict[str, int]:
    return dict(Counter(values))

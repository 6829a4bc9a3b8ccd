"""The demo data the contract lists: five wallets, each balance the sum of a short history."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from decimal import Decimal

from wallet_tui.protocol import Identification, wire
from wallet_tui.protocol.models import (
    Faults,
    OperationStatus,
    OperationType,
    PaymentStatus,
    WalletStatus,
)

from .ledger import record_operation
from .units import seconds, to_kopecks
from .views import Ctx

DAY = 86_400
HOUR = 3_600


@dataclass(frozen=True)
class Entry:
    kind: OperationType
    amount: str
    seconds_ago: int
    description: str


@dataclass(frozen=True)
class DemoWallet:
    wallet_id: str
    partner_id: str
    phone: str
    first_name: str | None
    last_name: str | None
    identification: Identification
    status: WalletStatus
    history: tuple[Entry, ...]


def _refill(amount: str, ago: int, text: str = "Пополнение с карты") -> Entry:
    return Entry(OperationType.REFILL, amount, ago, text)


def _payment(amount: str, ago: int, text: str) -> Entry:
    return Entry(OperationType.PAYMENT, amount, ago, text)


DEMO_WALLETS: tuple[DemoWallet, ...] = (
    DemoWallet(
        "100000000001", wire.DEMO_PARTNER_ID, "+79990000001", "Анна", "Смирнова",
        Identification.ANONYMOUS, WalletStatus.ACTIVE,
        (_refill("2000.00", 9 * DAY), _payment("500.00", 2 * DAY + 5 * HOUR, "Мобильная связь")),
    ),
    DemoWallet(
        "100000000002", wire.DEMO_PARTNER_ID, "+79990000002", "Борис", "Иванов",
        Identification.SIMPLIFIED, WalletStatus.ACTIVE,
        (
            _refill("20000.00", 8 * DAY),
            _payment("4500.00", 6 * DAY, "Интернет-магазин"),
            _refill("10000.00", 3 * DAY),
            _payment("500.00", 1 * DAY, "Такси"),
        ),
    ),
    DemoWallet(
        "100000000003", wire.DEMO_PARTNER_ID, "+79990000003", "Вера", "Кузнецова",
        Identification.FULL, WalletStatus.ACTIVE,
        (
            _refill("100000.00", 7 * DAY),
            _refill("75000.00", 4 * DAY),
            _payment("25000.00", 2 * DAY, "Оплата туров"),
        ),
    ),
    DemoWallet(
        "100000000004", wire.DEMO_PARTNER_ID, "+79990000004", "Григорий", "Попов",
        Identification.FULL, WalletStatus.BLOCKED,
        (_refill("1000.00", 6 * DAY), _payment("500.00", 5 * DAY, "Коммунальные услуги")),
    ),
    DemoWallet(
        "100000000005", wire.OTHER_PARTNER_ID, "+79990000005", None, None,
        Identification.ANONYMOUS, WalletStatus.ACTIVE,
        (_refill("100.00", 1 * DAY),),
    ),
)

DEMO_BALANCES: dict[str, Decimal] = {
    "100000000001": Decimal("1500.00"),
    "100000000002": Decimal("25000.00"),
    "100000000003": Decimal("150000.00"),
    "100000000004": Decimal("500.00"),
    "100000000005": Decimal("100.00"),
}


def seed(conn: sqlite3.Connection, now: int) -> None:
    """Writes the demo wallets into an empty ledger, inside the caller's transaction."""
    for wallet in DEMO_WALLETS:
        opened = now - seconds(10 * DAY)
        conn.execute(
            "INSERT INTO wallets (wallet_id, partner_id, phone, first_name, last_name, status,"
            " identification, balance, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                wallet.wallet_id, wallet.partner_id, wallet.phone, wallet.first_name,
                wallet.last_name, wallet.status.value, wallet.identification.value, opened, opened,
            ),
        )
        ctx = Ctx(conn, wallet.partner_id, now, Faults())
        for entry in wallet.history:
            _write(ctx, wallet.wallet_id, entry, now - seconds(entry.seconds_ago))


def _write(ctx: Ctx, wallet_id: str, entry: Entry, at: int) -> None:
    amount = to_kopecks(Decimal(entry.amount))
    if entry.kind is OperationType.REFILL:
        record_operation(
            ctx, wallet_id, entry.kind, OperationStatus.SUCCEEDED,
            amount=amount, fee=0, delta=amount, description=entry.description, at=at,
        )
        return
    payment_id = str(uuid.uuid4())
    operation = record_operation(
        ctx, wallet_id, entry.kind, OperationStatus.SUCCEEDED, amount=amount, fee=0,
        delta=-amount, description=entry.description, payment_id=payment_id, at=at,
    )
    ctx.conn.execute(
        "INSERT INTO payments (payment_id, wallet_id, status, amount, fee, description,"
        " expires_at, operation_id, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
        (
            payment_id, wallet_id, PaymentStatus.SUCCEEDED.value, amount, entry.description,
            at + seconds(Faults().payment_ttl_seconds), operation.operation_id, at,
        ),
    )


def clear(conn: sqlite3.Connection) -> None:
    """Forgets wallets, their ledger and every idempotency key; tokens stay."""
    for table in ("operations", "payments", "withdrawals", "idempotency", "wallets"):
        conn.execute(f"DELETE FROM {table}")

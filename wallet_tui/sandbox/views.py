"""Reading the ledger: rows into the contract's models, monthly turnover, partner scoping."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from wallet_tui.protocol import ErrorName, limits_of
from wallet_tui.protocol.models import (
    Faults,
    Limits,
    Operation,
    OperationsPage,
    OperationStatus,
    OperationType,
    Payment,
    PaymentStatus,
    Wallet,
    WalletStatus,
    Withdrawal,
)

from .errors import SandboxError
from .units import moscow_month, to_datetime, to_rubles

OUTGOING = (OperationType.PAYMENT.value, OperationType.WITHDRAWAL.value)


@dataclass(frozen=True)
class Ctx:
    """What one request's work sees: its transaction, its partner, its moment, the faults."""

    conn: sqlite3.Connection
    partner_id: str
    now: int
    faults: Faults


def monthly_turnover(conn: sqlite3.Connection, wallet_id: str, now: int) -> int:
    """Outgoing totals (fee included) of this Moscow month that did not fail, in kopecks."""
    start, end = moscow_month(now)
    row = conn.execute(
        "SELECT COALESCE(SUM(amount + fee), 0) FROM operations"
        " WHERE wallet_id = ? AND type IN (?, ?) AND status != ?"
        " AND created_at >= ? AND created_at < ?",
        (wallet_id, *OUTGOING, OperationStatus.FAILED.value, start, end),
    ).fetchone()
    return int(row[0])


def wallet_model(conn: sqlite3.Connection, row: sqlite3.Row, now: int) -> Wallet:
    level = limits_of(row["identification"])
    return Wallet(
        wallet_id=row["wallet_id"],
        phone=row["phone"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        middle_name=row["middle_name"],
        email=row["email"],
        status=row["status"],
        identification=row["identification"],
        balance=to_rubles(row["balance"]),
        limits=Limits(
            balance_limit=level.balance_limit,
            monthly_turnover_limit=level.monthly_outgoing_limit,
            monthly_turnover_used=to_rubles(monthly_turnover(conn, row["wallet_id"], now)),
        ),
        created_at=to_datetime(row["created_at"]),
        updated_at=to_datetime(row["updated_at"]),
    )


def operation_model(row: sqlite3.Row) -> Operation:
    return Operation(
        operation_id=row["operation_id"],
        wallet_id=row["wallet_id"],
        type=row["type"],
        status=row["status"],
        amount=to_rubles(row["amount"]),
        fee=to_rubles(row["fee"]),
        balance=to_rubles(row["balance_after"]),
        external_id=row["external_id"],
        description=row["description"],
        payment_id=row["payment_id"],
        withdrawal_id=row["withdrawal_id"],
        created_at=to_datetime(row["created_at"]),
    )


def payment_status(row: sqlite3.Row, now: int) -> PaymentStatus:
    # Expiry is derived, not stored: a CREATED payment past its moment is EXPIRED for everyone.
    if row["status"] == PaymentStatus.CREATED.value and now > row["expires_at"]:
        return PaymentStatus.EXPIRED
    return PaymentStatus(row["status"])


def payment_model(row: sqlite3.Row, now: int) -> Payment:
    return Payment(
        payment_id=row["payment_id"],
        wallet_id=row["wallet_id"],
        status=payment_status(row, now),
        amount=to_rubles(row["amount"]),
        fee=to_rubles(row["fee"]),
        total_amount=to_rubles(row["amount"] + row["fee"]),
        description=row["description"],
        external_id=row["external_id"],
        expires_at=to_datetime(row["expires_at"]),
    )


def withdrawal_model(row: sqlite3.Row) -> Withdrawal:
    return Withdrawal(
        withdrawal_id=row["withdrawal_id"],
        wallet_id=row["wallet_id"],
        status=row["status"],
        amount=to_rubles(row["amount"]),
        fee=to_rubles(row["fee"]),
        total_amount=to_rubles(row["amount"] + row["fee"]),
        bank_id=row["bank_id"],
        phone=row["phone"],
        balance=to_rubles(row["balance_after"]),
        external_id=row["external_id"],
        failure_reason=row["failure_reason"],
        created_at=to_datetime(row["created_at"]),
    )


def wallet_row(ctx: Ctx, wallet_id: str) -> sqlite3.Row:
    """The partner's own wallet; another partner's is exactly as absent as a missing one."""
    row = ctx.conn.execute(
        "SELECT * FROM wallets WHERE wallet_id = ? AND partner_id = ?",
        (wallet_id, ctx.partner_id),
    ).fetchone()
    if row is None:
        raise SandboxError(ErrorName.WALLET_NOT_FOUND, f"No wallet {wallet_id}")
    return row


def active_wallet_row(ctx: Ctx, wallet_id: str) -> sqlite3.Row:
    row = wallet_row(ctx, wallet_id)
    if row["status"] == WalletStatus.BLOCKED.value:
        raise SandboxError(ErrorName.WALLET_BLOCKED, f"Wallet {wallet_id} is blocked")
    return row


def get_wallet(ctx: Ctx, wallet_id: str) -> Wallet:
    return wallet_model(ctx.conn, wallet_row(ctx, wallet_id), ctx.now)


def find_wallet_by_phone(ctx: Ctx, phone: str) -> Wallet:
    row = ctx.conn.execute(
        "SELECT * FROM wallets WHERE phone = ? AND partner_id = ?", (phone, ctx.partner_id)
    ).fetchone()
    if row is None:
        raise SandboxError(ErrorName.WALLET_NOT_FOUND, f"No wallet with phone {phone}")
    return wallet_model(ctx.conn, row, ctx.now)


def operations_page(ctx: Ctx, wallet_id: str, limit: int, offset: int) -> OperationsPage:
    """Newest first. The total is the wallet's counter and the page is found by place
    (the n-th operation of the wallet), so neither counts nor skips rows: the same few
    index steps at any offset, for a wallet of any length."""
    total = wallet_row(ctx, wallet_id)["operation_count"]
    rows = ctx.conn.execute(
        "SELECT * FROM operations WHERE wallet_id = ? AND place <= ?"
        " ORDER BY place DESC LIMIT ?",
        (wallet_id, total - offset, limit),
    ).fetchall() if offset < total else []
    return OperationsPage(items=[operation_model(row) for row in rows], total=total)


def get_payment(ctx: Ctx, wallet_id: str, payment_id: str) -> Payment:
    wallet_row(ctx, wallet_id)
    return payment_model(payment_row(ctx, wallet_id, payment_id), ctx.now)


def payment_row(ctx: Ctx, wallet_id: str, payment_id: str) -> sqlite3.Row:
    row = ctx.conn.execute(
        "SELECT * FROM payments WHERE payment_id = ? AND wallet_id = ?", (payment_id, wallet_id)
    ).fetchone()
    if row is None:
        raise SandboxError(
            ErrorName.PAYMENT_NOT_FOUND, f"No payment {payment_id} on wallet {wallet_id}"
        )
    return row


def get_withdrawal(ctx: Ctx, wallet_id: str, withdrawal_id: str) -> Withdrawal:
    wallet_row(ctx, wallet_id)
    row = ctx.conn.execute(
        "SELECT * FROM withdrawals WHERE withdrawal_id = ? AND wallet_id = ?",
        (withdrawal_id, wallet_id),
    ).fetchone()
    if row is None:
        raise SandboxError(
            ErrorName.PAYMENT_NOT_FOUND, f"No withdrawal {withdrawal_id} on wallet {wallet_id}"
        )
    return withdrawal_model(row)


def operation_by_id(conn: sqlite3.Connection, operation_id: str) -> Operation:
    row = conn.execute("SELECT * FROM operations WHERE operation_id = ?", (operation_id,)).fetchone()
    return operation_model(row)

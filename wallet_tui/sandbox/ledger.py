"""Moving money: every function runs inside the caller's IMMEDIATE transaction, checks in the
contract's order, and raises SandboxError *before* writing anything.

A wallet's balance always equals the sum of its operations' `delta`; the schema's CHECK
(balance >= 0) backs the explicit checks up."""

from __future__ import annotations

import secrets
import sqlite3
import uuid

from wallet_tui.protocol import (
    ErrorName,
    Identification,
    limits_of,
    payment_fee,
    wire,
)
from wallet_tui.protocol.models import (
    IdentificationRequest,
    Operation,
    OperationStatus,
    OperationType,
    Payment,
    PaymentConfirmRequest,
    PaymentInitRequest,
    PaymentStatus,
    RefillRequest,
    RegistrationRequest,
    Wallet,
    WalletStatus,
)

from .errors import SandboxError
from .units import seconds, to_kopecks, to_rubles
from .views import (
    Ctx,
    active_wallet_row,
    monthly_turnover,
    operation_by_id,
    payment_model,
    payment_row,
    payment_status,
    wallet_model,
    wallet_row,
)

def new_wallet_id(conn: sqlite3.Connection) -> str:
    # 12 digits starting 2-9: never meets the demo wallets' 1000000000xx.
    while True:
        candidate = str(2 * 10**11 + secrets.randbelow(8 * 10**11))
        if not conn.execute("SELECT 1 FROM wallets WHERE wallet_id = ?", (candidate,)).fetchone():
            return candidate


def record_operation(
    ctx: Ctx,
    wallet_id: str,
    kind: OperationType,
    status: OperationStatus,
    *,
    amount: int,
    fee: int,
    delta: int,
    external_id: str | None = None,
    description: str | None = None,
    payment_id: str | None = None,
    withdrawal_id: str | None = None,
    at: int | None = None,
) -> Operation:
    """Applies `delta` to the balance and writes the ledger line that explains it."""
    moment = ctx.now if at is None else at
    ctx.conn.execute(
        "UPDATE wallets SET balance = balance + ?, operation_count = operation_count + 1,"
        " updated_at = ? WHERE wallet_id = ?",
        (delta, moment, wallet_id),
    )
    balance_after, place = ctx.conn.execute(
        "SELECT balance, operation_count FROM wallets WHERE wallet_id = ?", (wallet_id,)
    ).fetchone()
    operation_id = str(uuid.uuid4())
    ctx.conn.execute(
        "INSERT INTO operations (operation_id, wallet_id, place, type, status, amount, fee,"
        " delta, balance_after, external_id, description, payment_id, withdrawal_id,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            operation_id, wallet_id, place, kind.value, status.value, amount, fee, delta,
            balance_after, external_id, description, payment_id, withdrawal_id, moment,
        ),
    )
    return operation_by_id(ctx.conn, operation_id)


def check_outgoing(ctx: Ctx, wallet: sqlite3.Row, total: int) -> None:
    """INSUFFICIENT_FUNDS, then TURNOVER_LIMIT_EXCEEDED, as the contract orders them."""
    if wallet["balance"] < total:
        raise SandboxError(
            ErrorName.INSUFFICIENT_FUNDS,
            f"Balance {to_rubles(wallet['balance'])} is below the total {to_rubles(total)}",
        )
    cap = limits_of(wallet["identification"]).monthly_outgoing_limit
    if cap is not None:
        used = monthly_turnover(ctx.conn, wallet["wallet_id"], ctx.now)
        if used + total > to_kopecks(cap):
            raise SandboxError(
                ErrorName.TURNOVER_LIMIT_EXCEEDED,
                f"Monthly outgoing limit {cap} would be passed: {to_rubles(used)} used this month",
            )


def register(ctx: Ctx, request: RegistrationRequest) -> Wallet:
    existing = ctx.conn.execute(
        "SELECT wallet_id FROM wallets WHERE partner_id = ? AND phone = ?",
        (ctx.partner_id, request.phone),
    ).fetchone()
    if existing:
        raise SandboxError(
            ErrorName.WALLET_ALREADY_EXISTS,
            f"Phone {request.phone} already has wallet {existing['wallet_id']}",
            details={wire.DETAILS_WALLET_ID: existing["wallet_id"]},
        )
    wallet_id = new_wallet_id(ctx.conn)
    ctx.conn.execute(
        "INSERT INTO wallets (wallet_id, partner_id, phone, first_name, last_name, middle_name,"
        " email, status, identification, balance, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        (
            wallet_id, ctx.partner_id, request.phone, request.first_name, request.last_name,
            request.middle_name, request.email, WalletStatus.ACTIVE.value,
            Identification.ANONYMOUS.value, ctx.now, ctx.now,
        ),
    )
    return wallet_model(ctx.conn, wallet_row(ctx, wallet_id), ctx.now)


def set_identification(
    ctx: Ctx, wallet_id: str, level: Identification, person: IdentificationRequest | None
) -> Wallet:
    wallet = active_wallet_row(ctx, wallet_id)
    if wallet["identification"] == level.value:
        return wallet_model(ctx.conn, wallet, ctx.now)
    limit = limits_of(level).balance_limit
    if wallet["balance"] > to_kopecks(limit):
        raise SandboxError(
            ErrorName.BALANCE_LIMIT_EXCEEDED,
            f"Balance {to_rubles(wallet['balance'])} is above {level.value}'s limit {limit}",
        )
    changes = {"identification": level.value, "updated_at": ctx.now}
    if person is not None:
        changes.update(person.model_dump(exclude_none=True, by_alias=False))
    assignments = ", ".join(f"{column} = ?" for column in changes)
    ctx.conn.execute(
        f"UPDATE wallets SET {assignments} WHERE wallet_id = ?", (*changes.values(), wallet_id)
    )
    return wallet_model(ctx.conn, wallet_row(ctx, wallet_id), ctx.now)


def refill(ctx: Ctx, wallet_id: str, request: RefillRequest) -> Operation:
    wallet = active_wallet_row(ctx, wallet_id)
    amount = to_kopecks(request.amount)
    limit = limits_of(wallet["identification"]).balance_limit
    if wallet["balance"] + amount > to_kopecks(limit):
        raise SandboxError(
            ErrorName.BALANCE_LIMIT_EXCEEDED,
            f"The balance would pass its limit {limit}",
        )
    return record_operation(
        ctx, wallet_id, OperationType.REFILL, OperationStatus.SUCCEEDED,
        amount=amount, fee=0, delta=amount,
        external_id=request.external_id, description=request.description,
    )


def init_payment(ctx: Ctx, wallet_id: str, request: PaymentInitRequest) -> Payment:
    wallet = active_wallet_row(ctx, wallet_id)
    amount = to_kopecks(request.amount)
    fee = to_kopecks(payment_fee(request.amount))
    check_outgoing(ctx, wallet, amount + fee)
    payment_id = str(uuid.uuid4())
    ctx.conn.execute(
        "INSERT INTO payments (payment_id, wallet_id, status, amount, fee, description,"
        " external_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            payment_id, wallet_id, PaymentStatus.CREATED.value, amount, fee, request.description,
            request.external_id, ctx.now + seconds(ctx.faults.payment_ttl_seconds), ctx.now,
        ),
    )
    return payment_model(payment_row(ctx, wallet_id, payment_id), ctx.now)


def confirm_payment(ctx: Ctx, wallet_id: str, request: PaymentConfirmRequest) -> Operation:
    wallet = active_wallet_row(ctx, wallet_id)
    payment = payment_row(ctx, wallet_id, request.payment_id)
    status = payment_status(payment, ctx.now)
    if status is PaymentStatus.SUCCEEDED:
        return operation_by_id(ctx.conn, payment["operation_id"])
    if status is PaymentStatus.EXPIRED:
        raise SandboxError(
            ErrorName.PAYMENT_EXPIRED, f"Payment {request.payment_id} expired; initialise a new one"
        )
    total = payment["amount"] + payment["fee"]
    check_outgoing(ctx, wallet, total)
    operation = record_operation(
        ctx, wallet_id, OperationType.PAYMENT, OperationStatus.SUCCEEDED,
        amount=payment["amount"], fee=payment["fee"], delta=-total,
        external_id=payment["external_id"], description=payment["description"],
        payment_id=payment["payment_id"],
    )
    ctx.conn.execute(
        "UPDATE payments SET status = ?, operation_id = ? WHERE payment_id = ?",
        (PaymentStatus.SUCCEEDED.value, operation.operation_id, payment["payment_id"]),
    )
    return operation

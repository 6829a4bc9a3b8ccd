"""Withdrawals to an SBP bank: the debit at once, and the bank's answer later.

The sandbox's bank answers `withdrawalSettleSeconds` after the withdrawal (as set when it was
made): it refuses every amount ending in .13 kopecks, and the whole debit comes back as a
WITHDRAWAL_REFUND operation. Settlement is lazy: `settle_due` runs at the start of a request."""

from __future__ import annotations

import sqlite3
import uuid

from wallet_tui.protocol import ErrorName, limits_of, wire, withdrawal_fee
from wallet_tui.protocol.models import (
    OperationStatus,
    OperationType,
    Withdrawal,
    WithdrawalRequest,
    WithdrawalStatus,
)

from .banks import is_known_bank
from .errors import SandboxError
from .ledger import check_outgoing, record_operation
from .units import seconds, to_kopecks
from .views import Ctx, active_wallet_row, withdrawal_model

# The sandbox's bank refuses every withdrawal whose amount ends in this many kopecks.
REJECTED_KOPECKS = 13


def withdraw(ctx: Ctx, wallet_id: str, request: WithdrawalRequest) -> Withdrawal:
    wallet = active_wallet_row(ctx, wallet_id)
    if not limits_of(wallet["identification"]).can_withdraw_to_bank:
        raise SandboxError(
            ErrorName.IDENTIFICATION_REQUIRED,
            f"{wallet['identification']} wallets cannot withdraw to a bank",
        )
    if not is_known_bank(request.bank_id):
        raise SandboxError(ErrorName.BANK_NOT_FOUND, f"No SBP participant {request.bank_id}")
    amount = to_kopecks(request.amount)
    fee = to_kopecks(withdrawal_fee(request.amount))
    check_outgoing(ctx, wallet, amount + fee)
    withdrawal_id = str(uuid.uuid4())
    operation = record_operation(
        ctx, wallet_id, OperationType.WITHDRAWAL, OperationStatus.PROCESSING,
        amount=amount, fee=fee, delta=-(amount + fee),
        external_id=request.external_id, withdrawal_id=withdrawal_id,
    )
    ctx.conn.execute(
        "INSERT INTO withdrawals (withdrawal_id, wallet_id, status, amount, fee, bank_id, phone,"
        " balance_after, external_id, operation_id, settle_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            withdrawal_id, wallet_id, WithdrawalStatus.PROCESSING.value, amount, fee,
            request.bank_id, request.phone, to_kopecks(operation.balance), request.external_id,
            operation.operation_id, ctx.now + seconds(ctx.faults.withdrawal_settle_seconds),
            ctx.now,
        ),
    )
    row = ctx.conn.execute(
        "SELECT * FROM withdrawals WHERE withdrawal_id = ?", (withdrawal_id,)
    ).fetchone()
    return withdrawal_model(row)


def bank_accepts(amount_kopecks: int) -> bool:
    return amount_kopecks % 100 != REJECTED_KOPECKS


def settle_due(ctx: Ctx) -> int:
    """Lets the bank answer every withdrawal whose moment has come; returns how many.

    Each is settled at its own `settle_at`, not at the moment someone looked, so the history
    reads the same however late the sandbox got to it."""
    due = ctx.conn.execute(
        "SELECT * FROM withdrawals WHERE status = ? AND settle_at <= ? ORDER BY settle_at",
        (WithdrawalStatus.PROCESSING.value, ctx.now),
    ).fetchall()
    for row in due:
        if bank_accepts(row["amount"]):
            outcome, reason = WithdrawalStatus.SUCCEEDED, None
        else:
            outcome, reason = WithdrawalStatus.FAILED, wire.FAILURE_BANK_REJECTED
        ctx.conn.execute(
            "UPDATE withdrawals SET status = ?, failure_reason = ? WHERE withdrawal_id = ?",
            (outcome.value, reason, row["withdrawal_id"]),
        )
        ctx.conn.execute(
            "UPDATE operations SET status = ? WHERE operation_id = ?",
            (OperationStatus(outcome.value).value, row["operation_id"]),
        )
        if outcome is WithdrawalStatus.FAILED:
            total = row["amount"] + row["fee"]
            # The whole debit comes back, fee included: the bank refused, nothing was served.
            record_operation(
                ctx, row["wallet_id"], OperationType.WITHDRAWAL_REFUND, OperationStatus.SUCCEEDED,
                amount=total, fee=0, delta=total, external_id=row["external_id"],
                withdrawal_id=row["withdrawal_id"], at=row["settle_at"],
            )
    return len(due)


def has_due_withdrawals(conn: sqlite3.Connection, now: int) -> bool:
    return conn.execute(
        "SELECT 1 FROM withdrawals WHERE status = ? AND settle_at <= ? LIMIT 1",
        (WithdrawalStatus.PROCESSING.value, now),
    ).fetchone() is not None


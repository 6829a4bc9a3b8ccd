"""The sandbox's published tariffs (protocol.md): payments free; withdrawals 1 %,
rounded half up to the kopeck, at least 10.00 ₽. The desk shows them as an estimate
before sending; the server's answer is what counts."""

from __future__ import annotations

from decimal import Decimal

from .money import quantize

WITHDRAWAL_FEE_RATE = Decimal("0.01")
WITHDRAWAL_FEE_MIN = Decimal("10.00")
PAYMENT_FEE = Decimal("0.00")


def withdrawal_fee(amount: Decimal) -> Decimal:
    return max(quantize(amount * WITHDRAWAL_FEE_RATE), WITHDRAWAL_FEE_MIN)


def payment_fee(amount: Decimal) -> Decimal:
    return PAYMENT_FEE

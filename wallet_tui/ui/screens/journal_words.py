"""How the desk names a journal entry to the operator: the operation, the wallet, the amount."""

from __future__ import annotations

from datetime import datetime

from wallet_tui.journal import (
    CONFIRMATION,
    IDENTIFICATION,
    PAYMENT,
    REFILL,
    REGISTRATION,
    WITHDRAWAL,
    Entry,
)
from wallet_tui.ui.i18n import N_, _, format_money

OPERATION_NAMES = {
    REFILL: N_("Refill"),
    PAYMENT: N_("Payment initialisation"),
    CONFIRMATION: N_("Payment confirmation"),
    WITHDRAWAL: N_("Withdrawal"),
    REGISTRATION: N_("Registration"),
    IDENTIFICATION: N_("Level change"),
}


def operation_name(entry: Entry) -> str:
    return _(OPERATION_NAMES.get(entry.op, entry.op))


def entry_line(entry: Entry) -> str:
    """"Refill  wallet 100000000001  RUB 777.77" and the like, one line."""
    parts = [operation_name(entry)]
    if entry.wallet_id:
        parts.append(_("wallet {wallet_id}").format(wallet_id=entry.wallet_id))
    if entry.amount is not None:
        parts.append(format_money(entry.amount))
    if entry.subject and entry.op in (REGISTRATION, WITHDRAWAL, IDENTIFICATION):
        parts.append(entry.subject)
    return "  ".join(parts)


def utc_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")

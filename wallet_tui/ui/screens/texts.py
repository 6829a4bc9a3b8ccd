"""Sentences several operation screens say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from wallet_tui.protocol import format_phone
from wallet_tui.ui.i18n import N_, _, format_money
from wallet_tui.ui.widgets.wallet_terms import level_term, wallet_status_term

if TYPE_CHECKING:
    from decimal import Decimal

    from wallet_tui.protocol import Wallet

# What is unknown, exact about the step, in each language: initiating a payment moves no
# money, confirming it does.
_SOME_OUTCOME_UNKNOWN = N_("The operation's outcome is unknown.")
_OUTCOME_UNKNOWN = {  # i18n: keep (the keys are the callers' names for the operation)
    "refill": N_("Whether the refill was applied is unknown."),
    "payment": N_("Whether the payment was initiated is unknown; initiating moves no money."),
    "confirmation": N_("Whether the payment was confirmed (money paid) is unknown."),
    "level change": N_("Whether the level was changed is unknown."),
    "registration": N_("Whether the wallet was registered is unknown."),
    "withdrawal": N_("Whether the withdrawal was sent is unknown."),
}


def labels_width(*labels: str, gap: int = 2) -> int:
    """One column for labels in any language: the longest and a gap."""
    return max(len(label) for label in labels) + gap


def unknown_outcome_text(
    what: str, idempotency_key: str | None, *, retry_key: str = "Enter"
) -> Text:
    """What the operator reads, once, after giving up on (or getting no answer to) a money
    operation: what is unknown, how to check, how to retry safely."""
    text = Text()
    text.append(_(_OUTCOME_UNKNOWN.get(what, _SOME_OUTCOME_UNKNOWN)), style="bold")
    text.append("\n" + _("F2 shows the wallet's history."))
    if idempotency_key:
        text.append(" " + _("{key} retries with the same data and").format(key=retry_key) + " ")
        text.append(f"Idempotency-Key {idempotency_key}", style="bold")
        text.append(": " + _("never applied twice."))
    return text


def wallet_line(wallet: "Wallet") -> Text:
    """One line naming the wallet an operation acts on, most important first."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(wallet.wallet_id, style="bold")
    if wallet.status.value != "ACTIVE":
        text.append(" " + wallet_status_term(wallet.status.value), style="bold red")
    text.append(" · ")
    text.append(level_term(wallet.identification.value), style="italic")
    text.append(" · ")
    text.append(format_money(wallet.balance), style="bold")
    text.append(f" · {format_phone(wallet.phone)} · {wallet.display_name}", style="dim")
    return text


def outgoing_warnings(wallet: "Wallet", total: "Decimal") -> list[str]:
    """Why the service will refuse money leaving `wallet` (a payment, a withdrawal): the
    total (fee included) against the balance, then against the level's monthly outgoing
    limit, in the contract's order (INSUFFICIENT_FUNDS, TURNOVER_LIMIT_EXCEEDED)."""
    warnings = []
    if total > wallet.balance:
        warnings.append(_("More than the balance of {balance}: the service will refuse it.")
                        .format(balance=format_money(wallet.balance)))
    limits = wallet.limits
    cap = limits.monthly_turnover_limit
    if cap is not None and limits.monthly_turnover_used + total > cap:
        left = max(cap - limits.monthly_turnover_used, 0)
        warnings.append(_("Past this level's monthly outgoing limit of {limit} ({left} left "
                          "this month): the service will refuse it.")
                        .format(limit=format_money(cap), left=format_money(left)))
    return warnings


def append_warnings(text: Text, warnings: list[str]) -> Text:
    for warning in warnings:
        text.append("\n" + warning, style="bold red")
    return text

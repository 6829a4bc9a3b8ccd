"""Sentences several operation screens say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from wallet_tui.protocol import format_phone
from wallet_tui.ui.i18n import N_, _, format_money
from wallet_tui.ui.widgets.wallet_terms import level_term, wallet_status_term

if TYPE_CHECKING:
    from wallet_tui.protocol import Wallet

# What the operation was, as the "outcome unknown" sentence starts in each language.
_OUTCOME_UNKNOWN = {  # i18n: keep (the keys are the callers' names for the operation)
    "refill": N_("The refill's outcome is unknown"),
    "payment": N_("The payment's outcome is unknown"),
    "confirmation": N_("The confirmation's outcome is unknown"),
    "level change": N_("The level change's outcome is unknown"),
    "registration": N_("The registration's outcome is unknown"),
    "withdrawal": N_("The withdrawal's outcome is unknown"),
}


def labels_width(*labels: str, gap: int = 2) -> int:
    """One column for labels in any language: the longest and a gap."""
    return max(len(label) for label in labels) + gap


def unknown_outcome_text(
    what: str, idempotency_key: str | None, *, retry_key: str = "Enter"
) -> Text:
    """What the operator reads after giving up on (or getting no answer to) a money operation."""
    text = Text()
    text.append(_(_OUTCOME_UNKNOWN.get(what, N_("The operation's outcome is unknown"))),
                style="bold")
    text.append(": " + _("it may or may not have been applied.") + "\n")
    text.append(_("To check: F2 looks the wallet up and shows its history."))
    if idempotency_key:
        text.append(" " + _("Or retry ({key}, same data): it reuses").format(key=retry_key) + " ")
        text.append(f"Idempotency-Key {idempotency_key}", style="bold")
        text.append(", " + _("so it cannot be applied twice."))
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

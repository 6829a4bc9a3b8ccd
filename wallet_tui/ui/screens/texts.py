"""Sentences several operation screens say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from wallet_tui.protocol import format_phone, format_rub

if TYPE_CHECKING:
    from wallet_tui.protocol import Wallet


def unknown_outcome_text(
    what: str, idempotency_key: str | None, *, retry_key: str = "Enter"
) -> Text:
    """What the operator reads after giving up on (or getting no answer to) a money operation."""
    text = Text()
    text.append(f"The {what}'s outcome is unknown", style="bold")
    text.append(": it may or may not have been applied.\n")
    text.append("To check: F2 looks the wallet up and shows its history.")
    if idempotency_key:
        text.append(f" Or retry ({retry_key}, same data): it reuses ")
        text.append(f"Idempotency-Key {idempotency_key}", style="bold")
        text.append(", so it cannot be applied twice.")
    return text


def wallet_line(wallet: "Wallet") -> Text:
    """One line naming the wallet an operation acts on, most important first."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(wallet.wallet_id, style="bold")
    if wallet.status.value != "ACTIVE":
        text.append(f" {wallet.status.value}", style="bold red")
    text.append(" · ")
    text.append(wallet.identification.value, style="italic")
    text.append(" · ")
    text.append(format_rub(wallet.balance), style="bold")
    text.append(f" · {format_phone(wallet.phone)} · {wallet.display_name}", style="dim")
    return text

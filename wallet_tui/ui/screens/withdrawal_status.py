"""The withdrawal screen's words and its bank list: the confirmation, the status as it goes
PROCESSING → SUCCEEDED or FAILED, and the SBP list shown from the cache at once and refreshed
in the background when stale."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from wallet_tui.protocol import (
    AmountError,
    Wallet,
    Withdrawal,
    WithdrawalRequest,
    format_phone,
    format_rub,
    parse_amount,
    withdrawal_fee,
)

from .bank_picker import BankEntry, BankPicker

if TYPE_CHECKING:
    from .operation_screen import OperationScreen

log = logging.getLogger(__name__)

OP_BANKS = "banks"

FAILURE_REASONS = {
    "BANK_REJECTED": "the recipient's bank refused the transfer",
}


def estimate_text(typed_amount: str, wallet: Wallet | None) -> Text:
    """The fee, total and balance after, as the amount is typed (the service's answer counts)."""
    try:
        amount = parse_amount(typed_amount)
    except AmountError:
        return Text("Fee 1 %, at least 10,00 ₽", style="dim")
    fee = withdrawal_fee(amount)
    total = amount + fee
    text = Text()
    text.append("Fee ≈ ", style="dim")
    text.append(format_rub(fee))
    text.append("  total ", style="dim")
    text.append(format_rub(total), style="bold")
    if wallet is not None:
        left = wallet.balance - total
        text.append("\nBalance after ", style="dim")
        text.append(format_rub(left), style="bold red" if left < 0 else "")
        if left < 0:
            text.append(" — not enough money", style="red")
    return text


def withdrawal_confirmation(wallet: Wallet, bank: BankEntry, request: WithdrawalRequest) -> Text:
    fee = withdrawal_fee(request.amount)
    total = request.amount + fee
    text = Text()
    rows = (
        ("From     ", f"{wallet.wallet_id}  {wallet.display_name}"),
        ("To bank  ", f"{bank['name']}  (SBP {bank['bankId']})"),
        ("Phone    ", format_phone(request.phone)),
        ("Amount   ", format_rub(request.amount)),
        ("Fee ≈    ", format_rub(fee)),
    )
    for label, value in rows:
        text.append(label, style="dim")
        text.append(value + "\n")
    text.append("Total    ", style="dim")
    text.append(format_rub(total), style="bold")
    text.append("\nBalance  ", style="dim")
    text.append(f"{format_rub(wallet.balance)} → {format_rub(wallet.balance - total)}")
    return text


def status_text(withdrawal: Withdrawal, bank: BankEntry | None, polls: int) -> Text:
    text = Text()
    text.append("Withdrawal ", style="dim")
    text.append(withdrawal.withdrawal_id + "\n")
    same_bank = bank is not None and bank["bankId"] == withdrawal.bank_id
    bank_name = bank["name"] if same_bank else withdrawal.bank_id
    text.append("To         ", style="dim")
    text.append(f"{bank_name}, {format_phone(withdrawal.phone)}\n")
    text.append("Amount     ", style="dim")
    text.append(
        f"{format_rub(withdrawal.amount)} + fee {format_rub(withdrawal.fee)} = "
        f"{format_rub(withdrawal.total_amount)}\n"
    )
    status = withdrawal.status.value
    text.append("Status     ", style="dim")
    if status == "PROCESSING":
        text.append("⏳ PROCESSING", style="bold yellow")
        text.append(
            f" — debited, waiting for the bank (checked {polls}×)\n", style="yellow"
        )
        text.append("Balance    ", style="dim")
        text.append(format_rub(withdrawal.balance))
    elif status == "SUCCEEDED":
        text.append("✔ SUCCEEDED", style="bold green")
        text.append(" — the bank has paid it out\n")
        text.append("Balance    ", style="dim")
        text.append(format_rub(withdrawal.balance), style="bold")
    else:
        reason = withdrawal.failure_reason or "no reason given"
        text.append("✘ FAILED", style="bold red")
        text.append(f": {reason}", style="bold")
        words = FAILURE_REASONS.get(reason)
        if words:
            text.append(f" — {words}")
        text.append("\nRefund     ", style="dim")
        text.append(
            f"{format_rub(withdrawal.total_amount)} returned to the wallet "
            "(a WITHDRAWAL_REFUND in its history)"
        )
    return text


class BankList:
    """The withdrawal screen's SBP list: cached in the user cache dir by the config room."""

    def __init__(self, screen: "OperationScreen") -> None:
        self.screen = screen
        self._cache: Any = None

    @property
    def cache(self) -> Any:
        if self._cache is None:
            from wallet_tui.config.cache import BankCache

            self._cache = BankCache(paths=getattr(self.screen.app, "paths", None))
        return self._cache

    @property
    def picker(self) -> BankPicker:
        return self.screen.query_one(BankPicker)

    def show_cached(self) -> None:
        """Shows the cached list at once; fetches it in the background if old or missing."""
        try:
            state = self.cache.current()
        except OSError as error:
            log.warning("bank cache unreadable: %s", error)
            banks, stale = [], True
        else:
            banks, stale = state.banks, state.stale or not state.banks
        self.picker.set_banks(banks)
        if stale:
            cache = self.cache
            self.screen.send(OP_BANKS, lambda client: cache.refresh(client.list_banks))
            if not banks:
                self._note(Text("Loading the bank list…", style="dim"))

    def refreshed(self, state: Any) -> None:
        self.picker.set_banks(state.banks)
        self._note(Text(state.message, style="yellow") if state.message else None)

    def refresh_failed(self, error: BaseException) -> None:
        self._note(Text(f"Could not load the bank list: {error}", style="yellow"))

    def _note(self, text: Text | None) -> None:
        note = self.screen.query_one("#wd-banks-note", Static)
        note.update(text or "")
        note.set_class(text is not None, "-shown")

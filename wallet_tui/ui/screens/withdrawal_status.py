"""The withdrawal screen's words, its bank list and its status follower: the confirmation, the
status as it goes PROCESSING → SUCCEEDED or FAILED, the SBP list shown from the cache at once
and refreshed in the background when stale, and the polling of one withdrawal's status."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from decimal import Decimal

from rich.text import Text
from textual.widgets import Static

from wallet_tui.protocol import (
    AmountError,
    Wallet,
    Withdrawal,
    WithdrawalRequest,
    format_phone,
    parse_amount,
    withdrawal_fee,
)
from wallet_tui.ui.i18n import N_, _, format_money
from wallet_tui.ui.widgets.wallet_terms import operation_status_term

from .bank_picker import BankEntry, BankPicker
from .operation_screen import ignore
from .texts import append_warnings, labels_width, outgoing_warnings

if TYPE_CHECKING:
    from textual.timer import Timer

    from wallet_tui.config.cache import BankCache, BankListState

    from .operation_screen import OperationScreen

log = logging.getLogger(__name__)

FAILURE_REASONS = {
    "BANK_REJECTED": N_("the recipient's bank refused the transfer"),
}
MINIMUM_FEE = Decimal("10.00")  # protocol.md: 1 %, at least 10,00 ₽


def estimate_text(typed_amount: str, wallet: Wallet | None) -> Text:
    """The fee, total and balance after, as the amount is typed (the service's answer counts)."""
    try:
        amount = parse_amount(typed_amount)
    except AmountError:
        return Text(
            _("Fee 1 %, at least {minimum}").format(minimum=format_money(MINIMUM_FEE)),
            style="dim",
        )
    fee = withdrawal_fee(amount)
    total = amount + fee
    text = Text()
    text.append(_("Fee") + " ≈ ", style="dim")
    text.append(format_money(fee))
    text.append("  " + _("total") + " ", style="dim")
    text.append(format_money(total), style="bold")
    if wallet is not None:
        left = wallet.balance - total
        text.append("\n" + _("Balance after") + " ", style="dim")
        text.append(format_money(left), style="bold red" if left < 0 else "")
        if left < 0:
            text.append(" — " + _("not enough money"), style="red")
    return text


def withdrawal_confirmation(wallet: Wallet, bank: BankEntry, request: WithdrawalRequest) -> Text:
    fee = withdrawal_fee(request.amount)
    total = request.amount + fee
    text = Text()
    rows = (
        (_("From"), f"{wallet.wallet_id}  {wallet.display_name}"),
        (_("To bank"), "{name}  ({sbp} {bank_id})".format(
            name=bank['name'], sbp=_("SBP"), bank_id=bank['bankId'])),
        (_("Phone"), format_phone(request.phone)),
        (_("Amount"), format_money(request.amount)),
        (_("Fee") + " ≈", format_money(fee)),
    )
    total_label, balance_label = _("Total"), _("Balance")
    width = labels_width(total_label, balance_label, *(label for label, _value in rows))
    for label, value in rows:
        text.append(label.ljust(width), style="dim")
        text.append(value + "\n")
    text.append(total_label.ljust(width), style="dim")
    text.append(format_money(total), style="bold")
    text.append("\n" + balance_label.ljust(width), style="dim")
    text.append(f"{format_money(wallet.balance)} → {format_money(wallet.balance - total)}")
    return append_warnings(text, outgoing_warnings(wallet, total))


def status_text(
    withdrawal: Withdrawal, bank: BankEntry | None, polls: int, *, following: bool = True
) -> Text:
    text = Text()
    labels = {key: _(key) for key in (N_("Withdrawal"), N_("To"), N_("Amount"), N_("Status"),
                                      N_("Balance"), N_("Refund"))}
    width = labels_width(*labels.values(), gap=1)

    def label(key: str) -> str:
        return labels[key].ljust(width)

    text.append(label("Withdrawal"), style="dim")
    text.append(withdrawal.withdrawal_id + "\n")
    same_bank = bank is not None and bank["bankId"] == withdrawal.bank_id
    bank_name = bank["name"] if same_bank else withdrawal.bank_id
    text.append(label("To"), style="dim")
    text.append(f"{bank_name}, {format_phone(withdrawal.phone)}\n")
    text.append(label("Amount"), style="dim")
    text.append(
        _("{amount} + fee {fee} = {total}").format(
            amount=format_money(withdrawal.amount), fee=format_money(withdrawal.fee),
            total=format_money(withdrawal.total_amount)) + "\n"
    )
    status = withdrawal.status.value
    text.append(label("Status"), style="dim")
    if status == "PROCESSING":
        text.append("⏳ " + operation_status_term(status), style="bold yellow")
        if following:
            waiting = _("debited, waiting for the bank (checked {polls}×)").format(polls=polls)
        else:
            waiting = _("debited, waiting for the bank (not checked now)")
        text.append(" — " + waiting + "\n", style="yellow")
        text.append(label("Balance"), style="dim")
        text.append(format_money(withdrawal.balance))
    elif status == "SUCCEEDED":
        text.append("✔ " + operation_status_term(status), style="bold green")
        text.append(" — " + _("the bank has paid it out") + "\n")
        text.append(label("Balance"), style="dim")
        text.append(format_money(withdrawal.balance), style="bold")
    else:
        reason = withdrawal.failure_reason or _("no reason given")
        text.append("✘ " + operation_status_term(status), style="bold red")
        text.append(f": {reason}", style="bold")
        words = FAILURE_REASONS.get(reason)
        if words:
            text.append(f" — {_(words)}")
        text.append("\n" + label("Refund"), style="dim")
        text.append(
            _("{amount} returned to the wallet (a WITHDRAWAL_REFUND in its history)").format(
                amount=format_money(withdrawal.total_amount))
        )
    return text


def stopped_following_text(withdrawal: Withdrawal) -> Text:
    """Said when the operator stops following (Esc): what happened, and how to look again."""
    text = Text()
    text.append(
        _("Withdrawal {withdrawal_id} was sent and is being processed.").format(
            withdrawal_id=withdrawal.withdrawal_id),
        style="bold",
    )
    text.append(" " + _("The money is debited; the bank settles it by itself (SUCCEEDED, or "
                        "FAILED with a refund).") + "\n")
    text.append(_("To check later: r follows it again here, or F2 looks the wallet up: its "
                  "history shows the withdrawal and its status."))
    return text


class StatusFollower:
    """Follows one withdrawal's status: asks for it every `POLL_SECONDS` of the screen while
    the operator wants it followed (not after Esc) and the screen is shown, until the bank
    settles it. Stopping cancels the timer and the poll in flight, so nothing more is sent."""

    def __init__(self, screen: "OperationScreen", on_status: Callable[[Withdrawal], object],
                 on_missed: Callable[[Exception], object]) -> None:
        self.screen = screen
        # The screen's methods that take a look's answer (the first names the look in flight).
        self.on_status, self.on_missed = on_status, on_missed
        self.withdrawal: Withdrawal | None = None
        self.polls = 0
        self.wanted = False  # the operator wants it followed: True when sent, False after Esc
        self.shown = False  # the screen is the one on top (no poll for a screen nobody sees)
        self._timer: Timer | None = None

    @property
    def processing(self) -> bool:
        return self.withdrawal is not None and self.withdrawal.status.value == "PROCESSING"

    @property
    def following(self) -> bool:
        return self.wanted and self.processing

    @property
    def polling(self) -> bool:
        return self._timer is not None

    @property
    def asking(self) -> bool:
        """A look at the status is in flight."""
        return self.screen.in_flight(self.on_status)

    def start(self, withdrawal: Withdrawal) -> None:
        """A withdrawal was just sent: follow it (its answer is the first look)."""
        self.withdrawal, self.polls, self.wanted = withdrawal, 0, True
        self._sync(poll_now=False)

    def seen(self, withdrawal: Withdrawal) -> bool:
        """A poll's answer; False if it is not about the withdrawal followed."""
        self.polls += 1
        if self.withdrawal is None or withdrawal.withdrawal_id != self.withdrawal.withdrawal_id:
            return False
        self.withdrawal = withdrawal
        self._sync(poll_now=False)
        return True

    def stop(self) -> None:
        self.wanted = False
        self._sync(poll_now=False)

    def resume(self) -> None:
        self.wanted = True
        self._sync(poll_now=True)

    def forget(self) -> None:
        self.withdrawal, self.wanted = None, False
        self._sync(poll_now=False)

    def screen_shown(self, shown: bool) -> None:
        """Leaving the screen stops the polling; coming back resumes it (unless stopped)."""
        self.shown = shown
        self._sync(poll_now=True)

    def poll(self) -> None:
        withdrawal = self.withdrawal
        if withdrawal is None or not self.following or self.asking:
            return
        if self.screen.app.gateway.client is None:
            return  # the desk is closing: its client is gone
        wallet_id, withdrawal_id = withdrawal.wallet_id, withdrawal.withdrawal_id
        # Stopping the follower abandons the look, which is not the operator's to hear of.
        self.screen.send(lambda client: client.get_withdrawal(wallet_id, withdrawal_id),
                         self.on_status, self.on_missed, on_abandon=ignore)

    def _sync(self, *, poll_now: bool) -> None:
        should_poll = self.following and self.shown
        if should_poll and self._timer is None:
            seconds = getattr(self.screen, "POLL_SECONDS", 1.0)
            self._timer = self.screen.set_interval(seconds, self.poll)
            if poll_now:
                self.poll()
        elif not should_poll and self._timer is not None:
            self._timer.stop()
            self._timer = None
            # The look already asked for is cancelled too: nothing more goes over the wire.
            self.screen.app.gateway.abandon(self.screen, self.on_status)


class BankList:
    """The withdrawal screen's SBP list: cached in the user cache dir by the config room."""

    def __init__(self, screen: "OperationScreen") -> None:
        self.screen = screen
        self._cache: BankCache | None = None
        self._cache_owner: tuple[str, str] = ("", "")

    @property
    def cache(self) -> "BankCache":
        """The bank list of the profile and partner logged in (a re-login as another gets
        its own)."""
        app = self.screen.app
        profile = getattr(app, "profile", None)
        owner = (getattr(profile, "name", "") or "", getattr(profile, "partner_id", "") or "")
        if self._cache is None or self._cache_owner != owner:
            from wallet_tui.config.cache import BankCache

            self._cache = BankCache(paths=getattr(app, "paths", None), profile=owner[0],
                                    partner_id=owner[1])
            self._cache_owner = owner
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
            self.screen.send(lambda client: cache.refresh(client.list_banks), self.refreshed,
                             self.refresh_failed)
            if not banks:
                self._note(Text(_("Loading the bank list…"), style="dim"))

    def refreshed(self, state: "BankListState") -> None:
        self.picker.set_banks(state.banks)
        self._note(Text(state.message, style="yellow") if state.message else None)

    def refresh_failed(self, error: Exception) -> None:
        self._note(Text(_("Could not load the bank list: {error}").format(error=error),
                        style="yellow"))

    def _note(self, text: Text | None) -> None:
        note = self.screen.query_one("#wd-banks-note", Static)
        note.update(text or "")
        note.set_class(text is not None, "-shown")

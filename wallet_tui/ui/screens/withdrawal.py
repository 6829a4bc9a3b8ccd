"""Withdrawal to a bank by SBP: pick the bank, the recipient's phone (the owner's by default)
and the amount, see the estimated fee and total, confirm; then follow the status until the
bank settles it (Esc stops following, r follows again). An ANONYMOUS wallet is told why it
cannot withdraw."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Input, Static

from wallet_tui.ui.widgets.labelled import Button
from wallet_tui.journal import operations as journal_drafts
from wallet_tui.protocol import (
    ApiError,
    ErrorName,
    Identification,
    Wallet,
    Withdrawal,
    WithdrawalRequest,
    format_phone,
)
from wallet_tui.ui.i18n import N_, Later, _, format_money
from wallet_tui.ui.widgets.form import ErrorBanner, Field

from . import field_checks
from .bank_picker import BankEntry, BankPicker
from .modals import ConfirmModal
from .money_operation import MoneyOperationScreen
from .pending_key import PendingKey
from .texts import wallet_line
from .withdrawal_status import (
    BankList,
    StatusFollower,
    estimate_text,
    status_text,
    stopped_following_text,
    withdrawal_confirmation,
)

VIEW_FORM, VIEW_TRACK, VIEW_ANONYMOUS = "wd-form", "wd-track", "wd-anonymous"

ANONYMOUS_TEXT = N_(
    "This wallet is ANONYMOUS. The law (161-FZ) lets an anonymous wallet pay, "
    "but not send money to a bank account.\n\n"
    "Raise its level to SIMPLIFIED or FULL first: F4 (or the button below) opens "
    "the identification screen."
)


class WithdrawalScreen(MoneyOperationScreen):
    SCREEN_NAME: ClassVar[str] = "withdrawal"
    DESCRIPTION: ClassVar[str] = N_("Send money from the current wallet to a bank by SBP")
    BINDINGS: ClassVar[list[Any]] = [
        Binding("enter", "submit", N_("Withdraw…"), priority=True,
            id="withdrawal.submit", tooltip=N_("Check the form and ask to confirm the withdrawal")),
        # A key's bindings replace the base class's: Esc keeps "stop waiting" first.
        Binding("escape", "abandon", N_("Stop waiting"), priority=True,
            id="withdrawal.stop-waiting", tooltip=N_("Stop waiting: the outcome is then unknown")),
        Binding("escape", "stop_following", N_("Stop following"), priority=True,
            id="withdrawal.stop-following", tooltip=N_("Stop following the status (the withdrawal goes on)")),
        Binding("r", "poll", N_("Check status"),
            id="withdrawal.check", tooltip=N_("Ask the status now")),
        Binding("r", "follow", N_("Follow again"),
            id="withdrawal.follow", tooltip=N_("Follow the status again")),
        Binding("n", "new_withdrawal", N_("New withdrawal"),
            id="withdrawal.new", tooltip=N_("Start a new withdrawal")),
    ]
    FIELD_CHECKS: ClassVar[dict[str, Any]] = {
        "wd-phone": field_checks.phone,
        "wd-amount": field_checks.amount,
        "wd-external-id": field_checks.optional_external_id,
    }
    NOTICE: ClassVar[str] = "#wd-notice"
    POLL_SECONDS: ClassVar[float] = 1.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = PendingKey()
        self.bank_of_withdrawal: BankEntry | None = None
        self._phone_for: str | None = None
        self.bank_list = BankList(self)
        self.follower = StatusFollower(self, self._status_seen, self._status_missed)
        self._keys_state: tuple[str, bool, bool] | None = None

    @property
    def withdrawal(self) -> Withdrawal | None:
        """The withdrawal sent last from this screen, as last seen."""
        return self.follower.withdrawal

    def compose_form(self) -> ComposeResult:
        yield Static("", id="wd-wallet", classes="wallet-line")
        with ContentSwitcher(initial=VIEW_FORM, id="wd-views"):
            with Vertical(id=VIEW_FORM):
                # Reading order is focus order: the amount first, the bank last.
                with Horizontal(id="wd-columns"):
                    with Vertical(id="wd-right"):
                        yield Field(_("Amount, ₽"), id="wd-amount", wire_name="amount",
                                    placeholder="1 000,50")
                        yield Static("", id="wd-estimate")
                        yield Field(_("Recipient phone"), id="wd-phone", wire_name="phone",
                                    placeholder="+7 916 123-45-67")
                        yield Field(_("External id (optional)"), id="wd-external-id",
                                    wire_name="externalId")
                    yield BankPicker(id="wd-bank")
                yield Static("", id="wd-banks-note", classes="notice")
            with Vertical(id=VIEW_TRACK):
                yield Static("", id="wd-status", classes="outcome -shown")
                with Horizontal(id="wd-track-buttons"):
                    yield Button(_("Check status (r)"), id="wd-check")
                    yield Button(_("Follow again (r)"), id="wd-follow", variant="primary")
                    yield Button(_("New withdrawal (n)"), id="wd-new")
            with Vertical(id=VIEW_ANONYMOUS):
                yield Static(_(ANONYMOUS_TEXT), id="wd-anonymous-text")
                yield Button(_("Change identification (F4)"), id="wd-identify",
                             variant="primary")
        yield ErrorBanner(id="wd-banner")
        yield Static("", id="wd-notice", classes="notice")

    def on_mount(self) -> None:
        super().on_mount()
        self.bank_list.show_cached()

    def retranslate(self) -> None:
        super().retranslate()
        self._show_status()

    def on_screen_suspend(self) -> None:
        self.follower.screen_shown(False)

    def on_screen_resume(self) -> None:
        self.follower.screen_shown(True)
        self._update_view()
        view = self.view
        if view == VIEW_FORM and self.wallet is not None:
            self.field("wd-amount").input.focus()
        elif view == VIEW_ANONYMOUS:
            self.query_one("#wd-identify", Button).focus()

    @property
    def view(self) -> str:
        return self.shown_in("#wd-views", VIEW_FORM)

    def _show_view(self, view: str) -> None:
        self.query_one("#wd-views", ContentSwitcher).current = view
        # The keys depend on the view and on following; a footer rebuild on every status
        # look (each second) would be wasted.
        keys_state = (view, self.follower.processing, self.follower.following)
        if keys_state != self._keys_state:
            self._keys_state = keys_state
            self.refresh_keys()

    def wallet_changed(self, wallet: Wallet | None) -> None:
        if wallet is None:
            return
        self.query_one("#wd-wallet", Static).update(wallet_line(wallet))
        if self._phone_for != wallet.wallet_id:
            self._phone_for = wallet.wallet_id
            self.follower.forget()
            self.key.forget()
            self.clear_messages()
            self.field("wd-phone").value = format_phone(wallet.phone)
        self._update_view()
        self._update_estimate()

    def _update_view(self) -> None:
        wallet = self.wallet
        if wallet is None:
            return
        if self.withdrawal is not None:
            self._show_view(VIEW_TRACK)
            self._show_track_buttons()
        elif wallet.identification == Identification.ANONYMOUS:
            self._show_view(VIEW_ANONYMOUS)
        else:
            self._show_view(VIEW_FORM)

    def _show_track_buttons(self) -> None:
        """Following: check now; stopped: follow again or start anew; settled: start anew.
        The focus goes to the first shown, so Enter and typed letters never reach the form
        hidden behind (a second Enter sends nothing)."""
        processing, following = self.follower.processing, self.follower.following
        shown = {"#wd-check": following, "#wd-follow": processing and not following,
                 "#wd-new": not following}
        for selector, display in shown.items():
            self.query_one(selector, Button).display = display
        focused = self.focused
        if not (isinstance(focused, Button) and focused.display and focused.id in (
                "wd-check", "wd-follow", "wd-new")):
            first = next(selector for selector, display in shown.items() if display)
            self.query_one(first, Button).focus()

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit" and self.view != VIEW_FORM:
            return False
        following = self.view == VIEW_TRACK and self.follower.following
        if action in ("stop_following", "poll"):
            return following and not self.busy
        if action == "follow":
            return self.view == VIEW_TRACK and self.follower.processing and not following
        if action == "new_withdrawal":
            return self.view == VIEW_TRACK and not following
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#wd-identify")
    def _identify(self) -> None:
        self.show_screen("identification")

    @on(Button.Pressed, "#wd-new")
    def action_new_withdrawal(self) -> None:
        if self.follower.following:
            return
        self.follower.forget()
        self.key.forget()
        self.clear_messages()
        self.field("wd-amount").value = ""
        self.field("wd-external-id").value = ""
        self._update_view()
        self.field("wd-amount").input.focus()

    # -- the form ----------------------------------------------------------------------------

    @on(Input.Changed, "#wd-amount-input")
    def _amount_typed(self) -> None:
        self._update_estimate()

    def _update_estimate(self) -> None:
        estimate = estimate_text(self.field("wd-amount").value, self.wallet)
        self.query_one("#wd-estimate", Static).update(estimate)

    def submit(self) -> None:
        wallet = self.wallet
        if wallet is None or self.view != VIEW_FORM:
            return
        picker = self.query_one(BankPicker)
        if picker.field.input.has_focus and not picker.shows_choice:
            picker.take_highlighted()  # Enter in the filter takes the bank, sends nothing
            return
        check, values = self.check_fields()
        if picker.chosen is None:
            picker.field.show_error(_("Choose a bank: type part of its name, ↓ and Enter"))
            check.ok = False
        if not check.ok:
            return
        bank = picker.chosen
        assert bank is not None
        request = WithdrawalRequest(
            bank_id=bank["bankId"],
            phone=values["wd-phone"],
            amount=values["wd-amount"],
            external_id=values["wd-external-id"],
        )
        self.app.push_screen(
            ConfirmModal(_("Withdraw to a bank?"), Later(
                lambda: withdrawal_confirmation(wallet, bank, request))),
            lambda yes: self.after_retype(
                request.amount, "withdrawal", lambda: self._confirmed(wallet, bank, request)
            ) if yes else None,
        )

    def _confirmed(self, wallet: Wallet, bank: BankEntry, request: WithdrawalRequest) -> None:
        if self.busy:
            return
        self.bank_of_withdrawal = bank
        self.send_money(
            self.key, journal_drafts.withdrawal(wallet.wallet_id, request),
            journal_drafts.send_withdrawal, self._sent, self._withdrawal_failed,
            self._withdrawal_abandoned,
            waiting=_("Sending {amount} to {bank}…").format(
                amount=format_money(request.amount), bank=bank["name"]),
        )

    # -- following the status ------------------------------------------------------------------

    def action_stop_following(self) -> None:
        withdrawal = self.withdrawal
        if withdrawal is None or not self.follower.following:
            return
        self.follower.stop()
        self._show_status()
        self.show_message(self.NOTICE, stopped_following_text(withdrawal))
        self._update_view()

    @on(Button.Pressed, "#wd-follow")
    def action_follow(self) -> None:
        """Follows the same withdrawal again (nothing new is sent, only its status asked)."""
        if not self.follower.processing or self.follower.following:
            return
        self.show_message(self.NOTICE, None)
        self.follower.resume()
        self._show_status()
        self._update_view()

    @on(Button.Pressed, "#wd-check")
    def action_poll(self) -> None:
        self.follower.poll()

    def _show_status(self) -> None:
        withdrawal = self.withdrawal
        if withdrawal is not None:
            self.query_one("#wd-status", Static).update(
                status_text(withdrawal, self.bank_of_withdrawal, self.follower.polls,
                            following=self.follower.following)
            )

    def _show_withdrawal(self) -> None:
        self._show_status()
        self._update_view()
        if not self.follower.processing:
            # SUCCEEDED keeps the debit; FAILED was refunded: the card shows it either way.
            self.show_message(self.NOTICE, None)
            self.refresh_wallet()

    # -- answers -----------------------------------------------------------------------------

    def _sent(self, withdrawal: Withdrawal) -> None:
        self.key.forget()
        self.field("wd-amount").value = ""
        self.field("wd-external-id").value = ""
        self.follower.start(withdrawal)
        self._show_withdrawal()
        self.refresh_wallet(balance=withdrawal.balance)

    def _status_seen(self, withdrawal: Withdrawal) -> None:
        if self.follower.seen(withdrawal):
            self._show_withdrawal()

    def _status_missed(self, error: Exception) -> None:
        # The withdrawal stands; one missed look is not its outcome. Keep following.
        self.follower.polls += 1
        missed = Text(
            _("Could not check the status just now ({error}); retrying.").format(error=error)
        )
        self.show_message(self.NOTICE, missed)

    def _withdrawal_failed(self, error: Exception) -> None:
        self.money_failed(self.key, error, what="withdrawal")
        if isinstance(error, ApiError) and (
            error.error_name == ErrorName.IDENTIFICATION_REQUIRED.value
        ):
            self._show_view(VIEW_ANONYMOUS)

    def _withdrawal_abandoned(self, idempotency_key: str | None) -> None:
        self.money_abandoned(self.key, idempotency_key, what="withdrawal")

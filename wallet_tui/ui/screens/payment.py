"""The payment wizard: 1) initiate (amount, description, externalId); 2) see paymentId, fee,
total and the time left, then confirm or cancel; 3) the result. An expired payment says so
and offers to start again with the same data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from wallet_tui.ui.widgets.labelled import Button
from wallet_tui.journal import operations as journal_drafts
from wallet_tui.protocol import (
    ApiError,
    ErrorName,
    Operation,
    Payment,
    PaymentInitRequest,
    Wallet,
)
from wallet_tui.ui.i18n import N_, _, format_money
from wallet_tui.ui.widgets.form import ErrorBanner, Field

from . import field_checks
from .history import MOSCOW
from .money_operation import MoneyOperationScreen
from .payment_texts import countdown_text, expired_text, payment_text, result_text
from .pending_key import PendingKey
from .texts import wallet_line

STEP_INIT, STEP_CONFIRM, STEP_RESULT = "pay-step-init", "pay-step-confirm", "pay-step-result"


class PaymentScreen(MoneyOperationScreen):
    SCREEN_NAME: ClassVar[str] = "payment"
    DESCRIPTION: ClassVar[str] = N_("Pay from the current wallet: initiate, then confirm")
    BINDINGS: ClassVar[list[Any]] = [
        Binding("enter", "submit", N_("Initiate"), priority=True,
            id="payment.submit", tooltip=N_("Initiate the payment (no money moves yet)")),
        Binding("y", "confirm", N_("Confirm"),
            id="payment.confirm", tooltip=N_("Confirm the payment: the money is paid")),
        Binding("n", "cancel", N_("Cancel payment"),
            id="payment.cancel", tooltip=N_("Cancel the initiated payment")),
        Binding("n", "start_again", N_("New payment"),
            id="payment.new", tooltip=N_("Start a new payment")),
    ]
    FIELD_CHECKS: ClassVar[dict[str, Any]] = {
        "pay-amount": field_checks.amount,
        "pay-description": field_checks.optional_description,
        "pay-external-id": field_checks.optional_external_id,
    }
    NOTICE: ClassVar[str] = "#pay-notice"
    COUNTDOWN_SECONDS: ClassVar[float] = 1.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.init_key = PendingKey()
        self.confirm_key = PendingKey()
        self.payment: Payment | None = None
        self.expired = False
        self.operation: Operation | None = None
        # What "now" is for the countdown: the server's time (its Date headers), since
        # expiresAt is the server's; tests pin it for deterministic pictures.
        self.clock: Callable[[], datetime] = lambda: self.app.gateway.server_clock.now()
        self._ticker: Timer | None = None

    def compose_form(self) -> ComposeResult:
        yield Static("", id="pay-wallet", classes="wallet-line")
        with ContentSwitcher(initial=STEP_INIT, id="pay-steps"):
            with Vertical(id=STEP_INIT):
                yield Static(_("Step 1 of 3 · what to pay"), classes="section-title")
                yield Field(
                    _("Amount, ₽"), id="pay-amount", placeholder="1 000,50", wire_name="amount"
                )
                with Horizontal(classes="form-row"):
                    yield Field(
                        _("Description (optional)"), id="pay-description", wire_name="description"
                    )
                    yield Field(
                        _("External id (optional)"), id="pay-external-id", wire_name="externalId"
                    )
            with Vertical(id=STEP_CONFIRM):
                yield Static(_("Step 2 of 3 · confirm the payment"), classes="section-title")
                yield Static("", id="pay-summary")
                yield Static("", id="pay-countdown")
                with Horizontal(id="pay-buttons"):
                    yield Button(_("Confirm (y)"), id="pay-confirm", variant="success")
                    yield Button(_("Cancel (n)"), id="pay-cancel")
                    yield Button(_("Start again (n)"), id="pay-restart", variant="primary")
            with Vertical(id=STEP_RESULT):
                yield Static(_("Step 3 of 3 · done"), classes="section-title")
                yield Static("", id="pay-result", classes="outcome -shown")
                yield Button(_("New payment (n)"), id="pay-new")
        yield ErrorBanner(id="pay-banner")
        yield Static("", id="pay-notice", classes="notice")

    def retranslate(self) -> None:
        super().retranslate()
        payment = self.payment
        if payment is not None:
            self.query_one("#pay-summary", Static).update(payment_text(payment, self.wallet))
            now = payment.expires_at if self.expired else self.clock()
            self.query_one("#pay-countdown", Static).update(
                countdown_text(payment.expires_at, now)
            )
        if self.operation is not None:
            self.query_one("#pay-result", Static).update(result_text(self.operation))

    @property
    def step(self) -> str:
        return self.shown_in("#pay-steps", STEP_INIT)

    def _go(self, step: str) -> None:
        self.query_one("#pay-steps", ContentSwitcher).current = step
        focus = {
            STEP_INIT: "#pay-amount-input", STEP_CONFIRM: "#pay-confirm", STEP_RESULT: "#pay-new"
        }
        self.query_one(focus[step]).focus()
        self.refresh_keys()

    def on_screen_resume(self) -> None:
        if self.wallet is not None:
            self._go(self.step)

    def wallet_changed(self, wallet: Wallet | None) -> None:
        if wallet is not None:
            self.query_one("#pay-wallet", Static).update(wallet_line(wallet))
        payment = self.payment
        if payment is not None and (wallet is None or wallet.wallet_id != payment.wallet_id):
            # A payment belongs to its wallet: another wallet starts over.
            self._reset()
        elif payment is not None:
            # Money moved meanwhile: the summary warns if the total will now be refused.
            self.query_one("#pay-summary", Static).update(payment_text(payment, wallet))

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.step
        if action == "submit" and step != STEP_INIT:
            return False
        if action == "confirm":
            return step == STEP_CONFIRM and not self.expired and not self.busy
        if action == "cancel":
            return step == STEP_CONFIRM and not self.expired
        if action == "start_again":
            return step == STEP_RESULT or (step == STEP_CONFIRM and self.expired)
        return super().check_action(action, parameters)

    @on(Button.Pressed, "#pay-confirm")
    def action_confirm(self) -> None:
        payment, wallet = self.payment, self.wallet
        if payment is None or wallet is None or self.busy or self.expired:
            return
        self.after_retype(payment.amount, "payment", lambda: self._send_confirmation(payment))

    def _send_confirmation(self, payment: Payment) -> None:
        # After the amount was typed again (production) the payment may have lapsed.
        if payment is not self.payment or self.busy or self.expired:
            return
        self.send_money(
            self.confirm_key, journal_drafts.confirmation(payment),
            journal_drafts.send_confirmation, self._confirmed, self._confirm_failed,
            self._confirm_abandoned,
            waiting=_("Confirming {amount}…").format(amount=format_money(payment.total_amount)),
        )

    @on(Button.Pressed, "#pay-cancel")
    def action_cancel(self) -> None:
        if self.busy:
            return
        payment = self.payment
        self._stop_countdown()
        self.payment = None
        self.confirm_key.forget()
        self._go(STEP_INIT)
        if payment is not None:
            when = payment.expires_at.astimezone(MOSCOW).strftime("%H:%M:%S MSK")
            cancelled = Text(
                _("Payment {payment_id} was not confirmed: nothing was debited. "
                  "It lapses by itself at {when}.").format(
                    payment_id=payment.payment_id, when=when)
            )
            self.show_message(self.NOTICE, cancelled)

    @on(Button.Pressed, "#pay-new, #pay-restart")
    def action_start_again(self) -> None:
        if self.busy:
            return
        expired = self.expired
        self._reset(keep_form=expired)
        if expired:
            again = Text(_("Check the data and press Enter to initiate a new payment."))
            self.show_message(self.NOTICE, again)

    def _reset(self, *, keep_form: bool = False) -> None:
        self._stop_countdown()
        self.payment = None
        self.operation = None
        self.expired = False
        self.init_key.forget()
        self.confirm_key.forget()
        self.set_class(False, "-expired")
        if not keep_form:
            for field_id in self.FIELD_CHECKS:
                self.field(field_id).value = ""
        self.clear_messages()
        self._go(STEP_INIT)

    # -- step 1 ------------------------------------------------------------------------------

    def submit(self) -> None:
        wallet = self.wallet
        if wallet is None or self.step != STEP_INIT:
            return
        check, values = self.check_fields()
        if not check.ok:
            return
        request = PaymentInitRequest(
            amount=values["pay-amount"],
            description=values["pay-description"],
            external_id=values["pay-external-id"],
        )
        self.send_money(
            self.init_key, journal_drafts.payment(wallet.wallet_id, request),
            journal_drafts.send_payment, self._initiated, self._init_failed,
            self._init_abandoned,
            waiting=_("Initiating a payment of {amount}…").format(
                amount=format_money(request.amount)),
        )

    # -- answers -----------------------------------------------------------------------------

    def _initiated(self, payment: Payment) -> None:
        self.init_key.forget()
        self._show_payment(payment)

    def _confirmed(self, operation: Operation) -> None:
        self.confirm_key.forget()
        self._show_result(operation)

    # How "the outcome is unknown" names each step, and the key that retries it.

    def _init_failed(self, error: Exception) -> None:
        self._money_failed(self.init_key, error, what="payment", retry_key="Enter")

    def _confirm_failed(self, error: Exception) -> None:
        self._money_failed(self.confirm_key, error, what="confirmation", retry_key="y")

    def _money_failed(self, pending: PendingKey, error: Exception, *, what: str,
                      retry_key: str) -> None:
        self.money_failed(pending, error, what=what, retry_key=retry_key)
        if isinstance(error, ApiError) and error.error_name == ErrorName.PAYMENT_EXPIRED.value:
            self._expire()

    def _init_abandoned(self, idempotency_key: str | None) -> None:
        self.money_abandoned(self.init_key, idempotency_key, what="payment", retry_key="Enter")
        self.refresh_keys()

    def _confirm_abandoned(self, idempotency_key: str | None) -> None:
        self.money_abandoned(self.confirm_key, idempotency_key, what="confirmation",
                             retry_key="y")
        self.refresh_keys()

    # -- step 2 ------------------------------------------------------------------------------

    def _show_payment(self, payment: Payment) -> None:
        self.payment = payment
        self.expired = False
        self.set_class(False, "-expired")
        self.query_one("#pay-summary", Static).update(payment_text(payment, self.wallet))
        self._go(STEP_CONFIRM)
        self.refresh_countdown()
        if not getattr(self.app, "test_mode", False):
            self._ticker = self.set_interval(self.COUNTDOWN_SECONDS, self.refresh_countdown)

    def refresh_countdown(self) -> None:
        payment = self.payment
        if payment is None:
            return
        now = self.clock()
        self.query_one("#pay-countdown", Static).update(countdown_text(payment.expires_at, now))
        if now >= payment.expires_at and not self.busy and not self.expired:
            self._expire()

    def _expire(self) -> None:
        self._stop_countdown()
        self.expired = True
        self.confirm_key.forget()
        self.set_class(True, "-expired")
        if self.step != STEP_CONFIRM:
            self._go(STEP_CONFIRM)
        if self.payment is not None:
            self.query_one("#pay-countdown", Static).update(
                countdown_text(self.payment.expires_at, self.payment.expires_at)
            )
        self.show_message(self.NOTICE, expired_text())
        self.query_one("#pay-restart", Button).focus()
        self.refresh_keys()

    def _stop_countdown(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    # -- step 3 ------------------------------------------------------------------------------

    def _show_result(self, operation: Operation) -> None:
        self._stop_countdown()
        self.operation = operation
        self.payment = None
        self.query_one("#pay-result", Static).update(result_text(operation))
        self.show_message(self.NOTICE, None)
        for field_id in self.FIELD_CHECKS:
            self.field(field_id).value = ""
        self._go(STEP_RESULT)
        self.refresh_wallet(balance=operation.balance)

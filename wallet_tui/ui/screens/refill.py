"""Refill: put money into the current wallet, after a confirmation naming wallet, amount and
the balance it will leave."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from wallet_tui.journal import operations as journal_drafts
from wallet_tui.protocol import ApiError, Operation, RefillRequest, Wallet
from wallet_tui.ui.i18n import N_, Later, _, format_money
from wallet_tui.ui.widgets.form import ErrorBanner, Field, show_api_field_errors
from wallet_tui.ui.widgets.wallet_terms import operation_status_term

from . import field_checks
from .modals import ConfirmModal
from .operation_screen import OperationScreen
from .pending_key import PendingKey
from .texts import labels_width, unknown_outcome_text, wallet_line


class RefillScreen(OperationScreen):
    SCREEN_NAME: ClassVar[str] = "refill"
    DESCRIPTION: ClassVar[str] = N_("Put money into the current wallet")
    BINDINGS: ClassVar[list[Any]] = [Binding("enter", "submit", N_("Refill…"), priority=True,
        id="refill.submit", tooltip=N_("Check the form and ask to confirm the refill"))]
    FIELD_CHECKS: ClassVar[dict[str, Any]] = {
        "refill-amount": field_checks.amount,
        "refill-external-id": field_checks.optional_external_id,
        "refill-description": field_checks.optional_description,
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = PendingKey()
        self.last_operation: Operation | None = None

    def compose_form(self) -> ComposeResult:
        yield Static("", id="refill-wallet", classes="wallet-line")
        yield Field(_("Amount, ₽"), id="refill-amount", placeholder="1 000,50",
                    wire_name="amount")
        with Horizontal(classes="form-row"):
            yield Field(
                _("External id (optional)"), id="refill-external-id", wire_name="externalId"
            )
            yield Field(
                _("Description (optional)"), id="refill-description", wire_name="description"
            )
        yield ErrorBanner(id="refill-banner")
        yield Static("", id="refill-notice", classes="notice")
        yield Static("", id="refill-result", classes="outcome")

    def retranslate(self) -> None:
        super().retranslate()
        self._show_result(self.last_operation)

    def wallet_changed(self, wallet: Wallet | None) -> None:
        if wallet is not None:
            self.query_one("#refill-wallet", Static).update(wallet_line(wallet))
        # Another wallet: what was pending belongs to the old one.
        if wallet is None or (
            self.last_operation is not None and self.last_operation.wallet_id != wallet.wallet_id
        ):
            self._show_result(None)

    def on_screen_resume(self) -> None:
        if self.wallet is not None:
            self.field("refill-amount").input.focus()

    # -- sending -----------------------------------------------------------------------------

    def submit(self) -> None:
        wallet = self.wallet
        if wallet is None:
            return
        check, values = self.check_fields()
        if not check.ok:
            return
        request = RefillRequest(
            amount=values["refill-amount"],
            external_id=values["refill-external-id"],
            description=values["refill-description"],
        )
        self.app.push_screen(
            ConfirmModal(_("Refill this wallet?"), Later(
                lambda: confirmation_text(wallet, request.amount))),
            lambda yes: self.after_retype(
                request.amount, "refill", lambda: self._confirmed(wallet, request)
            ) if yes else None,
        )

    def _confirmed(self, wallet: Wallet, request: RefillRequest) -> None:
        if self.busy:
            return
        self.clear_messages()
        self._show_result(None)  # one truth: the last refill's result goes as this one leaves
        self.send_journalled(
            self.key, journal_drafts.refill(wallet.wallet_id, request),
            journal_drafts.send_refill, self._refilled, self._refill_failed,
            self._refill_abandoned,
            waiting=_("Refilling {amount}…").format(amount=format_money(request.amount)),
        )

    # -- answers -----------------------------------------------------------------------------

    def _refilled(self, operation: Operation) -> None:
        self.key.forget()
        self.show_message("#refill-notice", None)
        self._show_result(operation)
        for field_id in self.FIELD_CHECKS:
            self.field(field_id).value = ""
        self.refresh_wallet(balance=operation.balance)

    def _refill_failed(self, error: Exception) -> None:
        self.key.settle(error)
        if self.key.is_retry_pending:
            self.show_message("#refill-notice", unknown_outcome_text("refill", self.key.key))
        if isinstance(error, ApiError):
            show_api_field_errors(self, error)
        self.show_banner(error)

    def _refill_abandoned(self, idempotency_key: str | None) -> None:
        self.key.mark_unknown()
        self.show_message("#refill-notice", unknown_outcome_text("refill", idempotency_key))

    def _show_result(self, operation: Operation | None) -> None:
        self.last_operation = operation
        result = self.query_one("#refill-result", Static)
        result.set_class(operation is not None, "-shown")
        if operation is None:
            result.update("")
            return
        text = Text()
        text.append(_("Refilled") + " ", style="bold")
        text.append(format_money(operation.amount), style="bold")
        text.append(" — " + operation_status_term(operation.status.value) + "\n")
        text.append("operationId ", style="dim")
        text.append(operation.operation_id)
        text.append("\n" + _("New balance") + " ", style="dim")
        text.append(format_money(operation.balance), style="bold")
        result.update(text)


def confirmation_text(wallet: Wallet, amount: Decimal) -> Text:
    text = Text()
    labels = (_("Wallet"), _("Amount"), _("Balance"))
    width = labels_width(*labels)
    text.append(labels[0].ljust(width), style="dim")
    text.append(f"{wallet.wallet_id}  {wallet.display_name}\n")
    text.append(labels[1].ljust(width), style="dim")
    text.append(format_money(amount), style="bold")
    text.append("\n" + labels[2].ljust(width), style="dim")
    text.append(f"{format_money(wallet.balance)} → ")
    text.append(format_money(wallet.balance + amount), style="bold")
    limit = wallet.limits.balance_limit
    if wallet.balance + amount > limit:
        text.append(
            "\n" + _("Above this level's balance limit of {limit}: "
                      "the service will refuse it.").format(limit=format_money(limit)),
            style="bold red",
        )
    return text

"""What the payment wizard shows: the payment to confirm, the time left, the result."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from wallet_tui.protocol import Operation, Payment, Wallet
from wallet_tui.ui.i18n import _, format_money
from wallet_tui.ui.widgets.wallet_terms import operation_status_term

from .history import MOSCOW
from .texts import append_warnings, labels_width, outgoing_warnings


def countdown_text(expires_at: datetime, now: datetime) -> Text:
    left = int((expires_at - now).total_seconds())
    text = Text()
    text.append(_("Expires") + "  ", style="dim")
    text.append(expires_at.astimezone(MOSCOW).strftime("%H:%M:%S MSK"))
    if left > 0:
        text.append("   " + _("time left") + " ", style="dim")
        text.append(f"{left // 60}:{left % 60:02d}", style="bold yellow" if left < 60 else "bold")
    else:
        text.append("   " + _("expired"), style="bold red")
    return text


def payment_text(payment: Payment, wallet: Wallet | None = None) -> Text:
    """Step 2's summary; with the wallet, warned when the total will be refused."""
    text = Text()
    rows = (
        ("paymentId", payment.payment_id),
        (_("Amount"), format_money(payment.amount)),
        (_("Fee"), format_money(payment.fee)),
    )
    total = _("Total")
    width = labels_width(total, *(label for label, _value in rows))
    for label, value in rows:
        text.append(label.ljust(width), style="dim")
        text.append(f"{value}\n")
    text.append(total.ljust(width), style="dim")
    text.append(format_money(payment.total_amount), style="bold")
    if payment.description:
        text.append(f"\n{payment.description}", style="italic")
    if wallet is not None and wallet.wallet_id == payment.wallet_id:
        append_warnings(text, outgoing_warnings(wallet, payment.total_amount))
    return text


def expired_text() -> Text:
    return Text.assemble(
        (_("The payment has expired"), "bold"),
        ": " + _("it was not confirmed in time and nothing was debited. "
                 "Press n to start again with the same data."),
    )


def result_text(operation: Operation) -> Text:
    text = Text()
    text.append(_("Paid") + " ", style="bold")
    text.append(format_money(operation.amount), style="bold")
    if operation.fee:
        text.append(" + " + _("fee {amount}").format(amount=format_money(operation.fee)))
    text.append(" — " + operation_status_term(operation.status.value) + "\n")
    new_balance = _("New balance")
    width = labels_width("operationId", new_balance)
    text.append("operationId".ljust(width), style="dim")
    text.append(operation.operation_id + "\n")
    text.append(new_balance.ljust(width), style="dim")
    text.append(format_money(operation.balance), style="bold")
    return text

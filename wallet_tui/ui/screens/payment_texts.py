"""What the payment wizard shows: the payment to confirm, the time left, the result."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from wallet_tui.protocol import Operation, Payment, format_rub

from .history import MOSCOW


def countdown_text(expires_at: datetime, now: datetime) -> Text:
    left = int((expires_at - now).total_seconds())
    text = Text()
    text.append("Expires  ", style="dim")
    text.append(expires_at.astimezone(MOSCOW).strftime("%H:%M:%S MSK"))
    if left > 0:
        text.append("   time left ", style="dim")
        text.append(f"{left // 60}:{left % 60:02d}", style="bold yellow" if left < 60 else "bold")
    else:
        text.append("   expired", style="bold red")
    return text


def payment_text(payment: Payment) -> Text:
    text = Text()
    for label, value in (
        ("paymentId", payment.payment_id),
        ("Amount   ", format_rub(payment.amount)),
        ("Fee      ", format_rub(payment.fee)),
    ):
        text.append(f"{label}  ", style="dim")
        text.append(f"{value}\n")
    text.append("Total      ", style="dim")
    text.append(format_rub(payment.total_amount), style="bold")
    if payment.description:
        text.append(f"\n{payment.description}", style="italic")
    return text


def expired_text() -> Text:
    return Text.assemble(
        ("The payment has expired", "bold"),
        ": it was not confirmed in time and nothing was debited. "
        "Press n to start again with the same data.",
    )


def result_text(operation: Operation) -> Text:
    text = Text()
    text.append("Paid ", style="bold")
    text.append(format_rub(operation.amount), style="bold")
    if operation.fee:
        text.append(f" + fee {format_rub(operation.fee)}")
    text.append(f"  ({operation.status.value})\n")
    text.append("operationId  ", style="dim")
    text.append(operation.operation_id + "\n")
    text.append("New balance  ", style="dim")
    text.append(format_rub(operation.balance), style="bold")
    return text

"""The operations history as a table: newest first, one page (limit/offset) at a time."""

from __future__ import annotations

from datetime import timedelta, timezone

from rich.text import Text
from textual.widgets import DataTable

from wallet_tui.protocol import Operation, OperationsPage
from wallet_tui.ui.i18n import N_, _, format_money

PAGE_SIZE = 20
# Operators work in Moscow time; the limits' calendar month is Moscow's too (protocol.md).
MOSCOW = timezone(timedelta(hours=3), "MSK")

_TYPE_LABELS = {
    "REFILL": N_("Refill"),
    "PAYMENT": N_("Payment"),
    "WITHDRAWAL": N_("Withdrawal"),
    "WITHDRAWAL_REFUND": N_("Refund"),
}
_STATUS_LABELS = {
    "SUCCEEDED": N_("Succeeded"),
    "PROCESSING": N_("Processing"),
    "FAILED": N_("Failed"),
}
_INCOMING = {"REFILL", "WITHDRAWAL_REFUND"}
_STATUS_STYLES = {"SUCCEEDED": "green", "PROCESSING": "yellow", "FAILED": "red"}

COLUMNS = (N_("Time, MSK"), N_("Type"), N_("Amount"), N_("Fee"), N_("Balance"), N_("Status"),
           N_("Description"))


def operation_row(operation: Operation) -> tuple[Text | str, ...]:
    kind = operation.type.value
    sign = "+" if kind in _INCOMING else "−"
    amount = Text(
        f"{sign}{format_money(operation.amount)}",
        style="green" if kind in _INCOMING else "",
        justify="right",
    )
    fee = Text(format_money(operation.fee) if operation.fee else "", justify="right")
    status = operation.status.value
    return (
        operation.created_at.astimezone(MOSCOW).strftime("%d.%m.%y %H:%M"),
        _(_TYPE_LABELS[kind]) if kind in _TYPE_LABELS else kind,
        amount,
        fee,
        Text(format_money(operation.balance), justify="right"),
        Text(_(_STATUS_LABELS[status]) if status in _STATUS_LABELS else status.capitalize(),
             style=_STATUS_STYLES.get(status, "")),
        operation.description or operation.external_id or "",
    )


class HistoryTable(DataTable[Text | str]):
    """A page of operations. Paging itself is the screen's (it calls the API)."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns(*(_(column) for column in COLUMNS))

    def show_page(self, page: OperationsPage | None) -> None:
        self.clear()
        if page is None:
            return
        for operation in page.items:
            self.add_row(*operation_row(operation), key=operation.operation_id)


def page_caption(offset: int, shown: int, total: int) -> str:
    if total == 0:
        return _("History: no operations yet")
    first, last = offset + 1, offset + shown
    pages = []
    if offset > 0:
        pages.append("PgUp/[ " + _("newer"))
    if last < total:
        pages.append("PgDn/] " + _("older"))
    hint = f"   {' · '.join(pages)}" if pages else ""
    return _("History {first}–{last} of {total}, newest first").format(
        first=first, last=last, total=total) + hint

"""The operations history as a table: newest first, one page (limit/offset) at a time."""

from __future__ import annotations

from datetime import timedelta, timezone

from rich.text import Text
from textual.widgets import DataTable

from wallet_tui.protocol import Operation, OperationsPage, format_rub

PAGE_SIZE = 20
# Operators work in Moscow time; the limits' calendar month is Moscow's too (protocol.md).
MOSCOW = timezone(timedelta(hours=3), "MSK")

_TYPE_LABELS = {
    "REFILL": "Refill",
    "PAYMENT": "Payment",
    "WITHDRAWAL": "Withdrawal",
    "WITHDRAWAL_REFUND": "Refund",
}
_INCOMING = {"REFILL", "WITHDRAWAL_REFUND"}
_STATUS_STYLES = {"SUCCEEDED": "green", "PROCESSING": "yellow", "FAILED": "red"}

COLUMNS = ("Time, MSK", "Type", "Amount", "Fee", "Balance", "Status", "Description")


def operation_row(operation: Operation) -> tuple[Text | str, ...]:
    kind = operation.type.value
    sign = "+" if kind in _INCOMING else "−"
    amount = Text(
        f"{sign}{format_rub(operation.amount)}",
        style="green" if kind in _INCOMING else "",
        justify="right",
    )
    fee = Text(format_rub(operation.fee) if operation.fee else "", justify="right")
    status = operation.status.value
    return (
        operation.created_at.astimezone(MOSCOW).strftime("%d.%m.%y %H:%M"),
        _TYPE_LABELS.get(kind, kind),
        amount,
        fee,
        Text(format_rub(operation.balance), justify="right"),
        Text(status.capitalize(), style=_STATUS_STYLES.get(status, "")),
        operation.description or operation.external_id or "",
    )


class HistoryTable(DataTable[Text | str]):
    """A page of operations. Paging itself is the screen's (it calls the API)."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns(*COLUMNS)

    def show_page(self, page: OperationsPage | None) -> None:
        self.clear()
        if page is None:
            return
        for operation in page.items:
            self.add_row(*operation_row(operation), key=operation.operation_id)


def page_caption(offset: int, shown: int, total: int) -> str:
    if total == 0:
        return "History: no operations yet"
    first, last = offset + 1, offset + shown
    pages = []
    if offset > 0:
        pages.append("PgUp/[ newer")
    if last < total:
        pages.append("PgDn/] older")
    hint = f"   {' · '.join(pages)}" if pages else ""
    return f"History {first}–{last} of {total}, newest first{hint}"

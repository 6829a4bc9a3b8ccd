"""The operations history as a table: newest first, one page (limit/offset) at a time.

The table is laid out for its width (`history_layout`): every column but the description is
as wide as its widest cell, so money is never cut; the description gets what is left and is
cut with an ellipsis only when it must (`operation_detail` shows the highlighted operation in
full under the table). The status is a mark (✓ … ✗), written out too when there is room. A
fee shows only when an operation on the page has one: in a column of its own when the
description keeps a readable width, else under the amount, on a second line of its row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta, timezone

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from wallet_tui.protocol import Operation, OperationsPage
from wallet_tui.ui.i18n import N_, _, format_money
from wallet_tui.ui.widgets.wallet_terms import OPERATION_STATUSES, operation_status_term

PAGE_SIZE = 20
# Operators work in Moscow time; the limits' calendar month is Moscow's too (protocol.md).
MOSCOW = timezone(timedelta(hours=3), "MSK")

_TYPE_LABELS = {
    "REFILL": N_("Refill"),
    "PAYMENT": N_("Payment"),
    "WITHDRAWAL": N_("Withdrawal"),
    "WITHDRAWAL_REFUND": N_("Refund"),
}
_INCOMING = {"REFILL", "WITHDRAWAL_REFUND"}
_STATUS_STYLES = {"SUCCEEDED": "green", "PROCESSING": "yellow", "FAILED": "red"}
# One cell each; terminal.GLYPHS has their ASCII stand-ins (v . x).
STATUS_MARKS = {"SUCCEEDED": "✓", "PROCESSING": "…", "FAILED": "✗"}

COLUMNS = (N_("Time, MSK"), N_("Type"), N_("Amount"), N_("Fee"), N_("Balance"), N_("Status"),
           N_("Description"))
# The status is written out beside its mark only if the description keeps this much room
# (or its longest text); a fee gets its own column only if it keeps READABLE_DESCRIPTION.
DESCRIPTION_ROOM = 30
READABLE_DESCRIPTION = 16
# Below this the description is not squeezed further: the table scrolls sideways instead.
MIN_DESCRIPTION = 8


def operation_row(operation: Operation) -> tuple[Text | str, ...]:
    """The operation as the desk writes it, one cell per name in COLUMNS."""
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
        Text(_(OPERATION_STATUSES[status]) if status in OPERATION_STATUSES else status.capitalize(),
             style=_STATUS_STYLES.get(status, "")),
        # One line in the table, whatever the text holds (the detail shows it as sent). An
        # externalId the desk made up for its journal says nothing to the operator: the
        # detail shows it, the column stays for what someone wrote.
        " ".join((operation.description or _typed_external_id(operation) or "").split()),
    )


def _typed_external_id(operation: Operation) -> str | None:
    from wallet_tui.journal.store import is_generated_external_id

    external_id = operation.external_id
    return None if external_id and is_generated_external_id(external_id) else external_id


@dataclass(frozen=True)
class HistoryLayout:
    headers: list[Text]
    widths: list[int]
    rows: list[list[Text]]
    heights: list[int]


def _widest_line(text: Text) -> int:
    return max(cell_len(line) for line in text.plain.split("\n"))


@dataclass
class _Column:
    header: str
    cells: list[Text]
    right: bool = False  # money: right-aligned, never cut
    gap: int = 1  # blank cells on the left, between it and the column before

    @property
    def width(self) -> int:
        return self.gap + max([cell_len(self.header), *(_widest_line(cell) for cell in self.cells)])

    def fitted(self, text: Text, width: int, *, cut: bool) -> Text:
        if self.right:
            text = text.copy()
            text.justify = "right"
            return text
        text = Text.assemble(" " * self.gap, text)
        if cut and text.cell_len > width:
            text.truncate(width, overflow="ellipsis")
        return text


# In the order tried: (fee in its own column, status written out, description room wanted).
# The last is taken when none leaves the room wanted: the fee under the amount, on a second
# line of that operation's row.
_CHOICES = ((True, True, DESCRIPTION_ROOM), (True, False, READABLE_DESCRIPTION),
            (False, False, 0))


def history_layout(operations: Sequence[Operation], width: int) -> HistoryLayout:
    """The page's columns for a table `width` cells wide (see the module's docstring)."""
    facts = [operation_row(operation) for operation in operations]
    by_column = list(zip(*facts, strict=True)) if facts else [()] * len(COLUMNS)
    when, kind, amount, fee, balance, word, description = (
        [Text(cell) if isinstance(cell, str) else cell for cell in column] for column in by_column
    )
    marks = [
        Text(STATUS_MARKS.get(operation.status.value, "?"),
             style=_STATUS_STYLES.get(operation.status.value, ""))
        for operation in operations
    ]
    words = [Text.assemble(mark, " ", status) for mark, status in zip(marks, word, strict=True)]
    fees = [operation.fee > 0 for operation in operations]
    fee_below = [
        Text.assemble(cell, "\n", (_(COLUMNS[3]) + " " + format_money(operation.fee), "dim"))
        if has_fee else cell
        for cell, operation, has_fee in zip(amount, operations, fees, strict=True)
    ]
    headers = [_(column) for column in COLUMNS]
    longest = max([0, *(text.cell_len for text in description)])

    def columns_for(fee_column: bool, written_out: bool) -> list[_Column]:
        columns = [
            _Column(headers[0], when),
            _Column(headers[1], kind),
            _Column(headers[5], words) if written_out else _Column("", marks),
            _Column(headers[2], amount if fee_column else fee_below, right=True),
        ]
        if fee_column and any(fees):
            columns.append(_Column(headers[3], fee, right=True))
        columns.append(_Column(headers[4], balance, right=True))
        return columns

    for fee_column, written_out, wanted in _CHOICES:
        columns = columns_for(fee_column, written_out)
        room = width - sum(column.width for column in columns) - 1
        if room >= min(longest, wanted):
            break
    description_column = _Column(headers[6], description)
    # Room to spare (wide terminals) goes to the gaps: around the money first.
    spare = room - max(longest, cell_len(headers[6]))
    for column in [*(column for column in columns if column.right), description_column,
                   columns[2]]:
        if spare <= 0:
            break
        column.gap += 1
        spare -= 1
    room = width - sum(column.width for column in columns)
    columns.append(description_column)
    widths = [column.width for column in columns[:-1]]
    widths.append(max(room, description_column.gap + cell_len(headers[6]), MIN_DESCRIPTION))
    below = not fee_column
    return HistoryLayout(
        headers=[column.fitted(Text(column.header), w, cut=False)
                 for column, w in zip(columns, widths, strict=True)],
        widths=widths,
        rows=[
            [column.fitted(column.cells[index], w, cut=column is description_column)
             for column, w in zip(columns, widths, strict=True)]
            for index in range(len(operations))
        ],
        heights=[2 if below and has_fee else 1 for has_fee in fees],
    )


def operation_detail(operation: Operation) -> Text:
    """What the table may leave out of one operation: its status in words, the fee, the
    externalId, and (on the next lines) the whole description."""
    text = Text()

    def labelled(label: str, value: str, style: str = "") -> None:
        if text.plain:
            text.append(" · ", style="dim")
        text.append(label + " ", style="dim")
        text.append(value, style=style)

    status = operation.status.value
    labelled(_("Status"), operation_status_term(status), _STATUS_STYLES.get(status, ""))
    if operation.fee:
        labelled(_("Fee"), format_money(operation.fee))
    if operation.external_id:
        labelled("externalId", operation.external_id)
    if operation.description:
        text.append("\n" + operation.description)
    return text


class HistoryTable(DataTable[Text]):
    """A page of operations, laid out again when the width changes. Paging itself is the
    screen's (it calls the API)."""

    page: OperationsPage | None = None
    # What the layout was made for: the width, and whether the rows scroll (the scrollbar
    # takes its cells from the columns). A height that changes neither (the detail line
    # shown under the table, F9's panel, a card of another height) keeps the rows as they
    # are: laying them out again cost a lookup and an F9 a table cleared, refilled and
    # drawn anew (issue 15).
    _laid_out_for: tuple[int, bool] = (0, False)
    _rows_height = 0  # the rows and header at the full width, as _layout measured them

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        # The layout puts one cell of gap before each column itself: a padding on both
        # sides of every column would cost a whole description's worth of width.
        self.cell_padding = 0
        self._lay_out()

    def show_page(self, page: OperationsPage | None) -> None:
        self.page = page
        self._lay_out()

    def highlighted_operation(self) -> Operation | None:
        if self.page is None or not 0 <= self.cursor_row < len(self.page.items):
            return None
        return self.page.items[self.cursor_row]

    def on_resize(self, event: events.Resize) -> None:
        if self._fit() != self._laid_out_for:
            self._lay_out(keep_cursor=True)

    def _fit(self) -> tuple[int, bool]:
        return self.size.width, self._rows_height > self.size.height

    def _layout(self) -> HistoryLayout:
        operations = self.page.items if self.page is not None else []
        layout = history_layout(operations, self.size.width)
        self._rows_height = sum(layout.heights) + self.header_height
        if self._rows_height > self.size.height:
            # The rows will scroll: the vertical scrollbar takes its cells from the table.
            layout = history_layout(operations,
                                    self.size.width - self.styles.scrollbar_size_vertical)
        return layout

    def _lay_out(self, *, keep_cursor: bool = False) -> None:
        row = self.cursor_row if keep_cursor else 0
        layout = self._layout()
        self._laid_out_for = self._fit()
        self.clear(columns=True)
        for header, width in zip(layout.headers, layout.widths, strict=True):
            self.add_column(header, width=width)
        if self.page is not None:
            for operation, cells, height in zip(self.page.items, layout.rows, layout.heights,
                                                 strict=True):
                self.add_row(*cells, key=operation.operation_id, height=height)
        if keep_cursor and row < self.row_count:
            self.move_cursor(row=row)


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

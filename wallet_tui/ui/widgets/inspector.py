"""The exchange inspector: every HTTP exchange of the session, and the chosen one in full
(headers and pretty JSON bodies, secrets already masked by the client).

One panel per screen, mounted by the app when the inspector is open (F9); it reads the
gateway's exchanges, so every panel shows the same session. It lists the window the gateway
keeps in memory (the setting `inspector_window`); rows of exchanges that fell out of it, to
the session's exchange log, are taken off the top. Rows are keyed by session-wide number."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from ..i18n import N_, _
from .exchange_text import describe, shorten_path

if TYPE_CHECKING:
    from wallet_tui.client import Exchange
    from wallet_tui.client.session_exchanges import SessionExchanges


class InspectorPanel(Vertical):
    BINDINGS = [
        Binding("c", "copy_curl", N_("Copy curl"),
            id="inspector.copy-curl", tooltip=N_("Copy the selected exchange as a curl command")),
        Binding("s", "save", N_("Save all"),
            id="inspector.save", tooltip=N_("Save every exchange of the session as JSON")),
    ]

    def __init__(self) -> None:
        super().__init__(id="inspector")
        self._shown = 0  # session-wide count of exchanges already added to the table
        self._top = 0  # session-wide number of the table's first row
        self._most: dict[str, int] = {}  # widest cell per column so far
        self._measured = 0  # session-wide count of exchanges counted in _most
        self._widths: dict[str, int] = {}  # the columns' widths the table was built with
        self.focus_before: Widget | None = None  # where focus goes back when it closes
        # (session-wide number, width) of the exchange the detail shows: opening the panel
        # again with nothing new draws nothing again (a history page's body took 60 ms).
        self._detail_of: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="inspector-title")
        yield DataTable(id="exchanges", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="exchange-detail"):
            yield Static("", id="exchange-text")

    def on_mount(self) -> None:
        self.fit()
        self.sync()

    def on_resize(self) -> None:
        # Shown (display none → block) or the terminal resized: the path column takes the
        # width left, and the URL in the detail breaks at the new width.
        self.hide_covered()
        self.sync()

    def hide_covered(self) -> None:
        """Open on a narrow terminal, the panel takes the whole screen (inspector.tcss): the
        screen's body under it is hidden rather than squeezed into the one column left.
        Laid out and drawn for that column, and again as the panel closed, it was half of
        what an F9 cost (issue 15). An inline rule, dropped when uncovered, so that the
        screen's own CSS (its body hidden with no wallet) rules again; a class on the
        screen would restyle all of it, which cost more than it saved."""
        covered = self.has_class("-open") and self.screen.has_class("-narrow")
        for body in self.screen.query("#operation"):
            if covered:
                body.styles.display = "none"
            else:
                body.styles.clear_rule("display")

    def fit(self) -> None:
        """Docked widgets all measure from the screen's edges, so a docked panel would
        cover the header and footer: it is given the height between them instead."""
        self.styles.height = max(3, self.screen.size.height - 2)

    @property
    def exchanges(self) -> "SessionExchanges":
        return self.app.gateway.exchanges  # type: ignore[attr-defined]

    def sync(self) -> None:
        """Adds the exchanges recorded since this panel last looked; follows the newest
        unless the operator moved the cursor up to read an older one."""
        if not self.query("#exchange-text"):
            return  # asked (a resize, a screen shown) before its children mount: on_mount syncs
        table = self.query_one(DataTable)
        if not self.has_class("-open") or table.scrollable_content_region.width <= 0:
            # Hidden, or shown but not laid out yet: rows built now would be built again at
            # the width it opens with. Opening resizes it (display none → block), and
            # on_resize syncs then.
            return
        following = table.row_count == 0 or table.cursor_row >= table.row_count - 1
        cursor = table.cursor_row
        exchanges = self.exchanges
        measure(exchanges.since(self._measured), self._most)
        self._measured = exchanges.total
        widths = column_widths(self._most, table.scrollable_content_region.width,
                               table.cell_padding)
        dropped = exchanges.first_kept - self._top  # rows whose exchanges fell to the log
        # A row taken off the top costs a pass over every row (DataTable.remove_row): a few
        # go one by one (the open panel slides with each exchange), more make a new table.
        rebuilt = widths != self._widths or dropped > FEW_DROPPED
        if widths != self._widths:
            # Fixed widths: a long path never pushes status and ms out of sight.
            table.clear(columns=True)
            for key, label in column_labels().items():
                header = Text(label, justify="right" if key == "ms" else "left")
                table.add_column(header, width=widths[key], key=key)
            self._widths = widths
        elif rebuilt:
            table.clear()  # many rows fell out of the window: faster to start again
        if rebuilt:
            self._shown = self._top = exchanges.first_kept
        elif dropped:
            for number in range(self._top, exchanges.first_kept):
                table.remove_row(str(number))
            self._top = exchanges.first_kept
            cursor = max(0, cursor - dropped)  # the row being read keeps its place
            if not following and table.row_count:
                table.move_cursor(row=cursor, animate=False)
        # Rows are keyed by session-wide number, not by exchange id: the id is the client's
        # and a repeated one must not cost the operator the desk.
        for number, exchange in enumerate(exchanges.since(self._shown), start=self._shown):
            table.add_row(*row_cells(exchange, widths["path"]), key=str(number))
        added = exchanges.total - self._shown
        self._shown = exchanges.total
        self._update_title()
        if rebuilt and table.row_count:
            row = table.row_count - 1 if following else min(cursor, table.row_count - 1)
            table.move_cursor(row=row, animate=False)
        elif added and following:
            table.move_cursor(row=table.row_count - 1)
        if table.row_count and (rebuilt or not added):
            self._show_detail(table.cursor_row)
        elif not table.row_count:
            self._detail_of = None
            self.query_one("#exchange-text", Static).update(
                Text(_("No exchange yet: each request the desk sends appears here."), style="dim")
            )

    def retranslate(self) -> None:
        """A language switch (ui/retranslate.py): the title line and the column headers."""
        if not self.query("#exchange-text"):
            return
        table = self.query_one(DataTable)
        for key, label in column_labels().items():
            column = table.columns.get(ColumnKey(key))
            if column is not None:
                column.label = Text(label, justify="right" if key == "ms" else "left")
        table.refresh()
        self._update_title()
        self._detail_of = None  # its words are the old language's
        if table.row_count:
            self._show_detail(table.cursor_row)

    def _update_title(self) -> None:
        title = Text()
        title.append(" " + _("Exchanges") + " ", style="bold")
        exchanges = self.exchanges
        if exchanges.spilled:
            title.append(_("{kept} of {total}").format(kept=len(exchanges),
                                                       total=exchanges.total) + "   ",
                         style="dim")
        else:
            title.append(f"{exchanges.total}   ", style="dim")
        title.append("c", style="bold")
        title.append(" " + _("copy as curl") + "  ")
        title.append("s", style="bold")
        title.append(" " + _("save all") + "  ")
        title.append("F9", style="bold")
        title.append(" " + _("close"))
        self.query_one("#inspector-title", Static).update(title)

    @on(DataTable.RowHighlighted, "#exchanges")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def selected(self) -> "Exchange | None":
        table = self.query_one(DataTable)
        if not table.row_count or not 0 <= table.cursor_row < len(self.exchanges):
            return None
        return self.exchanges[table.cursor_row]

    def _show_detail(self, row: int) -> None:
        if 0 <= row < len(self.exchanges):
            width = self.query_one("#exchange-detail").scrollable_content_region.width
            shown = (self.exchanges.first_kept + row, width)
            if shown == self._detail_of:
                return
            self._detail_of = shown
            self.query_one("#exchange-text", Static).update(
                describe(self.exchanges[row], width=width or None))

    def focus_table(self) -> None:
        self.query_one(DataTable).focus()

    def give_focus_back(self) -> None:
        focused = self.screen.focused
        if focused is None or self not in focused.ancestors:
            return
        before = self.focus_before
        if before is not None and before.is_attached and self not in before.ancestors:
            before.focus()
        else:
            self.screen.set_focus(None)
            self.screen.focus_next()

    # -- actions ---------------------------------------------------------------------------

    def action_copy_curl(self) -> None:
        exchange = self.selected()
        if exchange is None:
            self.app.notify(_("No exchange to copy yet."), severity="warning")
            return
        self.app.copy_to_clipboard(exchange.as_curl())
        self.app.notify(
            _("curl for {request} copied (secrets masked: put the real token in). The terminal "
              "must allow clipboard writes (OSC 52).").format(
                request=f"{exchange.method} {exchange.path}"),
            title=_("Copied"), timeout=6,
        )

    def action_save(self) -> None:
        self.app.action_save_exchanges()  # type: ignore[attr-defined]


# Columns by key; every one but the path as wide as its widest cell (at least these), the
# path the rest. GET/POST/PUT, "401 ↺", up to 99999 ms: a session rarely widens them.
_LEAST_WIDTHS = {"time": 8, "method": 4, "status": 5, "ms": 5}
_LEAST_PATH = 12
FEW_DROPPED = 8
_COLUMNS = ("time", "method", "path", "status", "ms")


def column_labels() -> dict[str, str]:
    labels = (_("time"), _("method"), _("path"), _("status"), _("ms"))
    return dict(zip(_COLUMNS, labels, strict=True))


def measure(exchanges: list["Exchange"], most: dict[str, int]) -> None:
    """Widens `most` (widest cell per column, the path's whole) to hold `exchanges`."""
    for exchange in exchanges:
        for key, cell in zip(_COLUMNS, row_cells(exchange, None), strict=True):
            most[key] = max(most.get(key, 0), cell_len(cell.plain))


def column_widths(most: dict[str, int], room: int, padding: int) -> dict[str, int]:
    """Content widths of the columns in `room` cells: the path gets what the others leave.
    With no room known yet (the panel not shown) the path is as wide as its longest."""
    labels = column_labels()
    widths = {key: max(least, cell_len(labels[key]), most.get(key, 0))
              for key, least in _LEAST_WIDTHS.items()}
    if room > 0:
        path = room - sum(widths.values()) - 2 * padding * len(labels)
    else:
        path = most.get("path", 0)
    widths["path"] = max(path, _LEAST_PATH, cell_len(labels["path"]))
    return widths


def row_cells(exchange: "Exchange", path_width: int | None) -> tuple[Text, ...]:
    """time, method, path (cut to `path_width`), status, ms. Text, never markup: a path
    typed in the console may hold brackets."""
    local = exchange.started_at.astimezone(UTC).strftime("%H:%M:%S")
    status: Text
    if exchange.status is None:
        status = Text("—", style="bold red")
    else:
        style = "green" if exchange.status < 300 else ("yellow" if exchange.status < 500 else "red")
        status = Text(str(exchange.status), style=style)
    if exchange.replayed:
        status.append(" ↺", style="dim")
    path = exchange.path if path_width is None else shorten_path(exchange.path, path_width)
    return (Text(local), Text(exchange.method), Text(path, no_wrap=True), status,
            Text(f"{exchange.duration_ms:.0f}", justify="right"))


def saved_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"exchanges-{stamp}.json"

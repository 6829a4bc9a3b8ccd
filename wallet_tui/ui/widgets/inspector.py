"""The exchange inspector: every HTTP exchange of the session, and the chosen one in full
(headers and pretty JSON bodies, secrets already masked by the client).

One panel per screen, mounted by the app when the inspector is open (F9); it reads the
gateway's list, so every panel shows the same session."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.highlighter import JSONHighlighter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from ..i18n import N_, _

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

_json_highlighter = JSONHighlighter()


class InspectorPanel(Vertical):
    BINDINGS = [
        Binding("c", "copy_curl", N_("Copy curl")),
        Binding("s", "save", N_("Save all")),
    ]

    def __init__(self) -> None:
        super().__init__(id="inspector")
        self._shown = 0  # exchanges already in the table
        self.focus_before: Widget | None = None  # where focus goes back when it closes

    def compose(self) -> ComposeResult:
        yield Static("", id="inspector-title")
        table: DataTable[Any] = DataTable(id="exchanges", cursor_type="row", zebra_stripes=True)
        table.add_columns(_("time"), _("method"), _("path"), _("status"), _("ms"))
        yield table
        with VerticalScroll(id="exchange-detail"):
            yield Static("", id="exchange-text")

    def on_mount(self) -> None:
        self.fit()
        self.sync()

    def fit(self) -> None:
        """Docked widgets all measure from the screen's edges, so a docked panel would
        cover the header and footer: it is given the height between them instead."""
        self.styles.height = max(3, self.screen.size.height - 2)

    @property
    def exchanges(self) -> list["Exchange"]:
        return self.app.gateway.exchanges  # type: ignore[attr-defined]

    def sync(self) -> None:
        """Adds the exchanges recorded since this panel last looked; follows the newest
        unless the operator moved the cursor up to read an older one."""
        table = self.query_one(DataTable)
        following = table.row_count == 0 or table.cursor_row >= table.row_count - 1
        # Rows are keyed by place in the list, not by exchange id: the id is the client's
        # and a repeated one must not cost the operator the desk.
        for place, exchange in enumerate(self.exchanges[self._shown:], start=self._shown):
            table.add_row(*_row(exchange), key=str(place))
        added = len(self.exchanges) - self._shown
        self._shown = len(self.exchanges)
        self._update_title()
        if added and following:
            table.move_cursor(row=table.row_count - 1)
        if table.row_count and not added:
            self._show_detail(table.cursor_row)
        elif not table.row_count:
            self.query_one("#exchange-text", Static).update(
                Text(_("No exchange yet: each request the desk sends appears here."), style="dim")
            )

    def _update_title(self) -> None:
        title = Text()
        title.append(" " + _("Exchanges") + " ", style="bold")
        title.append(f"{len(self.exchanges)}   ", style="dim")
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
            self.query_one("#exchange-text", Static).update(describe(self.exchanges[row]))

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


def _row(exchange: "Exchange") -> tuple[Text | str, ...]:
    local = exchange.started_at.astimezone(UTC).strftime("%H:%M:%S")
    status: Text
    if exchange.status is None:
        status = Text("—", style="bold red")
    else:
        style = "green" if exchange.status < 300 else ("yellow" if exchange.status < 500 else "red")
        status = Text(str(exchange.status), style=style)
    if exchange.replayed:
        status.append(" ↺", style="dim")
    return (local, exchange.method, exchange.path, status,
            Text(f"{exchange.duration_ms:.0f}", justify="right"))


def describe(exchange: "Exchange") -> Text:
    text = Text()
    text.append(f"{exchange.method} ", style="bold")
    text.append(exchange.url)
    text.append("\n")
    when = exchange.started_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    outcome = f"→ {exchange.status}" if exchange.status is not None else "→ " + _("no answer")
    text.append(
        _("{outcome} in {ms} ms · {when}").format(
            outcome=outcome, ms=f"{exchange.duration_ms:.0f}", when=when),
        style="bold",
    )
    if exchange.replayed:
        text.append(" · " + _("replayed"), style="yellow")
    text.append("\n")
    if exchange.request_id:
        text.append(f"requestId {exchange.request_id}\n", style="dim")
    if exchange.idempotency_key:
        text.append(f"Idempotency-Key {exchange.idempotency_key}\n", style="dim")
    if exchange.error:
        text.append(_("error: {error}").format(error=exchange.error) + "\n", style="red")
    # Bodies first: at 80x24 they are what the operator came to read.
    _section(text, _("Request body"), pretty_body(exchange.request_body))
    _section(text, _("Response body"), pretty_body(exchange.response_body))
    _section(text, _("Request headers"), _headers(exchange.request_headers))
    _section(text, _("Response headers"), _headers(exchange.response_headers))
    return text


def _section(text: Text, title: str, body: Text | None) -> None:
    if body is None or not body.plain:
        return
    text.append(f"\n{title}\n", style="bold underline")
    text.append_text(body)
    text.append("\n")


def _headers(headers: dict[str, str]) -> Text:
    text = Text()
    for name, value in headers.items():
        text.append(f"{name}: ", style="bold")
        text.append(f"{value}\n")
    text.rstrip()
    return text


def pretty_body(body: str | None) -> Text | None:
    if not body:
        return None
    try:
        pretty = json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return Text(body)
    return _json_highlighter(Text(pretty))


def saved_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"exchanges-{stamp}.json"

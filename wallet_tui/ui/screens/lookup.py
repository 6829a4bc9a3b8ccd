"""Wallet lookup: by walletId or by phone typed any usual way. Shows the wallet's card and
its operations history, and makes it the app's current wallet."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from wallet_tui.protocol import OperationsPage, Wallet, format_phone
from wallet_tui.ui.i18n import N_, _
from wallet_tui.ui.widgets.form import ErrorBanner, Field
from wallet_tui.ui.widgets.wallet_card import WalletCard

from . import field_checks
from .history import PAGE_SIZE, HistoryTable, operation_detail, page_caption
from .modals import RecentWalletsModal
from .operation_screen import OperationScreen
from .recent import RecentList



class LookupScreen(OperationScreen):
    SCREEN_NAME: ClassVar[str] = "lookup"
    DESCRIPTION: ClassVar[str] = N_("Find a wallet by id or phone; its card and history")
    NEEDS_WALLET: ClassVar[bool] = False
    BINDINGS: ClassVar[list[Any]] = [
        Binding("enter", "submit", N_("Look up"), priority=True,
            id="lookup.submit", tooltip=N_("Look up the wallet id or phone typed")),
        Binding("ctrl+r", "recent", N_("Recent"),
            id="lookup.recent", tooltip=N_("Wallets looked up recently with this profile")),
        # PgUp/PgDn page the history even from the table (which would scroll with them);
        # [ and ] do it too, except in the search field where they are typed.
        Binding("pageup", "page(-1)", N_("Newer"), priority=True,
            id="lookup.newer", tooltip=N_("Newer page of the history")),
        Binding("pagedown", "page(1)", N_("Older"), priority=True,
            id="lookup.older", tooltip=N_("Older page of the history")),
        Binding("left_square_bracket", "page(-1)", N_("Newer"), show=False,
            id="lookup.newer-bracket", tooltip=N_("Newer page of the history (when not typing)")),
        Binding("right_square_bracket", "page(1)", N_("Older"), show=False,
            id="lookup.older-bracket", tooltip=N_("Older page of the history (when not typing)")),
    ]
    FIELD_CHECKS: ClassVar[dict[str, Any]] = {"lookup-query": field_checks.wallet_id_or_phone}
    NOTICE: ClassVar[str] = "#lookup-notice"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.history_page: OperationsPage | None = None
        self.page_wallet_id: str | None = None
        self.history_offset = 0
        self._pending_history: tuple[str, int] = ("", 0)
        self._covered = False  # suspended under a dialog, not left for another screen
        # The wallet the search box was last set to name (typing over it is the operator's).
        self.query_wallet_id: str | None = None

    def compose_form(self) -> ComposeResult:
        yield Field(
            _("Wallet id or phone"),
            id="lookup-query",
            placeholder=_("100000000002 or +7 916 123-45-67"),
        )
        yield ErrorBanner(id="lookup-banner")
        yield Static("", id="lookup-notice", classes="notice")
        yield WalletCard(id="wallet-card")
        yield Static("", id="history-caption", classes="section-title")
        yield HistoryTable(id="history")
        yield Static("", id="history-detail")

    def on_screen_suspend(self) -> None:
        # Still in the app's stack: a dialog (recent wallets, the palette, a login) covers
        # the screen; otherwise the app went to another screen.
        self._covered = self in self.app.screen_stack

    def on_screen_resume(self) -> None:
        # Money may have moved on other screens since: show the history as it is now.
        if self.wallet is not None and not self.busy:
            self._load_history(self.wallet.wallet_id, self.history_offset)
        # Shown by the app (F2, after a registration, a wallet opened elsewhere): the search
        # box, ready to type in. Back from a dialog over it: the focus stays where it was.
        if not (self._covered and isinstance(self.focused, HistoryTable)):
            self.field("lookup-query").input.focus()
        self._covered = False

    def retranslate(self) -> None:
        super().retranslate()
        self._show_page(self.history_page, self.page_wallet_id, self.history_offset)

    def wallet_changed(self, wallet: Wallet | None) -> None:
        self.query_one(WalletCard).show(wallet)
        if wallet is not None and wallet.wallet_id != self.query_wallet_id:
            self._show_query(wallet.wallet_id)
        if wallet is None:
            self._show_page(None, None, 0)
        elif wallet.wallet_id != self.page_wallet_id:
            self._load_history(wallet.wallet_id, 0)

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            # Only shown when that page exists; brackets still type into the search field.
            if self.history_page is None:
                return False
            step = parameters[0] if parameters else 1
            page = self.history_page
            if step == 1 and self.history_offset + len(page.items) >= page.total:
                return False
            if step == -1 and self.history_offset == 0:
                return False
            return True
        return super().check_action(action, parameters)

    def action_page(self, step: int) -> None:
        if self.page_wallet_id is None or self.in_flight(self._history_loaded):
            return
        self._load_history(self.page_wallet_id, max(0, self.history_offset + step * PAGE_SIZE))

    def action_recent(self) -> None:
        self.app.push_screen(RecentWalletsModal(self._recent().entries()), self._recent_chosen)

    def _recent_chosen(self, wallet_id: str | None) -> None:
        if wallet_id:
            self.field("lookup-query").value = wallet_id
            self.look_up(("id", wallet_id))

    # -- sending -----------------------------------------------------------------------------

    def submit(self) -> None:
        self.clear_messages()  # the banner was about the previous look-up
        check, values = self.check_fields()
        if check.ok:
            self.look_up(values["lookup-query"])

    @on(Input.Changed, "#lookup-query-input")
    def _query_edited(self) -> None:
        self.clear_messages()  # the banner was about the query as it was sent

    def look_up(self, query: tuple[str, str]) -> None:
        if self.busy:
            return
        self.clear_messages()
        kind, value = query
        if kind == "id":
            call = lambda client: client.get_wallet(value)  # noqa: E731
        else:
            call = lambda client: client.find_wallet_by_phone(value)  # noqa: E731
        shown = value if kind == "id" else format_phone(value)
        self.send(call, self._found, self._not_found, self._stopped_waiting,
                  waiting=_("Looking up {query}…").format(query=shown))

    def _load_history(self, wallet_id: str, offset: int) -> None:
        if self.send(
            lambda client: client.list_operations(wallet_id, limit=PAGE_SIZE, offset=offset),
            self._history_loaded, on_abandon=self._stopped_waiting,
            waiting=_("Loading history…"),
        ):
            self._pending_history = (wallet_id, offset)

    # -- answers -----------------------------------------------------------------------------

    def _found(self, wallet: Wallet) -> None:
        self._recent().add(wallet)
        self.page_wallet_id = None
        # The watcher loads the history of a new wallet; the same wallet again (an equal
        # value does not fire it) is reloaded here: a fresh look-up shows it as it is now.
        self.app.current_wallet = wallet
        self._show_query(wallet.wallet_id)
        self._load_history(wallet.wallet_id, 0)

    def _history_loaded(self, page: OperationsPage) -> None:
        wallet_id, offset = self._pending_history
        self._show_page(page, wallet_id, offset)

    def _not_found(self, error: Exception) -> None:
        self.show_banner(error)
        wallet = self.wallet
        if wallet is not None:
            # One truth: the card under the error is not what was asked for; say so.
            self.show_message(self.NOTICE, Text(
                _("Still shown below: wallet {wallet_id}, found before — not what was just "
                  "asked for.").format(wallet_id=wallet.wallet_id), style="bold"))

    def _stopped_waiting(self, idempotency_key: str | None) -> None:
        # Reading changes nothing: giving up is harmless.
        self.banner.show_text(_("Stopped waiting. Press Enter to look it up again."))

    def _show_page(self, page: OperationsPage | None, wallet_id: str | None, offset: int) -> None:
        self.history_page, self.page_wallet_id, self.history_offset = page, wallet_id, offset
        self.query_one(HistoryTable).show_page(page)
        caption = "" if page is None else page_caption(offset, len(page.items), page.total)
        self.query_one("#history-caption", Static).update(caption)
        self._show_detail()
        self.refresh_keys()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        operation = self.query_one(HistoryTable).highlighted_operation()
        detail = self.query_one("#history-detail", Static)
        detail.update(operation_detail(operation) if operation is not None else "")
        detail.display = operation is not None

    def _show_query(self, wallet_id: str) -> None:
        """The search box names the wallet on the card, however it got there (a phone
        typed, registration's Ctrl+O, the recent list, another screen)."""
        self.query_wallet_id = wallet_id
        field = self.field("lookup-query")
        if field.value != wallet_id:
            field.value = wallet_id
        field.clear_error()

    def _recent(self) -> RecentList:
        return RecentList.for_app(self.app)

"""The raw console: any method and path with a JSON body, for the provider's calls that have
no screen here. Sent through the same client as every screen (token, refresh, request id,
Idempotency-Key on POST, the exchange record), so the inspector shows it like any other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from wallet_tui.client import OutcomeUnknown, new_idempotency_key
from wallet_tui.ui.i18n import N_, Later, _
from wallet_tui.ui.widgets.footer import Footer
from wallet_tui.ui.widgets.header import DeskHeader
from wallet_tui.ui.widgets.form import ErrorBanner

from ..appearance import KeepsStylesWhileHidden
from .console_parts import (
    METHODS,
    BodyArea,
    METHODS_WITH_BODY,
    SentRequest,
    describe_reply,
    is_blank,
    parse_body,
    path_problem,
)

if TYPE_CHECKING:
    from wallet_tui.client import RawReply, WalletClient

    from ..app import WalletApp



class ConsoleScreen(KeepsStylesWhileHidden, Screen[None]):
    SCREEN_NAME: ClassVar[str] = "console"
    TITLE = N_("Raw console")
    CSS_PATH = "console.tcss"
    AUTO_FOCUS = "#console-path"
    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+s,ctrl+enter", "send", N_("Send"),
            id="console.send", tooltip=N_("Send the request as written")),
        Binding("ctrl+r", "history", N_("History"),
            id="console.history", tooltip=N_("Requests sent before")),
        Binding("ctrl+l", "load_selected", N_("Load"), show=False,
            id="console.load", tooltip=N_("Load the selected request into the form")),
        Binding("escape", "abandon", N_("Stop waiting"),
            id="console.stop-waiting", tooltip=N_("Stop waiting: the outcome is then unknown")),
    ]

    app: "WalletApp"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.history: list[SentRequest] = []  # oldest first; the list shows newest first
        self._last_body: dict[tuple[str, str], str] = {}  # (method, path) -> body as sent
        # The body text the console put there itself, and for which (method, path).
        self._prefilled: str | None = None
        self._prefilled_for: tuple[str, str] | None = None
        self._sending: SentRequest | None = None
        # An unknown outcome's request and key: sending it again unchanged reuses the key.
        self._unsettled: tuple[tuple[str, str, str], str] | None = None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="console-main"):
            with Vertical(id="console-request"):
                with Horizontal(id="console-line"):
                    yield Select([(m, m) for m in METHODS], value="GET", allow_blank=False,
                                 compact=True, id="console-method")
                    yield Input(placeholder="/api/wallet/v1/account/100000000001",
                                compact=True, id="console-path")
                yield Static("", id="console-path-error", classes="console--error")
                yield Label("", id="console-body-label")
                yield BodyArea("", language="json", soft_wrap=False, show_line_numbers=True,
                               tab_behavior="focus", id="console-body")
                yield Static("", id="console-body-error", classes="console--error")
                yield Static("", id="console-busy")
                yield ErrorBanner(id="console-banner")
                yield Static("", id="console-notice")
                with VerticalScroll(id="console-reply-scroll"):
                    yield Static(Later(lambda: Text(
                        _("The reply shows here: status, headers and body."), style="dim")),
                        id="console-reply")
            with Vertical(id="console-history"):
                yield Label(_("Sent this session"), id="console-history-title")
                yield OptionList(id="console-history-list")
        yield Footer()

    def on_mount(self) -> None:
        self._method_changed()

    # -- widgets -----------------------------------------------------------------------------

    @property
    def method(self) -> str:
        return str(self.query_one("#console-method", Select).value)

    @property
    def path_input(self) -> Input:
        return self.query_one("#console-path", Input)

    @property
    def body_area(self) -> TextArea:
        return self.query_one("#console-body", TextArea)

    def _show_error(self, selector: str, text: str | None) -> None:
        line = self.query_one(selector, Static)
        line.update(Text(text or ""))
        line.set_class(bool(text), "-shown")

    # -- pre-filling the body from the last call to the same method and path -------------------

    @on(Select.Changed, "#console-method")
    def _method_changed(self) -> None:
        self._label_body()
        self._prefill()

    def _label_body(self) -> None:
        sends = self.method in METHODS_WITH_BODY
        self.query_one("#console-body-label", Label).update(
            _("Body (JSON)") if sends
            else _("Body (JSON) — not sent with {method}").format(method=self.method)
        )
        self.body_area.set_class(not sends, "-unused")

    @on(Input.Changed, "#console-path")
    def _path_changed(self) -> None:
        self._show_error("#console-path-error", None)
        self._prefill()

    @on(Input.Submitted, "#console-path")
    def _path_submitted(self) -> None:
        self.body_area.focus()

    def _prefill(self) -> None:
        target = (self.method, self.path_input.value.strip())
        remembered = self._last_body.get(target)
        current = self.body_area.text
        if remembered is None or target == self._prefilled_for:
            return
        # Never over unsent typing: only over a blank body, our own fill, or a body sent.
        if not (is_blank(current) or current == self._prefilled
                or current in self._last_body.values()):
            return
        self.body_area.load_text(remembered)
        self._prefilled, self._prefilled_for = remembered, target

    @on(TextArea.Changed, "#console-body")
    def _body_changed(self) -> None:
        self._show_error("#console-body-error", None)

    # -- sending -----------------------------------------------------------------------------

    def action_send(self) -> None:
        gateway = self.app.gateway
        if gateway.in_flight(self, self._replied):
            return
        method, path, body_text = self.method, self.path_input.value.strip(), self.body_area.text
        problem = path_problem(path)
        self._show_error("#console-path-error", problem)
        body: Any = None
        if method in METHODS_WITH_BODY and not is_blank(body_text):
            body, body_problem = parse_body(body_text)
            if body_problem is not None:
                self._show_error("#console-body-error", str(body_problem))
                self.body_area.cursor_location = (body_problem.line - 1,
                                                  max(0, body_problem.column - 1))
                self.body_area.focus()
                return
        if problem is not None:
            self.path_input.focus()
            return
        if self.app.is_production:
            from ..production import console_refusal

            refusal = console_refusal(method, path)
            if refusal is not None:
                self.query_one(ErrorBanner).show_text(refusal)
                return
        sent_text = body_text if method in METHODS_WITH_BODY else ""
        key = self._key_for(method, path, sent_text)
        self.query_one(ErrorBanner).clear()
        self._show_notice(None)
        self._sending = SentRequest(method, path, sent_text, key)

        async def call(client: "WalletClient") -> "RawReply":
            return await client.send_raw(method, path, body, idempotency_key=key)

        if gateway.call(self, call, self._replied, self._failed, on_abandon=self._abandoned,
                        idempotency_key=key):
            self._last_body[(method, path)] = sent_text
            self._set_busy(f"{method} {path}")

    def _key_for(self, method: str, path: str, body_text: str) -> str | None:
        if method != "POST":
            return None
        if self._unsettled is not None and self._unsettled[0] == (method, path, body_text):
            return self._unsettled[1]
        return new_idempotency_key()

    def action_abandon(self) -> None:
        if self.app.gateway.in_flight(self, self._replied):
            self.app.gateway.abandon(self, self._replied)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "abandon":
            return self.app.gateway.in_flight(self, self._replied)
        return True

    # -- answers -----------------------------------------------------------------------------

    def _replied(self, reply: "RawReply") -> None:
        self._set_busy(None)
        sent = self._take_sending().with_reply(reply)
        self._unsettled = None
        self._remember(sent)
        self.query_one("#console-reply", Static).update(describe_reply(reply))
        self.query_one("#console-reply-scroll", VerticalScroll).scroll_home(animate=False)

    def _failed(self, error: Exception) -> None:
        self._set_busy(None)
        sent = self._take_sending()
        self._remember(sent.with_error(str(error)))
        self.query_one(ErrorBanner).show(error)
        if isinstance(error, OutcomeUnknown):
            self._keep_unsettled(sent)

    def _abandoned(self, _idempotency_key: str | None) -> None:
        self._set_busy(None)
        sent = self._take_sending()
        self._remember(sent.with_error(_("stopped waiting")))
        self.query_one(ErrorBanner).show_text(
            _("Stopped waiting for {request}: its outcome is unknown.").format(
                request=f"{sent.method} {sent.path}")
        )
        self._keep_unsettled(sent)

    def _keep_unsettled(self, sent: SentRequest) -> None:
        if sent.idempotency_key is None:
            return
        self._unsettled = ((sent.method, sent.path, sent.body_text), sent.idempotency_key)
        self._show_notice(
            _("Send it again unchanged (^S) to reuse Idempotency-Key {key}: "
              "the server then replays what it did instead of doing it twice.").format(
                key=sent.idempotency_key)
        )

    def _take_sending(self) -> SentRequest:
        sent, self._sending = self._sending, None
        assert sent is not None
        return sent

    def _remember(self, sent: SentRequest) -> None:
        self.history.append(sent)
        entries = self.query_one("#console-history-list", OptionList)
        entries.add_option(Option(sent.label(), id=str(len(self.history) - 1)))
        # Newest at the top would renumber every row; the list follows its end instead.
        entries.highlighted = entries.option_count - 1

    def _set_busy(self, what: str | None) -> None:
        busy = self.query_one("#console-busy", Static)
        busy.update(Text.assemble(("⏳ " + _("Sending") + " ", "bold"), (what or "", "bold"),
                                  ("   " + _("Esc stops waiting"), "dim")) if what else "")
        self.set_class(what is not None, "-busy")
        self.refresh_bindings()

    def _show_notice(self, text: str | None) -> None:
        notice = self.query_one("#console-notice", Static)
        notice.update(Text(text or ""))
        notice.set_class(bool(text), "-shown")

    # -- the session's history -----------------------------------------------------------------

    def action_history(self) -> None:
        self.query_one("#console-history-list", OptionList).focus()

    def action_load_selected(self) -> None:
        entries = self.query_one("#console-history-list", OptionList)
        if entries.highlighted is not None:
            self.load(self.history[entries.highlighted])

    @on(OptionList.OptionSelected, "#console-history-list")
    def _history_chosen(self, event: OptionList.OptionSelected) -> None:
        self.load(self.history[int(event.option.id or 0)])

    def load(self, sent: SentRequest) -> None:
        """Puts a sent request back in the form (and its reply in the reply pane)."""
        self.query_one("#console-method", Select).value = sent.method
        self.path_input.value = sent.path
        self.body_area.load_text(sent.body_text)
        # The change events that follow must not fill the body over what was loaded.
        self._prefilled, self._prefilled_for = sent.body_text, (sent.method, sent.path)
        self._show_error("#console-path-error", None)
        self._show_error("#console-body-error", None)
        reply = self.query_one("#console-reply", Static)
        if sent.reply is not None:
            reply.update(describe_reply(sent.reply))
        else:
            reply.update(Text(_("No reply: {error}").format(error=sent.error), style="red"))
        self.path_input.focus()

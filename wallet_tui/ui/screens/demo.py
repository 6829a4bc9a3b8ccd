"""The guided demo: the whole integration story on the current profile, one step at a time.

Each step shows what it is about to send, waits for Enter (or runs on in auto mode), sends it
through the gateway like any screen, and shows what came back; the exchange inspector opens
beside it when there is room. A failed step stops the story with the error; Enter retries it
(with the same Idempotency-Key when the outcome was unknown). The story itself lives in
`wallet_tui.scenario`, free of any UI."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from wallet_tui.scenario import DemoSettings, Scenario, StepRecord, StepStatus
from wallet_tui.ui.i18n import N_, _
from wallet_tui.ui.widgets.footer import Footer
from wallet_tui.ui.widgets.header import DeskHeader

from ..appearance import KeepsStylesWhileHidden
from . import demo_parts

if TYPE_CHECKING:
    from wallet_tui.client import Exchange, WalletClient
    from wallet_tui.journal import Entry
    from wallet_tui.protocol.sentence import Sentence

    from ..app import WalletApp
    from ..gateway import Journalled

# The inspector needs this many columns beside the demo to be worth opening by itself.
INSPECTOR_MIN_WIDTH = 110


class DemoScreen(KeepsStylesWhileHidden, Screen[None]):
    SCREEN_NAME: ClassVar[str] = "demo"
    TITLE = N_("Guided demo")
    CSS_PATH = "demo.tcss"
    # Tests and scripts put their own here (a sleep that moves a clock, a fixed phone).
    SETTINGS: ClassVar[DemoSettings | None] = None
    # A breath between steps in auto mode, so an audience can follow.
    AUTO_PAUSE_SECONDS: ClassVar[float] = 1.0
    BINDINGS: ClassVar[list[Any]] = [
        Binding("enter", "send", N_("Send step"), priority=True,
            id="demo.send", tooltip=N_("Send the step shown")),
        Binding("enter", "retry", N_("Retry step"), priority=True,
            id="demo.retry", tooltip=N_("Retry the step (same Idempotency-Key when it may have been applied)")),
        Binding("enter", "again", N_("Run again"), priority=True,
            id="demo.again", tooltip=N_("Run the whole story again")),
        Binding("a", "toggle_auto", N_("Auto on/off"),
            id="demo.auto", tooltip=N_("Run the steps one after another without waiting for Enter")),
        # The app's F9, seen here first so the layout can make room for the inspector.
        Binding("f9", "toggle_inspector", N_("Inspector"), key_display="F9",
            id="demo.inspector", tooltip=N_("Show or hide every HTTP exchange")),
        Binding("escape", "abandon", N_("Stop waiting"), priority=True,
            id="demo.stop-waiting", tooltip=N_("Stop waiting for the step")),
    ]

    app: "WalletApp"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = Scenario(self.SETTINGS)
        self.auto = False
        self.runs = 1
        self._first_exchange = 0  # the session-wide number of the running step's first exchange
        self._step_exchanges: list[Exchange] = []
        self._inspector_offered = False

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="demo-main"):
            with Vertical(id="demo-steps"):
                yield Static("", id="demo-mode")
                yield Static("", id="demo-step-list")
            with VerticalScroll(id="demo-detail"):
                yield Static("", id="demo-strip")
                yield Static("", id="demo-heading")
                yield Static("", id="demo-request")
                yield Static("", id="demo-busy")
                yield Static("", id="demo-error")
                yield Static("", id="demo-reply")
        yield Footer()

    def on_mount(self) -> None:
        self._prepare()
        self._redraw()

    def on_screen_resume(self) -> None:
        if not self._inspector_offered:
            self._inspector_offered = True
            # The inspector takes the whole width of a narrow terminal: there F9 opens it.
            if (self.app.size.width >= INSPECTOR_MIN_WIDTH
                    and not self.app.settings.inspector_open):
                self.app.action_toggle_inspector()
        self._fit_to_inspector()

    def on_resize(self) -> None:
        self._fit_to_inspector()

    def action_toggle_inspector(self) -> None:
        self.app.action_toggle_inspector()
        self._fit_to_inspector()

    def _fit_to_inspector(self) -> None:
        # Beside an open inspector the step list gives its columns to the request and
        # reply, and shrinks to one line of marks.
        self.set_class(bool(self.app.settings.inspector_open), "-with-inspector")

    def start(self, *, auto: bool) -> None:
        """For `wallet-tui demo`: auto mode runs every step without waiting for Enter."""
        self.auto = auto
        self._redraw()
        if auto:
            self.action_send()

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        record = self.scenario.current
        running = self.app.gateway.in_flight(self, self._step_done)
        if action == "abandon":
            return running
        if action == "again":
            return self.scenario.finished
        if action in ("send", "retry"):
            if record is None or running:
                return False
            return (record.status is StepStatus.FAILED) == (action == "retry")
        return True

    def action_send(self) -> None:
        record = self.scenario.current
        if record is None or self.app.gateway.in_flight(self, self._step_done):
            return
        if not self._prepare():
            return
        self._first_exchange = self.app.gateway.exchanges.total
        scenario = self.scenario

        def call(client: "WalletClient") -> Awaitable[StepRecord]:
            return scenario.run_current(client, self._progress)

        if self.app.gateway.call(self, call, self._step_done, self._step_failed,
                                 on_abandon=self._step_abandoned,
                                 idempotency_key=record.idempotency_key,
                                 journalled=self._journalled(record)):
            self._show_busy(_("Sending {step}…").format(step=record.title))
            self._redraw()

    def _journalled(self, record: Any) -> "Journalled | None":
        """A money step goes through the journal like the screens' operations: its entry is
        on disk before it is sent, and its key is the entry's (the same one again for a
        retry of the same plan). None for other steps."""
        from wallet_tui.journal.demo_steps import draft_of_step

        from ..gateway import Journalled

        draft = draft_of_step(record, self.scenario.story)
        journal = self.app.gateway.journal
        if draft is None or journal is None:
            return None

        def began(entry: "Entry") -> None:
            record.idempotency_key = entry.key

        return Journalled(lambda: journal.begin(draft), began)

    def action_retry(self) -> None:
        self.action_send()

    def action_again(self) -> None:
        self.scenario = Scenario(self.SETTINGS)
        self.runs += 1
        self._step_exchanges = []
        self._prepare()
        self._redraw()
        if self.auto:
            self.action_send()

    def action_toggle_auto(self) -> None:
        self.auto = not self.auto
        self._redraw()
        record = self.scenario.current
        if self.auto and record is not None and record.status is StepStatus.PENDING:
            self.action_send()

    def action_abandon(self) -> None:
        if self.app.gateway.in_flight(self, self._step_done):
            self.app.gateway.abandon(self, self._step_done)

    # -- answers -----------------------------------------------------------------------------

    def _step_done(self, record: StepRecord) -> None:
        self._show_busy(None)
        self._step_exchanges = self._exchanges_since_start()
        self.query_one("#demo-reply", Static).update(
            demo_parts.came_back(record, self._step_exchanges)
        )
        if self.scenario.finished:
            if self.scenario.story.wallet is not None:
                self.app.current_wallet = self.scenario.story.wallet
        else:
            self._prepare()
        self._redraw()
        if self.auto and not self.scenario.finished:
            if self.app.test_mode or self.AUTO_PAUSE_SECONDS <= 0:
                self.call_after_refresh(self._auto_next)
            else:
                self.set_timer(self.AUTO_PAUSE_SECONDS, self._auto_next)

    def _auto_next(self) -> None:
        record = self.scenario.current
        if self.auto and record is not None and record.status is StepStatus.PENDING:
            self.action_send()

    def _step_failed(self, error: Exception) -> None:
        from wallet_tui.journal import JournalError

        if isinstance(error, JournalError):  # not sent: the step is as it was
            from wallet_tui.ui.widgets.errors import describe_error

            self._show_busy(None)
            message = self.query_one("#demo-error", Static)
            message.update(Text(describe_error(error).message))  # the forms' words for it
            message.add_class("-shown")
            return
        self._stopped()

    def _step_abandoned(self, _idempotency_key: str | None) -> None:
        self.scenario.stopped_waiting()
        self._stopped()

    def _stopped(self) -> None:
        self._show_busy(None)
        self._step_exchanges = self._exchanges_since_start()
        record = self.scenario.current
        error = self.query_one("#demo-error", Static)
        if record is not None:
            error.update(demo_parts.why_it_stopped(record, self._step_exchanges))
        error.add_class("-shown")
        self.query_one("#demo-reply", Static).update("")
        self._prepare()  # a definite failure dropped the plan: show what the retry sends
        self._redraw()

    def _exchanges_since_start(self) -> "list[Exchange]":
        return self.app.gateway.exchanges.since(self._first_exchange)

    def _progress(self, sentence: "Sentence") -> None:
        self._show_busy(str(sentence))

    # -- showing -----------------------------------------------------------------------------

    def _prepare(self) -> bool:
        """Plans the current step (if it needs it); a plan that cannot be made is shown as
        the reason the story stopped."""
        client = self.app.gateway.client
        if self.scenario.finished or client is None:
            return client is not None
        try:
            self.scenario.prepare(client)
        except Exception as error:  # noqa: BLE001 — shown to the operator, not raised
            message = self.query_one("#demo-error", Static)
            message.update(Text(_("This step cannot be planned: {error}").format(error=error)))
            message.add_class("-shown")
            return False
        return True

    def retranslate(self) -> None:
        """After a language switch (retranslate.py): what this screen draws itself."""
        self._redraw()

    def _redraw(self) -> None:
        scenario = self.scenario
        mode = Text()
        mode.append(" " + _("auto") + " ", style="bold reverse" if self.auto else "dim")
        mode.append(" " + (_("on") if self.auto else _("off: Enter per step")),
                    style="" if self.auto else "dim")
        self.query_one("#demo-mode", Static).update(mode)
        self.query_one("#demo-step-list", Static).update(demo_parts.step_list(scenario))
        self.query_one("#demo-strip", Static).update(demo_parts.step_strip(scenario, mode))
        record = scenario.current
        heading = self.query_one("#demo-heading", Static)
        request = self.query_one("#demo-request", Static)
        error = self.query_one("#demo-error", Static)
        if record is None:
            heading.update(demo_parts.finale(scenario))
            request.update("")
            error.remove_class("-shown")
        else:
            heading.update(demo_parts.heading(scenario, record))
            request.update(demo_parts.about_to_send(record))
            if record.status is not StepStatus.FAILED:
                error.remove_class("-shown")
        self.refresh_bindings()

    def _show_busy(self, text: str | None) -> None:
        busy = self.query_one("#demo-busy", Static)
        busy.update(Text.assemble(("⏳ ", "bold"), (text or "", "bold"),
                                  ("   " + _("Esc stops waiting"), "dim")) if text else "")
        self.set_class(text is not None, "-busy")
        self.refresh_bindings()

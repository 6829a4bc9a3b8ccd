"""What every operation screen shares: the hint when no wallet is chosen, the busy line while
a call is in flight, Esc to stop waiting, checks run where fields are typed, and the sending
of calls with the methods that take their answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.events import ScreenResume
from textual.binding import Binding
from textual.message import Message
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from wallet_tui.ui.appearance import KeepsStylesWhileHidden, starting_classes
from wallet_tui.ui.i18n import N_, _
from wallet_tui.ui.parts_by_id import PartsById
from wallet_tui.ui.widgets.footer import Footer
from wallet_tui.ui.widgets.header import DeskHeader
from wallet_tui.ui.widgets.form import ErrorBanner, Field

from .field_checks import FormCheck

if TYPE_CHECKING:
    from decimal import Decimal

    from wallet_tui.journal import Draft
    from wallet_tui.journal.operations import Sender
    from wallet_tui.protocol import Wallet
    from wallet_tui.ui.gateway import Answer, Journalled, Request

    from .pending_key import PendingKey

T = TypeVar("T")

# The busy line shows for a call still in flight this long after it was sent: the embedded
# sandbox answers in a few ms, and a line shown and hidden again within one frame was a
# flicker, a footer planned twice and a restyle's garbage per call (issue 15).
BUSY_LINE_DELAY = 0.1  # seconds

NO_WALLET_HINT = N_(
    "No wallet is chosen yet.\n\n"
    "Press F2 to look one up by its id or phone (or F3 to register a new one),\n"
    "then come back here."
)


# Each screen's styles live in its own .tcss beside it, but every operation screen names them
# all: Textual restyles the whole app whenever a screen brings a style file it has not seen
# yet, so the first operation screen shown loads them all at once and later ones cost nothing.
SCREEN_CSS = [
    "operation_screen.tcss",
    "lookup.tcss",
    "registration.tcss",
    "identification.tcss",
    "refill.tcss",
    "payment.tcss",
    "withdrawal.tcss",
    "modals.tcss",
]


class OperationScreen(KeepsStylesWhileHidden, PartsById, Screen[None]):
    """Base of the operation screens. Subclasses compose `compose_form()` and `send` each
    call with the methods that take its answer."""

    CSS_PATH = SCREEN_CSS
    # Each screen puts the focus where it wants it as it is shown (on_screen_resume). Left
    # to Textual's default ("*"), the first showing first focused the form's scrolling body
    # and then took it away again: two restyles of the whole form, 20 ms of a first F7
    # (issue 15). A field costs next to nothing to focus.
    AUTO_FOCUS = "Input"

    SCREEN_NAME: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    # False for screens that work without a current wallet (lookup, registration).
    NEEDS_WALLET: ClassVar[bool] = True
    # Widgets from which Enter sends the form (others keep Enter for themselves).
    SUBMIT_FROM: ClassVar[tuple[type[Widget], ...]] = (Input,)
    # Field id -> check of its text (field_checks); run on leaving the field and on submit.
    FIELD_CHECKS: ClassVar[dict[str, Callable[[str], Any]]] = {}
    # The Static (selector) where the screen says what to do next ("outcome unknown: ...");
    # hidden with the banners by clear_messages. "" for a screen without one.
    NOTICE: ClassVar[str] = ""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("escape", "abandon", N_("Stop waiting"), priority=True,
            id="operation.stop-waiting", tooltip=N_("Stop waiting: the outcome is then unknown; Enter retries with the same key")),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        # A call's answer method -> what the busy line says while it runs; the calls the
        # operator waits on.
        self._waiting: dict[Answer, str] = {}
        self._keys_stale = False
        self._busy_timer: Timer | None = None
        # The footer was planned while a call was in flight (it shows Esc): its keys are
        # planned again when the last call ends, though the busy line never showed.
        self._keys_saw_busy = False

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The classes the screen would take as it is first shown, taken before its widgets
        # mount: each taken after restyled all of them (-no-wallet at mount, the breakpoint
        # at the first Resize), three stylings of every widget in a first F7 (issue 15).
        self.update_classes(starting_classes(
            self, no_wallet=self.NEEDS_WALLET and self.app.current_wallet is None))
        yield DeskHeader()
        if self.NEEDS_WALLET:
            yield Static(_(NO_WALLET_HINT), id="no-wallet", classes="no-wallet")
        with VerticalScroll(id="operation"):
            yield from self.compose_form()
        yield Static("", id="busy", classes="busy-line")
        yield Footer()

    def compose_form(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "current_wallet", self._current_wallet_changed, init=True)

    def _current_wallet_changed(self, wallet: "Wallet | None") -> None:
        if self.NEEDS_WALLET:
            self.set_class(wallet is None, "-no-wallet")
        self.wallet_changed(wallet)
        self.refresh_keys()

    def wallet_changed(self, wallet: "Wallet | None") -> None:
        """The app's current wallet changed (also called once on mount)."""

    def retranslate(self) -> None:
        """After a language switch (retranslate.py): what the screen draws itself from
        several texts (the wallet line, the busy line). Subclasses add their own."""
        self._current_wallet_changed(self.wallet)
        self._show_busy()

    @property
    def wallet(self) -> "Wallet | None":
        return getattr(self.app, "current_wallet", None)

    # -- sending -----------------------------------------------------------------------------

    def send(
        self,
        request: "Request[T]",
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object] | None = None,
        on_abandon: Callable[[str | None], object] | None = None,
        *,
        idempotency_key: str | None = None,
        waiting: str | None = None,
        journalled: "Journalled | None" = None,
    ) -> bool:
        """Sends `request` through the gateway; its answer goes to `on_success` (which also
        names the call: `in_flight`, `abandon`), an error to `on_failure` (by default the
        banner), Esc's idempotency key to `on_abandon` (by default the banner says the outcome
        is unknown). `waiting` (what the busy line says) marks a call the operator waits on:
        Esc abandons it. Returns False if that call is already in flight."""
        failure = on_failure or self.show_banner
        abandon = on_abandon or self.stopped_waiting

        def succeeded(value: T) -> None:
            self._finished(on_success)
            on_success(value)

        def failed(error: Exception) -> None:
            self._finished(on_success)
            failure(error)

        def abandoned(idempotency_key: str | None) -> None:
            self._finished(on_success)
            abandon(idempotency_key)

        started = self.app.gateway.call(
            self, request, succeeded, failed, on_abandon=abandoned, answer=on_success,
            idempotency_key=idempotency_key, journalled=journalled)
        if started and waiting is not None:
            self._waiting[on_success] = waiting
            self._show_busy()
        return started

    def after_retype(self, amount: Decimal, operation: str, send: Callable[[], None]) -> None:
        """`send()` at once off production; on production only after the operator typed
        `amount` again (screens/production.py). `operation`: refill, payment, withdrawal."""
        if not self.app.is_production:  # type: ignore[attr-defined]
            send()
            return
        from .production import RetypeAmountModal, what_of

        self.app.push_screen(RetypeAmountModal(amount, what_of(operation)),
                             lambda matched: send() if matched else None)

    def send_journalled(
        self,
        pending: "PendingKey",
        draft: "Draft",
        sender: "Sender[T]",
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object],
        on_abandon: Callable[[str | None], object],
        *,
        waiting: str,
    ) -> bool:
        """Sends a money operation through the journal: its entry (key, body, externalId) is
        on disk before the request leaves (`sender` sends it: journal/operations.py); the
        same request again while its outcome is unknown goes with the same key. When the
        journal cannot be written nothing is sent and the banner says so (`on_failure` gets
        the JournalError). False, and nothing done, while that operation is in flight."""
        from ..gateway import Journalled

        journal = self.app.gateway.journal
        if journal is None:
            raise RuntimeError("a money operation sent before login")
        return self.send(lambda client: sender(client, pending.sent()), on_success, on_failure,
                         on_abandon, waiting=waiting,
                         journalled=Journalled(lambda: journal.begin(draft), pending.begin))

    def in_flight(self, answer: "Answer") -> bool:
        """Whether the call whose answer goes to `answer` is in flight."""
        return self.app.gateway.in_flight(self, answer)

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def _show_busy(self) -> None:
        """The busy line as `_waiting` says: the calls in flight once the first of them has
        been waited on for BUSY_LINE_DELAY; nothing once the last has ended."""
        shown = self.query_one("#busy", Static).has_class("-shown")
        if self._waiting and not shown:
            if self._busy_timer is None:
                self._busy_timer = self.set_timer(BUSY_LINE_DELAY, self._busy_line_due,
                                                  name="busy line")
            return
        if not self._waiting:
            if self._busy_timer is not None:
                self._busy_timer.stop()
                self._busy_timer = None
            if not shown:  # never drawn: nothing to take away, but perhaps Esc
                if self._keys_saw_busy:
                    self._keys_saw_busy = False
                    self.refresh_keys()
                return
        self._draw_busy_line()

    def _busy_line_due(self) -> None:
        self._busy_timer = None
        if self._waiting:
            self._draw_busy_line()

    def _draw_busy_line(self) -> None:
        line = self.query_one("#busy", Static)
        if self._waiting:
            text = Text()
            text.append(" ⏳ ", style="bold")
            text.append("; ".join(self._waiting.values()))
            text.append("   " + _("Esc stops waiting"), style="dim")
            line.update(text)
        else:
            line.update("")
        # The class goes on the line, not the screen: restyling the whole screen is slow.
        if line.has_class("-shown") != bool(self._waiting):
            line.set_class(bool(self._waiting), "-shown")
            self._keys_saw_busy = False
            self.refresh_keys()

    def _finished(self, answer: "Answer") -> None:
        if self._waiting.pop(answer, None) is not None:
            self._show_busy()

    def stopped_waiting(self, idempotency_key: str | None) -> None:
        """Esc on a call sent without its own `on_abandon`."""
        self.banner.show_text(
            _("Stopped waiting: the outcome is unknown. Look the wallet up (F2) to see it.")
        )

    # -- moving between screens ---------------------------------------------------------------

    def show_screen(self, name: str) -> None:
        """Switches the app to another registered screen (F2–F7 do the same)."""
        self.app.action_show(name)

    def open_wallet(self, wallet: "Wallet") -> None:
        """Makes `wallet` the current one and shows its card and history."""
        self.app.current_wallet = wallet
        self.show_screen("lookup")

    # -- the current wallet after money moved ------------------------------------------------

    def refresh_wallet(self, *, balance: "Decimal | None" = None) -> None:
        """Shows `balance` at once, then fetches the wallet for its new limits and usage."""
        wallet = self.wallet
        if wallet is None:
            return
        if balance is not None:
            self.app.current_wallet = wallet.model_copy(update={"balance": balance})
        wallet_id = wallet.wallet_id
        # A failure is not shown: the card keeps the balance the operation reported, and F2
        # looks it up again.
        self.send(lambda client: client.get_wallet(wallet_id), self._refreshed,
                  on_failure=ignore)

    def _refreshed(self, wallet: "Wallet") -> None:
        current = self.wallet
        if current is None or current.wallet_id == wallet.wallet_id:
            self.app.current_wallet = wallet

    # -- errors ------------------------------------------------------------------------------

    @property
    def banner(self) -> ErrorBanner:
        return self.query_one(ErrorBanner)

    def show_banner(self, error: BaseException) -> None:
        if type(error).__name__ == "OutcomeUnknown":
            # The screen's notice says it, once, exact about the step (texts.py).
            self.banner.clear()
            return
        self.banner.show(error)
        self._bring_into_view(self.banner)

    def show_message(self, selector: str, text: "Text | None") -> None:
        """Shows `text` in the Static `selector` (hides it for None), scrolled into view:
        at 80x24 a long form would otherwise keep the answer below the fold."""
        widget = self.query_one(selector, Static)
        widget.update(text or "")
        widget.set_class(text is not None, "-shown")
        if text is not None:
            self._bring_into_view(widget)

    def _bring_into_view(self, widget: Widget) -> None:
        self.call_after_refresh(widget.scroll_visible, animate=False)

    def clear_messages(self) -> None:
        """Hides the error banners and the screen's NOTICE."""
        for banner in self.query(ErrorBanner):
            banner.clear()
        if self.NOTICE:
            self.show_message(self.NOTICE, None)

    # -- checks ------------------------------------------------------------------------------

    def field(self, field_id: str) -> Field:
        return self.query_one(f"#{field_id}", Field)

    def check_fields(self, *field_ids: str) -> tuple[FormCheck, dict[str, Any]]:
        """Runs the FIELD_CHECKS of `field_ids` (all when none given); every problem is shown
        under its field. Returns the check (its `ok`) and the values by field id."""
        check = FormCheck()
        values = {
            field_id: check(self.field(field_id), self.FIELD_CHECKS[field_id])
            for field_id in (field_ids or tuple(self.FIELD_CHECKS))
        }
        return check, values

    @on(Input.Blurred)
    def _check_on_leaving(self, event: Input.Blurred) -> None:
        # Checked where typed: leaving a filled field says at once what is wrong with it.
        field = next((a for a in event.input.ancestors if isinstance(a, Field)), None)
        if field is None or field.id not in self.FIELD_CHECKS or not field.value.strip():
            return
        FormCheck()(field, self.FIELD_CHECKS[field.id])

    def refresh_keys(self) -> None:
        """Recomputes which keys the footer offers. A footer rebuild is costly, and every
        screen watches the current wallet: screens not shown catch up when shown again."""
        if self.is_active:
            self.refresh_bindings()
        else:
            self._keys_stale = True

    @on(ScreenResume)
    def _catch_up_keys(self) -> None:
        if self._keys_stale:
            self._keys_stale = False
            self.refresh_bindings()

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "abandon":
            if self.busy:
                self._keys_saw_busy = True
            return self.busy
        if action == "submit":
            if self.NEEDS_WALLET and self.wallet is None:
                return False
            return isinstance(self.focused, self.SUBMIT_FROM)
        return True

    def action_abandon(self) -> None:
        for answer in list(self._waiting):
            self.app.gateway.abandon(self, answer)

    class SubmitRequested(Message):
        """Enter, queued behind the keys typed before it (see action_submit)."""

    def action_submit(self) -> None:
        # Enter is a priority binding (so the footer names it), and priority bindings run
        # before the focused widget has taken the keys typed just before: a fast typist's or
        # a paste's text would not be in the field yet. Queue the submit behind those keys.
        target = self.focused or self
        target.post_message(self.SubmitRequested())

    @on(SubmitRequested)
    def _submit_requested(self, message: SubmitRequested) -> None:
        message.stop()
        if self.busy:
            return  # a second Enter while the first is in flight sends nothing
        self.submit()

    def submit(self) -> None:
        """Enter: check the form and send it."""


def ignore(_answer: object) -> None:
    """An answer the screen does not show (a failure or Esc on a call in the background)."""

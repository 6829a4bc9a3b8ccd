"""The production safeguards' own screens (ui/production.py says when they appear):
typing the amount again before money moves, the lock after an idle spell, and the session
report offered on quit."""

from __future__ import annotations

import hmac
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from wallet_tui.ui.widgets.labelled import Button
from wallet_tui.ui.i18n import N_, _, format_money, ngettext
from wallet_tui.ui.production import PRODUCTION_MARK
from wallet_tui.ui.widgets.footer import Footer
from wallet_tui.ui.widgets.header import DeskHeader
from wallet_tui.ui.widgets.form import Field

from . import field_checks
from .field_checks import FormCheck

if TYPE_CHECKING:
    from ..app import WalletApp

QUIT_WITH_REPORT, QUIT_WITHOUT, QUIT_CANCELLED = "report", "quit", "stay"


class RetypeAmountModal(ModalScreen[bool]):
    """On production, before a money operation is sent: the operator types its amount
    again. Dismisses with True when it matches; a mismatch is said in the dialog and
    nothing is sent; Esc goes back (False)."""

    CSS_PATH = "production.tcss"
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "back", N_("Back, send nothing"), id="retype.back",
                tooltip=N_("Back to the form: nothing is sent"))]
    AUTO_FOCUS = "#retype-amount-input"

    def __init__(self, amount: Decimal, what: str) -> None:
        """`what` names the operation, already in the desk's language ("this refill")."""
        super().__init__()
        self.amount = amount
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_(PRODUCTION_MARK), id="retype-mark")
            yield Static(_("Type the amount of {what} again to send it.").format(
                what=self.what), id="dialog-title")
            yield Field(_("Amount, ₽"), id="retype-amount")
            with Horizontal(id="dialog-buttons"):
                yield Button(_("Send"), id="yes", variant="error")
                yield Button(_("Back (Esc)"), id="no")

    @on(Input.Submitted)
    @on(Button.Pressed, "#yes")
    def _check(self) -> None:
        field = self.query_one("#retype-amount", Field)
        check = FormCheck()
        typed = check(field, field_checks.amount)
        if not check.ok or typed is None:
            return
        if typed != self.amount:
            field.show_error(_(
                "{typed} is not the amount of {what}: nothing was sent. Type it again, or "
                "Esc to go back and check the form."
            ).format(typed=format_money(typed), what=self.what))
            field.input.select_all()
            return
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_back(self) -> None:
        self.dismiss(False)


class LockScreen(Screen[None]):
    """Covers the whole desk after an idle spell on production; the screens underneath
    keep everything. The clientSecret the desk logged in with unlocks it, or the keyring
    when the secret is remembered there."""

    CSS_PATH = "production.tcss"
    TITLE = N_("Locked")
    AUTO_FOCUS = "#unlock-secret-input"
    COVERS_DESK: ClassVar[bool] = True  # the app offers no screen, palette or inspector over it
    BINDINGS: ClassVar[list[Binding]] = [
        # priority: the secret's input would take Ctrl+K as "delete to the end".
        Binding("ctrl+k", "keyring", N_("Unlock with keyring"), priority=True,
                id="lock.keyring", tooltip=N_("Unlock with the secret kept in the system keyring")),
    ]

    app: "WalletApp"

    def __init__(self, idle_minutes: float) -> None:
        super().__init__()
        self.idle_minutes = idle_minutes

    def compose(self) -> ComposeResult:
        profile = self.app.profile
        # The status line would name the wallet being worked on: the lock shows only whose
        # desk this is.
        self.sub_title = _("profile {name}").format(name=profile.name)
        yield DeskHeader()
        with Vertical(id="lock"):
            yield Static(_(PRODUCTION_MARK), id="lock-mark")
            yield Static(_("The desk is locked"), id="lock-title")
            yield Static(_(
                "Nothing was touched for {minutes:g} minutes. Type the clientSecret of "
                "profile {profile} to go on: every screen is as you left it."
            ).format(minutes=self.idle_minutes, profile=profile.name), id="lock-text")
            yield Field("clientSecret", id="unlock-secret", password=True)
            with Horizontal(id="lock-buttons"):
                yield Button(_("Unlock"), id="unlock", variant="primary", compact=True)
                yield Button(_("Unlock with keyring (Ctrl+K)"), id="unlock-keyring",
                             compact=True)
            yield Static("", id="lock-note")
        yield Footer()

    def _secret_in_use(self) -> str | None:
        client = self.app.gateway.client
        credentials = client.credentials if client is not None else None
        return credentials.client_secret if credentials is not None else None

    @on(Input.Submitted)
    @on(Button.Pressed, "#unlock")
    def _unlock(self) -> None:
        field = self.query_one("#unlock-secret", Field)
        typed = field.value
        secret = self._secret_in_use()
        if not typed:
            field.show_error(_("Type the clientSecret to unlock"))
            return
        if secret is None or not hmac.compare_digest(typed.encode(), secret.encode()):
            field.input.select_all()  # typing replaces it; clearing would clear the complaint
            field.show_error(_("That is not the clientSecret of this session: the desk "
                               "stays locked."))
            return
        self.app.unlock()

    @on(Button.Pressed, "#unlock-keyring")
    def action_keyring(self) -> None:
        self._note(_("Asking the system keyring…"))
        self._ask_keyring()

    @work(thread=True, exclusive=True, group="secrets")
    def _ask_keyring(self) -> None:
        from wallet_tui.config import SecretStore
        from wallet_tui.config.secrets import SecretSource

        store = SecretStore(env={})  # the keyring's word only, not the environment's
        found = store.find(self.app.profile) if store.keyring_available else None
        from_keyring = found is not None and found.source == SecretSource.KEYRING
        value = found.value if found is not None and from_keyring else None
        problem = None if store.keyring_available else store.keyring_status
        self.app.call_from_thread(self._keyring_answered, value, problem)

    def _keyring_answered(self, value: str | None, problem: str | None) -> None:
        secret = self._secret_in_use()
        if value is not None and secret is not None and hmac.compare_digest(
                value.encode(), secret.encode()):
            self.app.unlock()
            return
        if problem:
            self._note(_("No keyring to unlock with: {problem}").format(problem=problem))
        else:
            self._note(_("The keyring holds no clientSecret of this session for profile "
                         "{profile}: type it.").format(profile=self.app.profile.name))

    def _note(self, text: str) -> None:
        self.query_one("#lock-note", Static).update(Text(text))


class QuitOfferModal(ModalScreen[str]):
    """On production, Ctrl+Q first offers the session report. Dismisses with
    QUIT_WITH_REPORT, QUIT_WITHOUT or QUIT_CANCELLED."""

    CSS_PATH = "production.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("r", "answer('report')", N_("Save report and quit"), id="quit-offer.report",
                tooltip=N_("Save the session report, then quit")),
        Binding("q", "answer('quit')", N_("Quit without"), id="quit-offer.quit",
                tooltip=N_("Quit without a session report")),
        Binding("escape", "answer('stay')", N_("Stay"), id="quit-offer.stay",
                tooltip=N_("Stay at the desk")),
    ]

    def __init__(self, exchanges: int) -> None:
        super().__init__()
        self.exchanges = exchanges

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_(PRODUCTION_MARK), id="retype-mark")
            yield Static(_("Save the session report before quitting?"), id="dialog-title")
            yield Static(ngettext(
                "{count} exchange of this production session, secrets masked, as Markdown "
                "and HTML: what support will ask for if a payment is questioned.",
                "{count} exchanges of this production session, secrets masked, as Markdown "
                "and HTML: what support will ask for if a payment is questioned.",
                self.exchanges,
            ).format(count=self.exchanges), id="dialog-body")
            with Horizontal(id="dialog-buttons"):
                yield Button(_("Save and quit (r)"), id="report", variant="primary")
                yield Button(_("Quit without (q)"), id="quit")
                yield Button(_("Stay (Esc)"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#report", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


def what_of(operation: str) -> str:
    """How the retype dialog names an operation, in the desk's language."""
    names = {
        "refill": N_("this refill"),
        "payment": N_("this payment"),
        "withdrawal": N_("this withdrawal"),
    }
    return _(names[operation])

"""Registration of a new wallet by phone, with optional person data. Success opens the new
wallet's card; a phone already registered offers to open the wallet it has."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from wallet_tui.ui.widgets.labelled import Button
from wallet_tui.journal import operations as journal_drafts
from wallet_tui.protocol import ApiError, ErrorName, RegistrationRequest, Wallet
from wallet_tui.ui.i18n import N_, _
from wallet_tui.ui.widgets.form import ErrorBanner, Field, show_api_field_errors

from . import field_checks
from .operation_screen import OperationScreen, ignore
from .pending_key import PendingKey
from .texts import unknown_outcome_text



class RegistrationScreen(OperationScreen):
    SCREEN_NAME: ClassVar[str] = "registration"
    DESCRIPTION: ClassVar[str] = N_("Open a new ANONYMOUS wallet for a phone number")
    NEEDS_WALLET: ClassVar[bool] = False
    BINDINGS: ClassVar[list[Any]] = [
        Binding("enter", "submit", N_("Register"), priority=True,
            id="registration.submit", tooltip=N_("Check the form and register a wallet for the phone")),
        Binding("ctrl+o", "open_existing", N_("Open existing wallet"),
            id="registration.open-existing", tooltip=N_("Open the wallet this phone already has (after a refusal)")),
    ]
    FIELD_CHECKS: ClassVar[dict[str, Any]] = {
        "reg-phone": field_checks.phone,
        "reg-email": field_checks.optional_email,
        "reg-last-name": field_checks.optional_name,
        "reg-first-name": field_checks.optional_name,
        "reg-middle-name": field_checks.optional_name,
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = PendingKey()
        self.existing_wallet_id: str | None = None

    def compose_form(self) -> ComposeResult:
        yield Static(_("A new wallet starts ANONYMOUS with a zero balance."),
                     classes="wallet-line")
        with Horizontal(classes="form-row"):
            yield Field(_("Phone"), id="reg-phone", placeholder="+7 916 123-45-67",
                        wire_name="phone")
            yield Field(_("Email (optional)"), id="reg-email", wire_name="email")
        with Horizontal(classes="form-row names"):
            yield Field(_("Last name"), id="reg-last-name", wire_name="lastName")
            yield Field(_("First name"), id="reg-first-name", wire_name="firstName")
            yield Field(_("Middle name"), id="reg-middle-name", wire_name="middleName")
        yield ErrorBanner(id="reg-banner")
        yield Static("", id="reg-notice", classes="notice")
        with Vertical(id="reg-existing"):
            yield Static("", id="reg-existing-text")
            yield Button(_("Open that wallet (Ctrl+O)"), id="reg-open-existing",
                         variant="primary")

    def on_screen_resume(self) -> None:
        self.field("reg-phone").input.focus()

    def retranslate(self) -> None:
        super().retranslate()
        if self.existing_wallet_id is not None:
            self._offer_existing(self.existing_wallet_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_existing":
            return self.existing_wallet_id is not None
        return super().check_action(action, parameters)

    # -- sending -----------------------------------------------------------------------------

    def submit(self) -> None:
        self.clear_messages()  # the banner was about the previous submission
        check, values = self.check_fields()
        if not check.ok:
            return
        request = RegistrationRequest(
            phone=values["reg-phone"],
            email=values["reg-email"],
            last_name=values["reg-last-name"],
            first_name=values["reg-first-name"],
            middle_name=values["reg-middle-name"],
        )
        self._offer_existing(None)
        self.send_journalled(
            self.key, journal_drafts.registration(request), journal_drafts.send_registration,
            self._registered, self._register_failed, self._register_abandoned,
            waiting=_("Registering…"),
        )

    @on(Input.Changed)
    def _form_edited(self, event: Input.Changed) -> None:
        # The banner was about the form as it was sent.
        self.clear_messages()
        # Another phone: the offer was about the old one.
        if event.input.id == "reg-phone-input" and self.existing_wallet_id is not None:
            self._offer_existing(None)

    @on(Button.Pressed, "#reg-open-existing")
    def action_open_existing(self) -> None:
        wallet_id = self.existing_wallet_id
        if wallet_id is None or self.busy:
            return
        self.send(
            lambda client: client.get_wallet(wallet_id), self._existing_opened,
            on_abandon=ignore,  # opening changes nothing: Ctrl+O again
            waiting=_("Opening wallet {wallet_id}…").format(wallet_id=wallet_id),
        )

    # -- answers -----------------------------------------------------------------------------

    def _registered(self, wallet: Wallet) -> None:
        self.key.forget()
        self.show_message("#reg-notice", None)
        for field_id in self.FIELD_CHECKS:
            self.field(field_id).value = ""
        self.notify(_("Wallet {wallet_id} registered").format(wallet_id=wallet.wallet_id),
                    title=_("Registration"))
        self._existing_opened(wallet)

    def _existing_opened(self, wallet: Wallet) -> None:
        self._offer_existing(None)
        self.open_wallet(wallet)

    def _register_failed(self, error: Exception) -> None:
        self.key.settle(error)
        if self.key.is_retry_pending:
            unknown = unknown_outcome_text("registration", self.key.key)
            self.show_message("#reg-notice", unknown)
        if isinstance(error, ApiError):
            show_api_field_errors(self, error)
            if error.error_name == ErrorName.WALLET_ALREADY_EXISTS.value:
                existing = error.details.get("walletId")
                self._offer_existing(str(existing) if existing else None)
        self.show_banner(error)

    def _register_abandoned(self, idempotency_key: str | None) -> None:
        self.key.mark_unknown()
        self.show_message("#reg-notice", unknown_outcome_text("registration", idempotency_key))

    def _offer_existing(self, wallet_id: str | None) -> None:
        self.existing_wallet_id = wallet_id
        self.set_class(wallet_id is not None, "-existing")
        if wallet_id is not None:
            self.query_one("#reg-existing-text", Static).update(
                _("This phone already has wallet {wallet_id}.").format(wallet_id=wallet_id)
            )
            # Offered, never focused: the operator's typing and Enter stay with the form;
            # the wallet opens on Ctrl+O or the button only.
        self.refresh_keys()

"""The first screen: choose a profile, give the API's credentials, log in.

Also shown over the other screens when the session is lost, so they keep what was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from wallet_tui.ui.widgets.labelled import Button, Checkbox, Select
from wallet_tui.config.preview import view_of
from wallet_tui.protocol import ApiError, ErrorName

from ..i18n import N_, Later, Words, _
from ..widgets.footer import Footer
from ..widgets.header import DeskHeader
from ..widgets.form import ErrorBanner, Field

if TYPE_CHECKING:
    from wallet_tui.config import Profile, ProfileView
    from wallet_tui.protocol import TokenResponse

    from ..app import WalletApp

SANDBOX_TARGET = N_("the embedded sandbox")


class LoginScreen(Screen["Profile | None"]):
    """Dismisses with the profile logged in with; the first login, which is the app's
    default screen, hands it to `app.first_login_done` instead."""

    TITLE = N_("Log in")
    SCREEN_NAME = "login"
    # login.tcss, beside this module, is loaded with the app's stylesheets (WalletApp.CSS_PATH)
    AUTO_FOCUS = "#client-secret-input"
    BINDINGS = [
        Binding("ctrl+s", "log_in", N_("Log in"),
            id="login.log-in", tooltip=N_("Log in with the profile and credentials shown (Enter does too)")),
        Binding("ctrl+o", "edit_profiles", N_("Profiles"),
            id="login.profiles", tooltip=N_("Add, edit, rename or remove profiles")),
        Binding("escape", "stop_waiting", N_("Stop waiting"), show=False,
            id="login.stop-waiting", tooltip=N_("Stop waiting for the login; back to where you were after Log in again")),
    ]

    app: "WalletApp"

    def __init__(self, *, session_lost: str | None = None, leavable: bool = False) -> None:
        super().__init__()
        self._session_lost = session_lost
        # "Log in again" from the palette: Esc goes back to where the operator was.
        self._leavable = leavable and session_lost is None
        self._secret_typed = False
        self._shown: str | None = None  # the profile the form is filled from
        self._resumed = False

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        self._shown = app.profile_view.name  # on_mount fills the form from it
        # Classes that would change once the children are mounted (the width's breakpoint,
        # the profile's kind) are set first: each change restyles every widget here.
        self.update_classes({**app.breakpoint_classes(), "-sandbox": app.profile_view.is_sandbox,
                             "-production": app.profile_view.is_production})
        yield DeskHeader()
        with VerticalScroll(id="login"):
            yield Static("", id="session-note")
            with Horizontal(id="profile-row", classes="row"):
                yield Static(_("profile"), classes="row--label")
                yield Select(
                    # Drawn before the config file is validated: see WalletApp.config_view.
                    [(self._profile_label(p), p.name) for p in app.config_view.profiles.values()],
                    value=app.profile_view.name,
                    allow_blank=False,
                    id="profile",
                )
            # Said before login: the profile picked moves real money (ui/production.py).
            yield Static(Later(production_warning), id="production-note")
            # Filled as they are made: setting an input after it is mounted restyles it and
            # posts a Changed, four times over before the first paint.
            values = form_values(app.profile_view)
            yield Field(_("base URL"), id="base-url", wire_name="baseUrl",
                        placeholder="https://api.example.ru", value=values["base-url"])
            yield Field("clientId", id="client-id", wire_name="clientId",
                        value=values["client-id"])
            yield Field("clientSecret", id="client-secret", wire_name="clientSecret",
                        password=True, value=values["client-secret"])
            yield Field("partnerId", id="partner-id", wire_name="partnerId",
                        value=values["partner-id"])
            yield Checkbox(_("remember clientSecret in the system keyring"), id="remember")
            with Horizontal(id="buttons"):
                yield Button(_("Log in"), id="log-in", variant="primary", compact=True)
                yield Button(_("Retry"), id="retry", variant="warning", compact=True)
                yield Button(_("Profiles…"), id="profiles", compact=True)
            yield Static("", id="busy")
            # Right under the buttons: at 80x24 what went wrong must be in sight.
            yield ErrorBanner(id="login-error")
            yield Static("", id="keyring-note")
        yield Footer()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which restyles every widget of a resumed
        # screen. The first time, they have just been styled as they mounted: skip it.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        if self._session_lost:
            self.show_session_lost(self._session_lost)
        # compose filled the form from this profile
        self._filled_from(self.app.profile_view)

    @staticmethod
    def _profile_label(profile: Profile | ProfileView) -> Words:
        # Words: the list draws it again after a language switch (describe() reads then).
        return Words(f"{profile.name} — {profile.describe()}",
                     lambda: LoginScreen._profile_label(profile))

    # -- filling the form from a profile -----------------------------------------------------

    @property
    def chosen(self) -> Profile:
        name = self.query_one("#profile", Select).value
        return self.app.settings.profiles.get(str(name), self.app.profile)

    @on(Select.Changed, "#profile")
    def _profile_chosen(self, event: Select.Changed) -> None:
        # The Select announces its first value too: that profile is already shown, and
        # looking it up (self.chosen) before the first paint would load pydantic.
        if event.value != self._shown:
            self._fill_from(self.chosen)

    def _fill_from(self, profile: Profile | ProfileView) -> None:
        self._shown = profile.name
        self.set_class(profile.is_sandbox, "-sandbox")
        self.set_class(profile.is_production, "-production")
        # Filled, not typed: no Changed, so nothing takes the filling for the operator's typing
        # (a flag cleared after the refresh raced the bubbling Changed on a loaded machine).
        with self.prevent(Input.Changed):
            for name, value in form_values(profile).items():
                self.field(name).value = value
                self.field(name).clear_error()
        self.query_one(ErrorBanner).clear()
        self._set_retry(False)
        self._filled_from(profile)

    def _filled_from(self, profile: Profile | ProfileView) -> None:
        self._secret_typed = False
        # After the paint: importing and probing the keyring costs a few tenths of a second.
        self.call_after_refresh(self._look_up_secret, profile)

    @work(thread=True, exclusive=True, group="secrets")
    def _look_up_secret(self, profile: Profile | ProfileView) -> None:
        secrets = self.app.secrets
        found = secrets.find(profile)
        available = secrets.keyring_available
        status = secrets.keyring_status
        self.app.call_from_thread(self._secret_found, profile, found, available, status)

    def _secret_found(
        self, profile: Profile | ProfileView, found: Any, available: bool, status: str
    ) -> None:
        # Whether a keyring works is the machine's, whatever the profile: without one the
        # box is unticked and out of reach, and the note says why.
        try:
            remember = self.query_one("#remember", Checkbox)
            note = self.query_one("#keyring-note", Static)
        except NoMatches:  # the probe outlived the form: the desk quit right after the paint
            return
        note.update("" if available else Text(status))
        note.set_class(not available, "-warning")
        if not available:
            remember.value = False
            remember.disabled = True
        # Looked up for the preview's view of a profile, or for the profile itself; the form
        # may show another one by now (or the one logged in with, other than the file's).
        if view_of(profile) != view_of(self.chosen):
            return
        remember.disabled = not available
        remember.value = available and str(getattr(found, "source", None)) == "keyring"
        if found is not None and not self._secret_typed:
            with self.prevent(Input.Changed):
                self.field("client-secret").value = found.value
            self._select_prefilled_secret()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.field("client-secret").input:
            # After the refresh: on the terminal's focus coming back, the input's own focus
            # handling ran after this and left the cursor where it was.
            self.call_after_refresh(self._select_prefilled_secret)

    def _select_prefilled_secret(self) -> None:
        """A secret the form filled in (not typed) is selected while its field has the
        focus, however it got it (shown, Tab, the terminal's focus back, filled later from
        the keyring): typing replaces it, at the first login as on "Log in again"."""
        secret = self.field("client-secret").input
        if secret.has_focus and not self._secret_typed:
            secret.select_all()

    @on(Input.Changed, "#client-secret-input")
    def _secret_edited(self) -> None:
        self._secret_typed = True

    def field(self, name: str) -> Field:
        return self.query_one(f"#{name}", Field)

    # -- logging in ------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#log-in, #retry")
    def action_log_in(self) -> None:
        if self.app.gateway.in_flight(self, self._logged_in):
            return
        prepared = self._prepare()
        if prepared is None:
            return
        profile, credentials = prepared
        self.query_one(ErrorBanner).clear()
        self._set_retry(False)
        if self.app.gateway.login(self, profile, credentials, self._logged_in,
                                  self._login_failed, on_abandon=self._login_abandoned):
            self._set_busy(_("Logging in to {target}…").format(target=target_of(profile)))

    def _prepare(self) -> tuple[Profile, Any] | None:
        chosen = self.chosen
        values = {
            "client_id": self.field("client-id").value.strip(),
            "partner_id": self.field("partner-id").value.strip(),
        }
        if not chosen.is_sandbox:
            values["base_url"] = self.field("base-url").value.strip()
        secret = self.field("client-secret").value
        missing = False
        for name, value in (("client-id", values["client_id"]), ("client-secret", secret),
                            ("partner-id", values["partner_id"])):
            if not value:
                self.field(name).show_error(
                    _("{field} is required").format(field=self.field(name).label)
                )
                missing = True
        if missing:
            return None
        from wallet_tui.config.profiles import Profile, problems

        try:
            profile = Profile.model_validate({**chosen.model_dump(), **values})
        except ValueError as error:
            # By the field the rule names, not by its words: they are in the desk's language.
            field, sentence = problems(error)[0]
            fields = {"base_url": "base-url", "client_id": "client-id", "partner_id": "partner-id"}
            if field in fields:
                self.field(fields[field]).show_error(str(sentence))
            else:
                self.query_one(ErrorBanner).show_text(str(sentence))
            return None
        from wallet_tui.client import Credentials

        return profile, Credentials(
            client_id=profile.client_id, client_secret=secret, partner_id=profile.partner_id
        )

    def action_stop_waiting(self) -> None:
        if self.app.gateway.in_flight(self, self._logged_in):
            self.app.gateway.abandon(self, self._logged_in)
        elif self._leavable:
            self.dismiss(None)  # still logged in as before

    def _logged_in(self, _token: "TokenResponse") -> None:
        self._set_busy(None)
        profile = self.app.gateway.profile
        if self.query_one("#remember", Checkbox).value and profile is not None:
            secret = self.field("client-secret").value
            if not self.app.secrets.remember(profile, secret):
                self.app.notify(self.app.secrets.problem or _("The secret was not remembered."),
                                title=_("Keyring"), severity="warning", timeout=10)
        if self.app.screen_stack[0] is self:  # the default screen: nothing to go back to
            self.app.first_login_done(profile)
        else:
            self.dismiss(profile)

    def _login_failed(self, error: Exception) -> None:
        self._set_busy(None)
        banner = self.query_one(ErrorBanner)
        self.call_after_refresh(banner.scroll_visible, animate=False)
        if isinstance(error, ApiError) and error.error_name == ErrorName.INVALID_CLIENT:
            banner.show(error)
            self.field("client-secret").input.focus()
            return
        if isinstance(error, ApiError) and error.field_problems:
            from ..widgets.form import show_api_field_errors

            show_api_field_errors(self, error)
        banner.show(error)
        if type(error).__name__ in ("ServerUnreachable", "NoAnswer", "OutcomeUnknown") or (
            isinstance(error, ApiError) and error.http_status >= 500
        ):
            self._set_retry(True)

    def _login_abandoned(self, _idempotency_key: str | None) -> None:
        self._set_busy(None)
        self.query_one(ErrorBanner).show_text(_("Stopped waiting for the login."))
        self._set_retry(True)

    def _set_busy(self, text: str | None) -> None:
        busy = self.query_one("#busy", Static)
        busy.update(
            Text.assemble((text, "bold"), ("   " + _("Esc stops waiting"), "dim")) if text else ""
        )
        self.set_class(text is not None, "-busy")
        self.query_one("#log-in", Button).disabled = text is not None

    def _set_retry(self, shown: bool) -> None:
        self.set_class(shown, "-can-retry")
        if shown:
            self.query_one("#retry", Button).focus()

    def show_session_lost(self, reason: str) -> None:
        note = self.query_one("#session-note", Static)
        note.update(Text(
            _("The session ended ({reason}). Log in again: the other screens keep what "
              "you typed.").format(reason=reason)
        ))
        self.add_class("-session-lost")

    # -- profiles --------------------------------------------------------------------------

    @on(Button.Pressed, "#profiles")
    def action_edit_profiles(self) -> None:
        from .profile_editor import ProfileEditorScreen

        self.app.push_screen(ProfileEditorScreen(self.chosen.name), callback=self._profiles_edited)

    def profiles_reloaded(self) -> None:
        """The app validated the config file after the first paint and found it other
        than drawn (it changed meanwhile): offer what was loaded."""
        self._profiles_edited(None)

    def _profiles_edited(self, chosen: str | None) -> None:
        select = self.query_one("#profile", Select)
        profiles = self.app.settings.profiles
        select.set_options([(self._profile_label(p), p.name) for p in profiles.values()])
        name = chosen if chosen in profiles else self.app.profile.name
        if name not in profiles:
            name = next(iter(profiles))
        select.value = name
        self._fill_from(profiles[name])


def production_warning() -> Text:
    from ..production import PRODUCTION_MARK

    return Text.assemble(
        (f" {_(PRODUCTION_MARK)} ", "bold reverse"), " ",
        _("This profile moves real money: every screen will be framed in red, amounts typed "
          "twice, and the desk locks when left idle."),
    )


def form_values(profile: Profile | ProfileView) -> dict[str, str]:
    """The form's fields for a profile. The secret from the cheap sources only (environment,
    demo secret); the keyring is asked after the first paint, in a thread: a keyring
    backend may sit on D-Bus for a while."""
    return {
        "base-url": profile.base_url or "",
        "client-id": profile.client_id,
        "client-secret": quick_secret(profile) or "",
        "partner-id": profile.partner_id,
    }


def quick_secret(profile: Profile | ProfileView) -> str | None:
    """The secret from the environment or the published demo one, without the keyring."""
    import os

    from wallet_tui.config.paths import ENV_CLIENT_SECRET
    from wallet_tui.protocol import wire

    if os.environ.get(ENV_CLIENT_SECRET):
        return os.environ[ENV_CLIENT_SECRET]
    demo = {wire.DEMO_CLIENT_ID: wire.DEMO_CLIENT_SECRET,
            wire.OTHER_CLIENT_ID: wire.OTHER_CLIENT_SECRET}
    return demo.get(profile.client_id) if profile.is_sandbox else None


def target_of(profile: Profile | ProfileView) -> str:
    return _(SANDBOX_TARGET) if profile.is_sandbox else (profile.base_url or profile.name)

"""Add, edit and remove connection profiles; the config room's validation messages are
shown under the fields they are about, in the desk's language (they are its sentences)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wallet_tui.ui.widgets.labelled import Button, Checkbox, Select
from wallet_tui.config.profile_rules import (
    PRODUCTION_ENVIRONMENT,
    SANDBOX_ENVIRONMENT,
    TEST_ENVIRONMENT,
)
from wallet_tui.config.profiles import (
    REMOTE,
    SANDBOX,
    SANDBOX_PROFILE_NAME,
    Profile,
    ProfileError,
    problems,
)

from ..i18n import N_, _
from ..widgets.footer import Footer
from ..widgets.header import DeskHeader
from ..widgets.form import ErrorBanner, Field

if TYPE_CHECKING:
    from ..app import WalletApp

NEW = "\x00new"  # the option id of "new profile": no profile name can hold a NUL

TEXT_FIELDS = ("name", "base_url", "client_id", "partner_id", "timeout_seconds", "ca_bundle")


class ProfileEditorScreen(Screen[str | None]):
    """Dismisses with the name of the profile last selected (or None)."""

    TITLE = N_("Profiles")
    SCREEN_NAME = "profiles"
    CSS_PATH = "profile_editor.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"),
            id="profiles.save", tooltip=N_("Save the profile")),
        Binding("ctrl+n", "new", N_("New"),
            id="profiles.new", tooltip=N_("Start a new profile")),
        Binding("ctrl+r", "remove", N_("Remove"),
            id="profiles.remove", tooltip=N_("Remove the selected profile")),
        Binding("escape", "back", N_("Back"),
            id="profiles.back", tooltip=N_("Back to the login")),
    ]

    app: "WalletApp"

    def __init__(self, selected: str | None = None) -> None:
        super().__init__()
        self._selected = selected
        self._editing: str | None = selected  # None: a new profile

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="profiles-body"):
            with Vertical(id="profile-list-box"):
                yield OptionList(id="profile-list")
                yield Static("", id="default-note")
            with VerticalScroll(id="profile-form"):
                yield Field(_("name"), id="name", wire_name="name")
                with Horizontal(classes="row"):
                    yield Static(_("kind"), classes="row--label")
                    yield Select([(_("remote (over the network)"), REMOTE),
                                  (_("sandbox (embedded)"), SANDBOX)],
                                 value=REMOTE, allow_blank=False, id="kind")
                with Horizontal(classes="row"):
                    yield Static(_("environment"), classes="row--label")
                    yield Select([(_("production (real money)"), PRODUCTION_ENVIRONMENT),
                                  (_("test (the provider's test host)"), TEST_ENVIRONMENT),
                                  (_("sandbox (no real money)"), SANDBOX_ENVIRONMENT)],
                                 value=PRODUCTION_ENVIRONMENT, allow_blank=False,
                                 id="environment")
                yield Field(_("base URL"), id="base_url", wire_name="base_url",
                            placeholder="https://api.example.ru")
                yield Field("clientId", id="client_id", wire_name="client_id")
                yield Field("partnerId", id="partner_id", wire_name="partner_id")
                yield Field(_("timeout, s"), id="timeout_seconds", wire_name="timeout_seconds")
                yield Field(_("CA bundle"), id="ca_bundle", wire_name="ca_bundle",
                            placeholder=_("(system certificates)"))
                yield Checkbox(_("allow plain http:// to a loopback test server"),
                               id="allow_plain_http")
                with Horizontal(id="profile-buttons"):
                    yield Button(_("Save"), id="save", variant="primary", compact=True)
                    yield Button(_("New"), id="new", compact=True)
                    yield Button(_("Remove"), id="remove", variant="error", compact=True)
                    yield Button(_("Make default"), id="make-default", compact=True)
                yield ErrorBanner(id="profile-error")
        yield Footer()

    def on_mount(self) -> None:
        self._reload_list(self._selected)

    # -- list ------------------------------------------------------------------------------

    @property
    def settings(self) -> Any:
        return self.app.settings

    def _reload_list(self, select: str | None) -> None:
        options = self.query_one("#profile-list", OptionList)
        options.clear_options()
        for profile in self.settings.profiles.values():
            mark = " ★" if profile.name == self.settings.default_profile else ""
            options.add_option(Option(f"{profile.name}{mark}", id=profile.name))
        options.add_option(Option(_("+ new profile"), id=NEW))
        self.query_one("#default-note", Static).update(
            Text(_("★ default: {name}").format(name=self.settings.default_profile), style="dim")
        )
        name = select if select in self.settings.profiles else None
        index = list(self.settings.profiles).index(name) if name else len(self.settings.profiles)
        options.highlighted = index
        self._show(name)

    @on(OptionList.OptionHighlighted, "#profile-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = event.option.id
        self._show(None if chosen == NEW else chosen)

    def _show(self, name: str | None) -> None:
        self._editing = name
        if name is not None:
            self._selected = name
        profile = self.settings.profiles.get(name) if name else None
        values: dict[str, Any] = profile.model_dump() if profile else {
            "name": "", "kind": REMOTE, "base_url": "", "client_id": "", "partner_id": "",
            "timeout_seconds": 15.0, "ca_bundle": None, "verify_tls": True,
            "allow_plain_http": False,
        }
        for key in TEXT_FIELDS:
            value = values.get(key)
            text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            field = self.query_one(f"#{key}", Field)
            field.value = text
            field.clear_error()
        self.query_one("#kind", Select).value = values["kind"]
        # A new profile starts as production: saying "test" is the operator's decision.
        self.query_one("#environment", Select).value = (
            profile.effective_environment if profile else PRODUCTION_ENVIRONMENT
        )
        self.query_one("#allow_plain_http", Checkbox).value = bool(values["allow_plain_http"])
        is_sandbox = name == SANDBOX_PROFILE_NAME
        self.query_one("#name", Field).input.disabled = is_sandbox
        self.query_one("#kind", Select).disabled = is_sandbox
        self.query_one("#environment", Select).disabled = is_sandbox
        self.query_one("#remove", Button).disabled = name is None or is_sandbox
        self.query_one("#make-default", Button).disabled = name is None
        self.query_one(ErrorBanner).clear()
        self._kind_changed(values["kind"])

    @on(Select.Changed, "#kind")
    def _kind_select_changed(self, event: Select.Changed) -> None:
        self._kind_changed(str(event.value))

    def _kind_changed(self, kind: str) -> None:
        self.set_class(kind == SANDBOX, "-sandbox")

    # -- saving ----------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: self.query_one(f"#{key}", Field).value.strip()
                                  for key in TEXT_FIELDS}
        values["kind"] = str(self.query_one("#kind", Select).value)
        values["environment"] = str(self.query_one("#environment", Select).value)
        values["verify_tls"] = True  # never off: a CA bundle is the way to trust a server
        values["allow_plain_http"] = self.query_one("#allow_plain_http", Checkbox).value
        if values["kind"] == SANDBOX:
            values["base_url"] = None
        values["ca_bundle"] = values["ca_bundle"] or None
        timeout = values["timeout_seconds"].replace(",", ".")
        try:
            values["timeout_seconds"] = float(timeout) if timeout else 15.0
        except ValueError:
            values["timeout_seconds"] = timeout  # let the model say what is wrong
        return values

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        for key in TEXT_FIELDS:
            self.query_one(f"#{key}", Field).clear_error()
        banner = self.query_one(ErrorBanner)
        banner.clear()
        # What the form does not show (a [paths] table, check_wallets) is kept as it was.
        kept = (self.settings.profile(self._editing).model_dump()
                if self._editing is not None else {})
        try:
            profile = Profile.model_validate({**kept, **self._values()})
        except ValueError as error:
            self._show_validation(error)
            return
        try:
            if self._editing is None:
                self.settings.add_profile(profile)
            else:
                if profile.name != self._editing:
                    old = self.settings.profile(self._editing)
                    self.settings.rename_profile(self._editing, profile.name)
                    self._move_remembered(old, profile)
                self.settings.replace_profile(profile)
        except (ProfileError, ValueError) as error:
            banner.show_text(str(error))
            return
        if self._editing is not None:
            self._follow_in_app(self._editing, profile)
        if self.app.save_settings():
            self.app.notify(_("Profile {name} saved.").format(name=repr(profile.name)), timeout=4)
        self._reload_list(profile.name)

    def _show_validation(self, error: Exception) -> None:
        unplaced: list[str] = []
        for key, sentence in problems(error):
            if key in TEXT_FIELDS:
                self.query_one(f"#{key}", Field).show_error(str(sentence))
            else:
                unplaced.append(str(sentence))
        if unplaced:
            self.query_one(ErrorBanner).show_text("\n".join(unplaced))

    def _move_remembered(self, old: Profile, new: Profile) -> None:
        """A rename takes the remembered secret and the recent wallets along."""
        paths = self.app.paths

        def move() -> None:
            from wallet_tui.config.cache import RecentWallets

            self.app.secrets.move(old, new)
            RecentWallets(paths=paths).rename_profile(old.name, new.name)

        self.run_worker(move, thread=True, group="secrets")

    def _follow_in_app(self, old_name: str, edited: Profile) -> None:
        """The app's profile is the one logged in with. Renamed, it goes by the new name at
        once (the status line, the last profile saved, recent wallets); its other values
        wait for the next login, which connects with them. Before a login it is simply the
        profile the desk starts on, so it takes the edit whole."""
        app = self.app
        if app.profile.name != old_name:
            return
        if app.logged_in:
            if edited.name == old_name:
                return
            app.profile = app.profile.model_copy(update={"name": edited.name})
        else:
            app.profile = edited
        app.update_status()

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        options = self.query_one("#profile-list", OptionList)
        options.highlighted = options.option_count - 1
        self._show(None)
        self.query_one("#name", Field).input.focus()

    @on(Button.Pressed, "#remove")
    def action_remove(self) -> None:
        if self._editing is None:
            return
        try:
            removed = self.settings.remove_profile(self._editing)
        except ProfileError as error:
            self.query_one(ErrorBanner).show_text(str(error))
            return
        self.run_worker(lambda: self.app.secrets.forget(removed), thread=True, group="secrets")
        if self.app.save_settings():
            self.app.notify(_("Profile {name} removed.").format(name=repr(removed.name)),
                            timeout=4)
        self._selected = self.settings.default_profile
        self._reload_list(self._selected)

    @on(Button.Pressed, "#make-default")
    def action_make_default(self) -> None:
        if self._editing is None:
            return
        self.settings.set_default(self._editing)
        self.app.save_settings()
        self._reload_list(self._editing)

    def action_back(self) -> None:
        self.dismiss(self._selected)


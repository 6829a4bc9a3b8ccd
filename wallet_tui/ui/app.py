"""The app shell: login first, then one mode per operation screen (F2–F7); the exchange
inspector beside any screen (F9), the command palette (Ctrl+P) and the status line are
parts of the app kept in modules of their own (see `WalletApp`).

The app never imports the sandbox nor, before the first login, the HTTP client: it is handed
`connect(profile) -> WalletClient` by cli.py, and screens are imported when first shown."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakSet

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from wallet_tui.config import ConfigStore, UnknownProfileError, effective_language
from wallet_tui.protocol.sentence import speak_through

from . import screens as registry
from .appearance import DEFAULT_THEME, Appearance
from .commands import DeskCommands
from .gateway import Gateway
from .i18n import N_, _, current_language, format_money, ngettext, set_language
from .inspector_host import WIDE_COLUMNS, InspectorHosting
from .key_order import KeyOrder
from .messages import SessionLost
from .preferences import Preferences
from .production import IDLE_CHECK_SECONDS, IdleWatch, ProductionDesk
from .session_files import SessionFiles
from .status_line import StatusLine

if TYPE_CHECKING:
    from textual.timer import Timer

    from wallet_tui.client import WalletClient
    from wallet_tui.config import AppPaths, ConfigPreview, Profile, ProfileView, SecretStore
    from wallet_tui.config import Settings
    from wallet_tui.protocol import Wallet

    from .garbage import GarbageSchedule

# Screens refused on production (ui/production.py): the guided demo moves money by itself.
SCREENS_NOT_ON_PRODUCTION = frozenset({"demo"})
# Between two screen modules imported ahead after the login (_import_screens_ahead).
IMPORT_AHEAD_SECONDS = 0.2
# What the lock screen (screens/production.py) keeps out of reach: nothing underneath it may
# be shown, switched to, saved or copied until it is unlocked.
ACTIONS_NOT_WHILE_LOCKED = frozenset({
    "show", "toggle_inspector", "command_palette", "login", "copy_exchange",
    "save_exchanges", "save_report", "change_theme",
})
SCREENS_GROUP = Binding.Group(N_("screens"), compact=False)


class WalletApp(
    InspectorHosting, SessionFiles, StatusLine, ProductionDesk, Preferences,
    Appearance, App[None],
):
    """The shell: start, login, the screens' modes, quitting. Its other parts, each a module
    of its own: themes and terminal (appearance.py), settings and secrets (preferences.py),
    the status line (status_line.py), production (production.py), the inspector
    (inspector_host.py), saved files (session_files.py), the palette (commands.py)."""

    # The login's stylesheet is loaded with the app's: a screen bringing a stylesheet of
    # its own makes Textual parse every stylesheet again as it is first shown. ascii.tcss
    # and few_colours.tcss join them, before the login's, where the terminal needs them
    # (appearance.py).
    CSS_PATH = ["app.tcss", "widgets/inspector.tcss", "screens/login.tcss"]
    TITLE = "wallet-tui"
    # The palette's entries, Textual's own among them in the desk's words (commands.py).
    COMMANDS = {DeskCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_COLUMNS, "-wide")]
    # Every binding has an id (a user's keymap names it, docs/config.md) and a tooltip (the
    # footer's and F1's help, help_screen.py).
    BINDINGS = [
        *(
            # One footer group: at 80 columns a label per screen would push the rest off.
            Binding(entry.key, f"show('{entry.name}')", entry.footer,
                    key_display=entry.key.upper(), group=SCREENS_GROUP,
                    id=f"app.show.{entry.name}", tooltip=entry.help)
            for entry in registry.SCREENS
        ),
        Binding("f9", "toggle_inspector", N_("Inspector"), key_display="F9",
                id="app.inspector", tooltip=N_("Show or hide every HTTP exchange of the session")),
        Binding("f1", "keys_help", N_("Keys"), show=False, id="app.help",
                tooltip=N_("The keys of the screen in sight, what each does")),
        Binding("ctrl+q", "quit", N_("Quit"), priority=True,
                id="app.quit", tooltip=N_("Quit the desk")),
    ]

    current_wallet: reactive[Wallet | None] = reactive(None)

    def __init__(
        self,
        connect: Callable[["Profile"], "WalletClient"],
        *,
        store: ConfigStore | None = None,
        secrets: "SecretStore | None" = None,
        profile_name: str | None = None,
        test_mode: bool = False,
        ascii: bool | None = None,
        few_colours: bool | None = None,
    ) -> None:
        super().__init__()
        self.test_mode = test_mode
        self._use_terminal(ascii, few_colours)
        self.store = store or ConfigStore()
        self.paths: AppPaths = self.store.paths
        self.gateway = Gateway(self, connect, self.paths.prepare_exchange_logs_dir)
        self._secrets = secrets
        self._profile_name = profile_name
        self._settings: Settings | None = None
        self._profile: Profile | None = None
        # The login is first drawn from a quick reading of the config file; pydantic
        # validates it right after the first paint (`_load_after_paint`).
        self._preview: ConfigPreview | None = self.store.preview()
        self._start_view: ProfileView | None = None
        if self._preview is not None:
            try:
                self._start_view = self._preview.start_profile(profile_name)
            except UnknownProfileError:
                self._preview = None
        if self._preview is None:
            self._load_settings()  # the preview cannot vouch for the file; may raise
        self._theme_saved = True
        # Work that can wait until the login is on the screen (run_app opens the log file).
        self.after_first_paint: list[Callable[[], object]] = []
        # The config room's and the demo's sentences are read in the desk's language too.
        speak_through(_, format_money, ngettext)
        # Before the first screen is composed. Tests see English unless they ask.
        if test_mode:
            set_language(self.config_view.language or "en")
        else:
            set_language(effective_language(self.config_view))
        self.logged_in = False
        # Production: the time since the last key or click (ui/production.py); tests move
        # `idle_watch.clock` instead of waiting.
        self.idle_watch = IdleWatch()
        self._idle_timer: Timer | None = None  # started by the first production login
        # SIGHUP and SIGTERM end the desk through App.exit (leaving.py); run_app sets it, so
        # tests in the same process as the app keep their own signal handling.
        self.ends_on_signals = False
        # Every screen shown so far: a language switch draws their texts again.
        self._screens_seen: WeakSet[Screen] = WeakSet()
        self.key_order = KeyOrder(self)
        # The modes added so far: one per screen, made when first shown (`_switch_to`).
        self.screen_modes: set[str] = set()
        self.last_saved_exchanges: Path | None = None
        # When garbage is collected (garbage.py): cli.run_app sets it for the real desk;
        # tests share one process, so they leave Python's collector as it is.
        self.garbage: GarbageSchedule | None = None
        self.last_saved_report: Path | None = None
        self._theme_problems = self._register_themes()
        if test_mode:
            # Deterministic pictures: a fixed theme; timers are stilled per screen.
            self.start_in_theme(DEFAULT_THEME)
        else:
            self._use_saved_theme(starting=True)
        self.update_status()  # the login's header shows it from the first paint

    # -- start -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # The first login is the default screen itself. Pushed over a blank one, it came a
        # tenth of a second later, in two passes (a frame without its inputs first). After
        # the login the desk switches to the screens' modes; this one stays underneath.
        from .screens.login import LoginScreen

        return LoginScreen()

    def on_mount(self) -> None:
        if self.ends_on_signals:
            from .leaving import end_on_signals

            end_on_signals(self)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for problem in self._theme_problems:
            self.notify(problem, title=_("Theme"), severity="warning", timeout=10)
        self._screen_changed(self.screen)  # the login, shown before the signal was watched
        self.call_after_refresh(self._load_after_paint)
        if not self.test_mode:
            self.set_interval(1.0, self.update_status)

    def first_login_done(self, profile: "Profile") -> None:
        """The first login, the default screen, is not dismissed: the desk moves on."""
        self._logged_in_as(profile)
        if not (registry.is_available("lookup") and self._switch_to("lookup")):
            self._show_home()
        self.call_later(self.show_open_operations)
        self.set_timer(IMPORT_AHEAD_SECONDS, self._import_screens_ahead)

    def _import_screens_ahead(self) -> None:
        """Imports the next screen module not imported yet, one a tick, while the operator
        reads the first screen: a screen's first showing then builds it without importing it
        too (about half of a first showing's 110 ms, issue 15). Lazy until the login, so the
        first frame waits for none of them."""
        for entry in registry.SCREENS:
            if entry.module not in sys.modules and registry.is_available(entry.name):
                importlib.import_module(entry.module)
                self.set_timer(IMPORT_AHEAD_SECONDS, self._import_screens_ahead)
                return

    def show_open_operations(self) -> None:
        """After a login: the journal's operations left open by an earlier run come first,
        over the lookup (screens/open_operations.py). Those sent in this run are left to the
        screens that sent them, which say their outcome is unknown and retry them."""
        from wallet_tui.journal import JournalError

        from .screens.open_operations import OpenOperationsScreen

        journal = self.gateway.journal
        if journal is None or isinstance(self.screen, OpenOperationsScreen):
            return
        this_run = self.gateway.sent_this_run
        try:
            entries = [e for e in journal.open_entries() if e.key not in this_run]
        except OSError as error:
            self.notify(str(error), title=_("Journal"), severity="error", timeout=15)
            return
        if entries:
            self.push_screen(OpenOperationsScreen(journal, entries))

    async def action_quit(self) -> None:
        """Ctrl+Q: at once, unless a money operation is in flight: then the desk asks
        first, saying it stays open in the journal (leaving.py). Ctrl+Q again quits."""
        from .leaving import QuitModal

        entries = self.gateway.entries_in_flight()
        if isinstance(self.screen, QuitModal):
            self.exit()
            return
        if not entries:
            self.quit_offering_report()
            return
        self.push_screen(QuitModal(entries),
                         lambda quit: self.quit_offering_report() if quit else None)


    def _logged_in_as(self, profile: "Profile") -> None:
        self.logged_in = True
        if (profile.name, profile.partner_id) != (self.profile.name, self.profile.partner_id):
            self.current_wallet = None  # another partner's wallet is not to be shown
        self.profile = profile
        if profile.is_production:
            self.idle_watch.touch()  # the idle time counts from the login
            if self._idle_timer is None:
                self._idle_timer = self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle)
        if self.settings.last_profile != profile.name and profile.name in self.settings.profiles:
            self.settings.last_profile = profile.name
            self.save_settings()
        self.update_status()
        self.refresh_bindings()

    # -- session ---------------------------------------------------------------------------

    def on_session_lost(self, message: SessionLost) -> None:
        from .screens.login import LoginScreen

        if isinstance(self.screen, LoginScreen):
            self.screen.show_session_lost(message.reason)
            return
        self.logged_in = False
        self.update_status()
        # Pushed over the current screen, so every screen keeps what was typed in it.
        self.push_screen(LoginScreen(session_lost=message.reason), callback=self._relogin_done)

    def _relogin_done(self, profile: "Profile | None") -> None:
        if profile is not None:
            self._logged_in_as(profile)
            self.call_later(self.show_open_operations)

    # -- screens ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action in ACTIONS_NOT_WHILE_LOCKED:
            return False
        if action == "show":
            name = str(parameters[0]) if parameters else ""
            if not registry.is_available(name):
                return False
            # Hidden under the login screen; shown everywhere else once logged in.
            return self.logged_in and not self._login_showing()
        return True

    def _login_showing(self) -> bool:
        from .screens.login import LoginScreen

        return isinstance(self.screen, LoginScreen)

    def _show_home(self) -> None:
        from .screens.home import HomeScreen

        if "home" not in self.screen_modes:
            self.add_mode("home", HomeScreen)
            self.screen_modes.add("home")
        self.switch_mode("home")

    def action_show(self, name: str) -> bool:
        """Shows the screen `name` (its mode); False if it cannot be shown now."""
        if not registry.is_available(name) or not self.logged_in or self._login_showing():
            return False
        if name in SCREENS_NOT_ON_PRODUCTION and self.is_production:
            self.notify(_("Refused on production: the guided demo registers wallets and "
                          "moves money of its own. Rehearse it on the sandbox."),
                        title=_("Production"), severity="warning", timeout=8)
            return False
        return self._switch_to(name)

    def _switch_to(self, name: str) -> bool:
        if not registry.is_available(name):
            return False
        if name not in self.screen_modes:
            try:
                screen = registry.screen_class(name)()
            except Exception as error:  # a broken screen must not take the desk down
                self.log.error(f"screen {name!r} failed to start: {error!r}")
                self.notify(_("The {name} screen failed to start: {error}").format(
                                name=name, error=error),
                            title=_("Screen error"), severity="error", timeout=10)
                return False
            self.add_mode(name, lambda: screen)
            self.screen_modes.add(name)
            if self.garbage is not None:
                self.call_after_refresh(self.garbage.screen_built)
        if self.current_mode != name:
            self.switch_mode(name)
        return True

    def breakpoint_classes(self) -> dict[str, bool]:
        """The classes Textual gives a screen for the terminal's width, known before the
        first resize: a screen that takes them before its children mount styles them once."""
        width = self.size.width
        reached = [point for point in self.HORIZONTAL_BREAKPOINTS if width >= point[0]]
        chosen = max(reached, default=None)
        return {name: (at, name) == chosen for at, name in self.HORIZONTAL_BREAKPOINTS}

    def _screen_changed(self, screen: Screen) -> None:
        self._screens_seen.add(screen)
        title = type(screen).TITLE
        if title:
            screen.title = _(title)
        self._frame_screen(screen)
        if self.test_mode:
            quiet_timers(screen)
        self._inspector_on_arrival(screen)
        self.update_status()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    # -- language ----------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.idle_watch.touch()
        if isinstance(event, events.Key) and not event.is_forwarded:
            # One key in flight: a burst is handled as if typed slowly (key_order.py).
            await self.key_order.key(event, super().on_event)
            return
        await super().on_event(event)

    def choose_language(self, language: str) -> None:
        """The palette's "Язык: русский" / "Language: English": every screen shown so far
        draws its texts again in `language`, in place (retranslate.py): nothing is composed
        again, so what was typed, chosen, focused or shown stays. The choice is saved."""
        from .retranslate import retranslate

        changed = language != current_language()
        set_language(language)
        if self.settings.language != language:
            self.settings.language = language  # type: ignore[assignment]
            self.save_settings()
        if not changed:
            return
        retranslate(list(self._screens_seen))
        for screen in self.screen_stack:
            self._frame_screen(screen)
        self.update_status()
        self.refresh_bindings()
        self.notify(_("The interface is now in English."), timeout=4)

    def action_login(self) -> None:
        from .screens.login import LoginScreen

        if not self._login_showing():
            self.push_screen(LoginScreen(leavable=self.logged_in), callback=self._relogin_done)

    def action_keys_help(self) -> None:
        """F1: the keys of the screen in sight, from its bindings' tooltips."""
        from .help_screen import KeysHelp

        if not isinstance(self.screen, KeysHelp):
            self.push_screen(KeysHelp(self.screen))

    def watch_app_focus(self, focus: bool) -> None:
        # In a browser (textual-serve) the page can lose focus before the first screen's
        # AUTO_FOCUS lands; Textual then has nothing to give focus back to, and Enter on the
        # login would go nowhere. Give it to the screen's usual field instead.
        if not focus or self.screen.focused is not None:
            return
        selector = getattr(self.screen, "AUTO_FOCUS", None)
        if not selector:
            return
        for widget in self.screen.query(selector):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                break

    async def on_unmount(self) -> None:
        # However the app ends (Ctrl+Q, a crash, a test's end): close the clients, and with
        # them the in-process sandbox's lifespan.
        await self.gateway.aclose()


def quiet_timers(screen: Screen) -> None:
    """Test mode: stop the cursor blink and the button flash, which make pictures flaky."""
    from textual.widgets import Button, Input

    for field in screen.query(Input):
        field.cursor_blink = False
    for button in screen.query(Button):
        button.active_effect_duration = 0


"""The app shell: login first, then one mode per operation screen (F2–F7), the exchange
inspector beside any screen (F9), the command palette (Ctrl+P) and the status line.

The app never imports the sandbox nor, before the first login, the HTTP client: it is handed
`connect(profile) -> WalletClient` by cli.py, and screens are imported when first shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from wallet_tui.config import ConfigError, ConfigStore, UnknownProfileError, effective_language
from wallet_tui.protocol.sentence import speak_through

from . import screens as registry
from .gateway import Gateway
from .key_order import KeyOrder
from .i18n import (
    LANGUAGE_COMMANDS, LANGUAGES, N_, _, current_language, format_money, ngettext,
    set_language,
)
from .messages import ExchangeRecorded, SessionLost
from .production import IDLE_CHECK_SECONDS, PRODUCTION_CLASS, IdleWatch, frame_title
from .stylesheet_cache import CACHE_NAME, CachedStylesheet, ParsedRules

if TYPE_CHECKING:
    from wallet_tui.client import WalletClient
    from wallet_tui.config import (
        AppPaths,
        ConfigPreview,
        Profile,
        ProfileView,
        SecretStore,
        Settings,
    )
    from textual.content import Content
    from textual.theme import Theme
    from textual.timer import Timer

    from wallet_tui.protocol import Wallet

DEFAULT_THEME = "wallet-dark"
# Screens refused on production (ui/production.py): the guided demo moves money by itself.
SCREENS_NOT_ON_PRODUCTION = frozenset({"demo"})
# What the lock screen (screens/production.py) keeps out of reach: nothing underneath it may
# be shown, switched to, saved or copied until it is unlocked.
ACTIONS_NOT_WHILE_LOCKED = frozenset({
    "show", "toggle_inspector", "command_palette", "login", "copy_exchange",
    "save_exchanges", "save_report", "change_theme",
})
WIDE_COLUMNS = 110  # from here on the inspector sits beside the screen, not over it
SCREENS_GROUP = Binding.Group(N_("screens"), compact=False)
# Textual's own palette entries, for the catalogue (shown through `_()`).
TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


class WalletApp(App[None]):
    # The login's stylesheet is loaded with the app's: a screen bringing a stylesheet of
    # its own makes Textual parse every stylesheet again as it is first shown.
    CSS_PATH = [
        "app.tcss", "widgets/inspector.tcss", "ascii.tcss", "few_colours.tcss",
        "screens/login.tcss",
    ]
    TITLE = "wallet-tui"
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
        self._use_stylesheet_cache()
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
        self.last_saved_exchanges: Path | None = None
        # Session exchange counts at which gc.freeze() runs (cli.freeze_after_warm_up sets
        # them for the real desk; tests share one process, so they freeze nothing).
        self.freeze_garbage_at: tuple[int, ...] = ()
        self.last_saved_report: Path | None = None
        self._theme_problems = self._register_themes()
        if test_mode:
            # Deterministic pictures: a fixed theme; timers are stilled per screen.
            self.theme = DEFAULT_THEME
        else:
            self._use_saved_theme()
        self.update_status()  # the login's header shows it from the first paint

    def _use_stylesheet_cache(self) -> None:
        self.stylesheet = CachedStylesheet(
            variables=self.stylesheet._variables,
            parsed_rules=ParsedRules(self.paths.cache_dir / CACHE_NAME),
        )

    def save_stylesheet_cache(self) -> None:
        """Keep what this run parsed for the next start (see stylesheet_cache.py)."""
        stylesheet = self.stylesheet
        if isinstance(stylesheet, CachedStylesheet):
            stylesheet.parsed_rules.save()

    # -- themes ----------------------------------------------------------------------------

    def _register_themes(self) -> list[str]:
        from .themes import shipped_themes, user_themes

        for theme in shipped_themes():
            self.register_theme(theme)
        loaded = user_themes(self.paths.themes_dir)
        for theme in loaded.themes:
            self.register_theme(theme)
        return loaded.problems

    def _use_saved_theme(self) -> None:
        wanted = self.config_view.theme or DEFAULT_THEME
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.theme = DEFAULT_THEME
            self._theme_problems.append(
                _("The theme {wanted} is not available any more; using {default}.").format(
                    wanted=repr(wanted), default=DEFAULT_THEME
                )
            )

    def _theme_changed(self, theme: "Theme") -> None:
        if self._theme_saved and self.settings.theme != theme.name:
            self.settings.theme = theme.name
            self.save_settings()

    # -- what the terminal shows: ASCII only, few colours (terminal.py) ---------------------------

    def _use_terminal(self, ascii: bool | None, few_colours: bool | None) -> None:
        """None: as the terminal says (TERM, the colours rich found, NO_COLOR). In test mode
        TERM is not asked, so pictures do not depend on where the tests run."""
        import os

        from .terminal import AsciiFilter, TerminalTraits, detect_traits

        if self.test_mode:
            self.terminal = TerminalTraits(
                ascii=bool(ascii), few_colours=self.no_color if few_colours is None else few_colours
            )
        else:
            found = detect_traits(os.environ.get("TERM", ""), self.console.color_system,
                                  no_color=self.no_color, ascii=ascii)
            self.terminal = TerminalTraits(
                ascii=found.ascii,
                few_colours=found.few_colours if few_colours is None else few_colours,
            )
        self.ascii_filter = AsciiFilter(enabled=self.terminal.ascii)
        self.set_class(self.terminal.ascii, "-ascii")
        self.set_class(self.terminal.few_colours, "-few-colours")
        self.set_class(self.no_color, "-no-color")  # the production frame's own greys
        if self.terminal.ascii or self.terminal.few_colours:
            self.stylesheet.set_variables(self.get_css_variables())

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        terminal = getattr(self, "terminal", None)  # None while App.__init__ runs
        if terminal is not None:
            from .terminal import terminal_variables

            variables.update(terminal_variables(variables, terminal))
        return variables

    def get_line_filters(self) -> list[Any]:
        filters = list(super().get_line_filters())
        if self.terminal.ascii:
            filters.append(self.ascii_filter)
        return filters

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        if self.terminal.ascii:
            from .terminal import ascii_key

            return ascii_key(display)
        return display

    # -- secrets are loaded lazily: importing keyring costs a tenth of a second ----------------

    @property
    def secrets(self) -> "SecretStore":
        if self._secrets is None:
            from wallet_tui.config import SecretStore

            self._secrets = SecretStore()
        return self._secrets

    # -- settings: drawn from the preview first, validated after the first paint ------------

    @property
    def settings(self) -> "Settings":
        if self._settings is None:
            self._load_settings()
        assert self._settings is not None
        return self._settings

    @property
    def profile(self) -> "Profile":
        """The profile in use (the one logged in with, once logged in)."""
        if self._profile is None:
            self._load_settings()
        assert self._profile is not None
        return self._profile

    @profile.setter
    def profile(self, profile: "Profile") -> None:
        self._profile = profile

    @property
    def config_view(self) -> "Settings | ConfigPreview":
        """Profiles and preferences to draw: the settings once loaded, the preview before."""
        if self._settings is not None:
            return self._settings
        assert self._preview is not None
        return self._preview

    @property
    def profile_view(self) -> "Profile | ProfileView":
        if self._profile is not None:
            return self._profile
        assert self._start_view is not None
        return self._start_view

    def _load_settings(self) -> None:
        from wallet_tui.config import active_profile

        settings = self.store.load()
        try:
            profile = active_profile(settings, self._profile_name)
        except UnknownProfileError:
            if self._preview is None:
                raise
            # The file changed since the preview and the desk is up: start on the profile
            # the file chooses rather than fail.
            profile = active_profile(settings)
        self._settings, self._profile = settings, profile
        if settings.inspector_window is not None:
            self.gateway.set_exchange_window(settings.inspector_window)

    def _load_after_paint(self) -> None:
        """Validates the config file (pydantic) once the login is on the screen. The
        preview agrees with the validation on any file; if the file changed in between,
        the login and the theme follow what was loaded."""
        from wallet_tui.config.preview import view_of

        from .screens.login import LoginScreen

        for work in self.after_first_paint:
            work()
        self.use_keymap()
        preview, drawn_profile = self._preview, self._start_view
        settings, profile = self.settings, self.profile
        if self.store.warning:
            self.notify(self.store.warning, title=_("Config file"), severity="warning",
                        timeout=15)
        if preview is None:
            return
        self._preview = self._start_view = None
        drawn = (list(preview.profiles.values()), drawn_profile)
        if drawn != ([view_of(p) for p in settings.profiles.values()], view_of(profile)):
            for screen in self.screen_stack:
                if isinstance(screen, LoginScreen):
                    screen.profiles_reloaded()
            self.update_status()
        if preview.theme != settings.theme and not self.test_mode:
            self._theme_saved = False  # the file's own choice: nothing to save
            try:
                self._use_saved_theme()
            finally:
                self._theme_saved = True

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

        if "home" not in self._modes:
            self.add_mode("home", HomeScreen)
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
        if name not in self._modes:
            try:
                screen = registry.screen_class(name)()
            except Exception as error:  # a broken screen must not take the desk down
                self.log.error(f"screen {name!r} failed to start: {error!r}")
                self.notify(_("The {name} screen failed to start: {error}").format(
                                name=name, error=error),
                            title=_("Screen error"), severity="error", timeout=10)
                return False
            self.add_mode(name, lambda: screen)
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

    # -- status line -----------------------------------------------------------------------

    def watch_current_wallet(self, wallet: "Wallet | None") -> None:
        self.update_status()

    def update_status(self) -> None:
        self._show_environment()
        self.sub_title = status_text(
            self.profile_view,
            self.gateway.token_state if self.logged_in else None,
            self.current_wallet,
            countdown=not self.test_mode,
        )

    # -- production (ui/production.py) ------------------------------------------------------

    @property
    def is_production(self) -> bool:
        """The profile in use (the one logged in with, once logged in) is production."""
        return self.profile_view.is_production

    def _show_environment(self) -> None:
        production = self.is_production
        if production == self.has_class(PRODUCTION_CLASS) and not production:
            return
        self.set_class(production, PRODUCTION_CLASS)
        for screen in self.screen_stack:
            self._frame_screen(screen)

    def _frame_screen(self, screen: Screen) -> None:
        """The production border's words on `screen` (app.tcss draws the border)."""
        title = frame_title(self.profile_view) if self.is_production else None
        if screen.border_title != title:
            screen.border_title = title

    @property
    def locked(self) -> bool:
        return any(getattr(screen, "COVERS_DESK", False) for screen in self.screen_stack)

    def lock_if_idle(self) -> None:
        """Locks a production desk left without a key or a click for the settings' time."""
        if not (self.logged_in and self.is_production) or self.locked:
            return
        limit = self.settings.idle_lock_seconds
        if self.idle_watch.idle_for() >= limit:
            self.lock()

    def lock(self) -> None:
        from .screens.production import LockScreen

        if not self.locked:
            self.push_screen(LockScreen(self.settings.idle_lock_seconds / 60))

    def unlock(self) -> None:
        self.idle_watch.touch()
        if getattr(self.screen, "COVERS_DESK", False):
            self.pop_screen()

    def quit_offering_report(self) -> None:
        """Quits; on production the session report is offered first (its exchanges are
        what support asks for when a payment is questioned). Ctrl+Q over the offer quits."""
        from .screens.production import QuitOfferModal

        exchanges = self.gateway.exchanges
        if (not self.is_production or not self.logged_in or not exchanges
                or isinstance(self.screen, QuitOfferModal)):
            self.exit()
            return
        self.push_screen(QuitOfferModal(len(exchanges)), self._quit_answered)

    def _quit_answered(self, answer: str | None) -> None:
        from .screens.production import QUIT_WITH_REPORT, QUIT_WITHOUT

        if answer == QUIT_WITHOUT:
            self.exit()
        elif answer == QUIT_WITH_REPORT:
            self.exit(message=self._report_on_quit())

    def _report_on_quit(self) -> str:
        """Writes the session report now, on the way out; says where (printed after exit)."""
        from wallet_tui.report import save_report

        try:
            markdown, html = save_report(
                list(self.gateway.exchanges), self.paths.prepare_exchange_logs_dir(),
                profile=self.profile.name, partner_id=self.profile.partner_id,
            )
        except OSError as error:
            return _("Could not save the report: {error}").format(error=error)
        self.last_saved_report = markdown
        return _("Session report saved: {markdown} and {html}").format(
            markdown=markdown, html=html.name)

    def format_title(self, title: str, sub_title: str) -> "Content":
        # A screen without a title of its own shows just the status line: at 80 columns
        # repeating the app's name would cut the current wallet off.
        from textual.content import Content

        if title == self.title and sub_title:
            return Content(sub_title)
        return super().format_title(title, sub_title)

    # -- settings --------------------------------------------------------------------------

    def save_settings(self) -> bool:
        warning_before = self.store.warning
        try:
            self.store.save(self.settings)
        except (ConfigError, OSError) as error:
            self.notify(str(error), title=_("Settings not saved"), severity="error", timeout=10)
            return False
        # A file broken since it was loaded is set aside by the save: say so, once.
        if self.store.warning and self.store.warning != warning_before:
            self.notify(self.store.warning, title=_("Config file"), severity="warning",
                        timeout=15)
        return True

    # -- palette ---------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                # Ours, built from the bindings' tooltips, not Textual's generic panel.
                command = command._replace(
                    help=N_("The keys of the screen in sight, what each does (F1)"),
                    callback=self.action_keys_help,
                )
            yield command._replace(title=_(command.title), help=_(command.help))
        if self.logged_in:
            for entry in registry.SCREENS:
                if registry.is_available(entry.name):
                    yield SystemCommand(
                        f"{_(entry.title)} ({entry.key.upper()}, {entry.alias})",
                        _(entry.help),
                        lambda name=entry.name: self.action_show(name),
                    )
        yield SystemCommand(
            _("Exchange inspector (F9)"), _("Show or hide every HTTP exchange of the session"),
            self.action_toggle_inspector,
        )
        yield SystemCommand(
            _("Copy exchange as curl"),
            _("The selected exchange (or the last) as a curl command"),
            self.action_copy_exchange,
        )
        yield SystemCommand(
            _("Save exchanges to a file"), _("The session's exchanges as JSON in the data dir"),
            self.action_save_exchanges,
        )
        yield SystemCommand(
            _("Save session report"),
            _("Every exchange as Markdown and HTML for the partner or support"),
            self.action_save_report,
        )
        if not self._login_showing():
            yield SystemCommand(
                _("Log in again / switch profile"), _("Show the login screen"), self.action_login
            )
        for language in LANGUAGES:
            # Each named in its own language: whoever cannot read the current one finds theirs.
            title, help_text = LANGUAGE_COMMANDS[language]
            yield SystemCommand(
                title, help_text, lambda language=language: self.choose_language(language)
            )

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
            )

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from textual.command import CommandPalette

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

    def use_keymap(self) -> None:
        """The user's `[keymap]` of the config file: binding ids to keys (docs/config.md)."""
        from wallet_tui.config.keymap import read_keymap

        reading = read_keymap(self.paths.config_file)
        if reading.keys:
            self.set_keymap(reading.keys)
        for problem in reading.problems:
            self.notify(str(problem), title=_("Keymap"), severity="warning", timeout=10)

    # -- exchange inspector ------------------------------------------------------------------

    def action_toggle_inspector(self) -> None:
        from .widgets.inspector import InspectorPanel

        shown = any(panel.has_class("-open") for panel in self.screen.query(InspectorPanel))
        self.settings.inspector_open = not shown
        self.save_settings()
        self._apply_inspector(self.screen, is_open=not shown, focus=True)

    def _inspector_on_arrival(self, screen: Screen) -> None:
        # Beside a screen there is room only on a wide terminal; on a narrow one the panel
        # would hide the screen just switched to, so it waits for F9 there.
        wide = self.size.width >= WIDE_COLUMNS
        is_open = self.config_view.inspector_open and wide
        if not is_open and not screen.query("InspectorPanel"):
            return  # nothing to open or close: the inspector's module can wait
        self._apply_inspector(screen, is_open=is_open)

    def _apply_inspector(self, screen: Screen, *, is_open: bool, focus: bool = False) -> None:
        from textual.screen import ModalScreen

        from .widgets.inspector import InspectorPanel

        if isinstance(screen, ModalScreen) or getattr(screen, "COVERS_DESK", False):
            return
        panels = screen.query(InspectorPanel)
        if not panels and not is_open:
            return
        if panels:
            panel = panels.first()
            panel.fit()
            panel.sync()
        else:
            panel = InspectorPanel()
            screen.mount(panel)
        was_open = panel.has_class("-open")
        panel.set_class(is_open, "-open")
        if is_open and focus and not was_open:
            panel.focus_before = screen.focused
            self.call_after_refresh(panel.focus_table)
        elif not is_open and was_open:
            panel.give_focus_back()

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

    def on_resize(self) -> None:
        # By the type's name: the resize at start must not import the inspector.
        for panel in self.screen.query("InspectorPanel"):
            panel.fit()

    def on_exchange_recorded(self, message: ExchangeRecorded) -> None:
        from .widgets.inspector import InspectorPanel

        if self.gateway.exchanges.total in self.freeze_garbage_at:
            import gc

            gc.freeze()  # what lives after the warm-up lives all day: out of the collector's way

        for panel in self.screen.query(InspectorPanel):
            panel.sync()

    def action_copy_exchange(self) -> None:
        from .widgets.inspector import InspectorPanel

        panels = self.screen.query(InspectorPanel)
        if panels:
            panels.first().action_copy_curl()
        elif self.gateway.exchanges:
            self.copy_to_clipboard(self.gateway.exchanges[-1].as_curl())
            self.notify(_("curl for the last exchange copied (secrets masked)."), timeout=5)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        # Textual's own saving leaves the picture to the umask; a screen shows customers.
        if self.is_web:
            super().action_screenshot(filename, path)  # the browser downloads it
            return
        from .screenshot import downloads_dir, save_private_svg
        from .widgets.exchange_text import path_for_notice

        try:
            saved = save_private_svg(self.export_screenshot(), Path(path or downloads_dir()),
                                     now=datetime.now(UTC), filename=filename)
        except OSError as error:
            self.notify(_("Could not save the screenshot: {error}").format(error=error),
                        severity="error", timeout=10)
            return
        self.notify(_("Screenshot saved to {path}").format(
                        path=path_for_notice(saved, self.size.width)),
                    title=_("Saved"), timeout=10, markup=False)

    def action_save_exchanges(self) -> None:
        from wallet_tui.client import exchanges_to_json
        from wallet_tui.config import atomic_write_text

        from .widgets.exchange_text import path_for_notice
        from .widgets.inspector import saved_name

        try:
            exchanges = self.gateway.exchanges.everything()  # the older ones from the log too
            path = self.paths.prepare_exchange_logs_dir() / saved_name()
            atomic_write_text(path, exchanges_to_json(exchanges))
        except (OSError, ValueError) as error:
            self.notify(_("Could not save the exchanges: {error}").format(error=error),
                        severity="error", timeout=10)
            return
        self.notify(ngettext("{count} exchange saved to {path}",
                             "{count} exchanges saved to {path}", len(exchanges)).format(
                        count=len(exchanges),
                        path=path_for_notice(path, self.size.width)),
                    title=_("Saved"), timeout=10, markup=False)
        self.last_saved_exchanges = path

    def action_save_report(self) -> None:
        # A snapshot taken here, on the UI thread (the kept exchanges, and how many lines of
        # the exchange log count); the log is read and the files written in a thread worker.
        snapshot = self.gateway.exchanges.snapshot()
        self.run_worker(
            lambda: self._write_report(snapshot), thread=True, group="report", exclusive=True
        )

    def _write_report(self, snapshot: Any) -> None:
        from wallet_tui.client.session_exchanges import read_snapshot
        from wallet_tui.report import save_report

        from .widgets.exchange_text import path_for_notice

        try:
            exchanges = read_snapshot(snapshot)
            markdown, html = save_report(
                exchanges, self.paths.prepare_exchange_logs_dir(),
                profile=self.profile.name, partner_id=self.profile.partner_id,
            )
        except (OSError, ValueError) as error:
            self.call_from_thread(
                self.notify, _("Could not save the report: {error}").format(error=error),
                severity="error", timeout=10,
            )
            return
        self.last_saved_report = markdown
        self.call_from_thread(
            self.notify, ngettext("{count} exchange: {markdown} and {html}",
                                  "{count} exchanges: {markdown} and {html}",
                                  len(exchanges)).format(
                count=len(exchanges), markdown=path_for_notice(markdown, self.size.width),
                html=html.name),
            title=_("Session report saved"), timeout=10, markup=False,
        )

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


def status_text(
    profile: "Profile",
    token_state: Any,
    wallet: "Wallet | None",
    *,
    countdown: bool = True,
    now: datetime | None = None,
) -> str:
    """profile · partner · token · wallet, short enough for 80 columns."""
    parts = [profile.name]
    if profile.partner_id:
        parts.append(_("partner {partner_id}").format(partner_id=profile.partner_id))
    parts.append(token_text(token_state, countdown=countdown, now=now))
    if wallet is not None:
        parts.append(_("wallet {wallet_id}").format(wallet_id=wallet.wallet_id))
    return " · ".join(parts)


def token_text(token_state: Any, *, countdown: bool = True, now: datetime | None = None) -> str:
    if token_state is None or not getattr(token_state, "logged_in", False):
        return _("not logged in")
    expires = getattr(token_state, "access_expires_at", None)
    if expires is None or not countdown:
        return _("token ok")
    left = int((expires - (now or datetime.now(UTC))).total_seconds())
    if left <= 0:
        return _("token expired · renews on next call")
    return _("token ok {left}").format(left=f"{left // 60}:{left % 60:02d}")

"""The command palette's entries (Ctrl+P), a `Provider` in `WalletApp.COMMANDS`: every
screen, the inspector, copy, save, log in again, the languages, and Textual's own entries
(theme, keys, quit, maximize, screenshot) in the desk's words. Made through `_()` each time
the palette lists or searches them, so they are in the language current then."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import screens as registry
from .i18n import LANGUAGE_COMMANDS, LANGUAGES, _

if TYPE_CHECKING:
    from textual.screen import Screen

    from .app import WalletApp


class PaletteEntry(NamedTuple):
    title: str
    help: str
    run: Callable[[], Any]


class DeskCommands(Provider):
    """The palette entries of WalletApp: listed by title when nothing is typed, matched on
    the title (the screens' keys and letters are in it) as the operator types."""

    async def discover(self) -> Hits:
        for entry in sorted(palette_entries(self.desk, self.screen), key=lambda e: e.title):
            yield DiscoveryHit(entry.title, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in palette_entries(self.desk, self.screen):
            if (score := matcher.match(entry.title)) > 0:
                yield Hit(score, matcher.highlight(entry.title), entry.run, help=entry.help)

    @property
    def desk(self) -> WalletApp:
        return cast("WalletApp", self.app)


def palette_entries(app: WalletApp, screen: Screen) -> Iterator[PaletteEntry]:
    """What the palette offers over `screen`, in the current language."""
    from .screens.login import LoginScreen
    yield PaletteEntry(_("Theme"), _("Change the current theme"), app.action_change_theme)
    yield PaletteEntry(_("Quit"), _("Quit the application as soon as possible"), app.action_quit)
    # Ours, built from the bindings' tooltips, not Textual's generic keys panel.
    yield PaletteEntry(
        _("Keys"), _("The keys of the screen in sight, what each does (F1)"), app.action_keys_help
    )
    if screen.maximized is not None:
        yield PaletteEntry(
            _("Minimize"), _("Minimize the widget and restore to normal size"),
            screen.action_minimize,
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield PaletteEntry(
            _("Maximize"), _("Maximize the focused widget"), screen.action_maximize
        )
    yield PaletteEntry(
        _("Screenshot"), _("Save an SVG 'screenshot' of the current screen"),
        # After the palette has gone, so the picture is of the screen under it.
        lambda: app.set_timer(0.1, app.deliver_screenshot),
    )
    if app.logged_in:
        for screen_entry in registry.SCREENS:
            if registry.is_available(screen_entry.name):
                yield PaletteEntry(
                    f"{_(screen_entry.title)} ({screen_entry.key.upper()}, {screen_entry.alias})",
                    _(screen_entry.help),
                    lambda name=screen_entry.name: app.action_show(name),
                )
    yield PaletteEntry(
        _("Exchange inspector (F9)"), _("Show or hide every HTTP exchange of the session"),
        app.action_toggle_inspector,
    )
    yield PaletteEntry(
        _("Copy exchange as curl"),
        _("The selected exchange (or the last) as a curl command"),
        app.action_copy_exchange,
    )
    yield PaletteEntry(
        _("Save exchanges to a file"), _("The session's exchanges as JSON in the data dir"),
        app.action_save_exchanges,
    )
    yield PaletteEntry(
        _("Save session report"),
        _("Every exchange as Markdown and HTML for the partner or support"),
        app.action_save_report,
    )
    if not isinstance(screen, LoginScreen):
        yield PaletteEntry(
            _("Log in again / switch profile"), _("Show the login screen"), app.action_login
        )
    for language in LANGUAGES:
        # Each named in its own language: whoever cannot read the current one finds theirs.
        title, help_text = LANGUAGE_COMMANDS[language]
        yield PaletteEntry(
            title, help_text, lambda language=language: app.choose_language(language)
        )

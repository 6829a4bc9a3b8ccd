"""How the desk looks: the themes (shipped and the user's, the saved choice) and what the
terminal can show (ASCII only, few colours: terminal.py). A part of `WalletApp`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from .i18n import _

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.events import ScreenResume
    from textual.screen import Screen
    from textual.theme import Theme

DEFAULT_THEME = "wallet-dark"


class Appearance:
    """WalletApp's themes and terminal adaptation."""

    # The last refresh_css: (its number, the variables, the sources); and the number of the
    # refresh each screen was styled by (refresh_css below).
    _css_refreshed_with: tuple[int, dict[str, str], dict[Any, Any]] | None = None
    _styled_with: "WeakKeyDictionary[Screen, int] | None" = None

    # -- themes ----------------------------------------------------------------------------

    def _register_themes(self) -> list[str]:
        from .themes import shipped_themes, user_themes

        for theme in shipped_themes():
            self.register_theme(theme)
        loaded = user_themes(self.paths.themes_dir)
        for theme in loaded.themes:
            self.register_theme(theme)
        return loaded.problems

    def _use_saved_theme(self, *, starting: bool = False) -> None:
        wanted = self.config_view.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            self._theme_problems.append(
                _("The theme {wanted} is not available any more; using {default}.").format(
                    wanted=repr(wanted), default=DEFAULT_THEME
                )
            )
            wanted = DEFAULT_THEME
        if starting:
            self.start_in_theme(wanted)
        else:
            self.theme = wanted

    def start_in_theme(self, name: str) -> None:
        """The first theme, chosen before anything is styled. Assigned to `theme`, Textual's
        watcher would parse every stylesheet once more before the first paint (~25 ms);
        Textual's `set_reactive` (its docs' own example) sets it quietly, and the two things
        the watcher does that matter before the first style follow: the theme's class and
        its CSS variables. A theme darker or lighter than Textual's default, or on ANSI
        colours, is assigned: the watcher also remaps the terminal's ANSI colours then."""
        from textual.app import App

        wanted, first = self.get_theme(name), self.current_theme
        if wanted is None or (wanted.dark, wanted.ansi) != (first.dark, first.ansi):
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        self.set_class(True, f"-theme-{name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

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
        # Their stylesheets only where they apply (each is parsed before the first paint),
        # read before the login's as they always were: rules of equal weight count on it.
        sheets = [name for name, needed in (("ascii.tcss", self.terminal.ascii),
                                            ("few_colours.tcss", self.terminal.few_colours))
                  if needed]
        login_at = [Path(path).name for path in self.css_path].index("login.tcss")
        self.css_path[login_at:login_at] = [Path(__file__).with_name(name) for name in sheets]
        self.set_class(self.terminal.ascii, "-ascii")
        self.set_class(self.terminal.few_colours, "-few-colours")
        self.set_class(self.no_color, "-no-color")  # the production frame's own greys
        if self.terminal.ascii or self.terminal.few_colours:
            self.stylesheet.set_variables(self.get_css_variables())

    # -- restyling: only when something changed (issue 15) ------------------------------------

    def refresh_css(self, animate: bool = True) -> None:
        """Textual's, skipped when it would change nothing. Showing a screen for the first
        time (`switch_mode` to a new mode) calls it twice, and each call reparses every
        stylesheet source (~40, ~23 ms) and restyles the app: 60 ms of a first showing's
        pause. Skipped while the variables are those of the last refresh, no source it
        styled with has changed since (sources added since, a new widget class's defaults,
        style what mounts after them, as Textual's own lazy parsing does), and the screen in
        sight was styled then or has never been shown (it mounts its widgets with them). A
        theme, a variable or a stylesheet changed: refreshed as Textual does."""
        sources, variables = self.stylesheet.source, self.get_css_variables()
        if self._styled_with is None:
            self._styled_with = WeakKeyDictionary()
        styled, last = self._styled_with, self._css_refreshed_with
        try:
            screen: Screen | None = self.screen
        except Exception:  # no screen yet (ScreenStackError): nothing to skip for
            screen = None
        if last is not None and screen is not None and last[1] == variables and all(
                _rules_of(sources.get(name)) == _rules_of(source)
                for name, source in last[2].items()):
            if styled.get(screen) == last[0] or screen not in self._screens_seen:
                styled[screen] = last[0]
                return
        super().refresh_css(animate)  # type: ignore[misc]
        generation = last[0] + 1 if last is not None else 0
        self._css_refreshed_with = (generation, variables, dict(sources))
        for shown in self.screen_stack:
            styled[shown] = generation

    def styled_from_outside(self) -> tuple[Any, ...]:
        """What styles a screen from outside it: the app's classes and pseudo-classes, the
        theme and the last stylesheet refresh. A screen out of sight misses changes to these
        (Textual restyles only the screens in sight); a screen's own nodes are restyled
        wherever they are when their classes change."""
        refreshed = self._css_refreshed_with[0] if self._css_refreshed_with else None
        return (frozenset(self.classes), self.pseudo_classes, self.theme, refreshed)

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


class KeepsStylesWhileHidden:
    """For a screen shown again and again (a mode): Textual restyles the whole screen each
    time it is shown (`ScreenResume.refresh_styles`), every widget and each of its component
    classes: 10-20 ms of a switch, and a thousand objects in cycles each time for the garbage
    collector (issue 15). The restyle is skipped when nothing that styles the screen from
    outside (`Appearance.styled_from_outside`) changed since it was last restyled.

    A mixin named first in the screen's bases: its handler runs before Screen's own, which
    reads the flag (Textual calls every class's handler, the most derived first)."""

    _styled_under: tuple[Any, ...] | None = None

    def on_mount(self) -> None:
        # Its widgets were styled as they mounted, under what styles it from outside now:
        # the first showing need not restyle them all again (a tenth of a first F7).
        self._styled_under = self.app.styled_from_outside()  # type: ignore[attr-defined]

    def on_screen_resume(self, event: "ScreenResume") -> None:
        if not event.refresh_styles:
            return
        now = self.app.styled_from_outside()  # type: ignore[attr-defined]
        if now == self._styled_under:
            event.refresh_styles = False
        else:
            self._styled_under = now


def starting_classes(screen: Any, *, no_wallet: bool) -> dict[str, bool]:
    """The classes a screen takes as it is first shown: its breakpoints' for the terminal's
    size (Textual sets them at the first Resize, by the rule here: the widest breakpoint
    reached) and -no-wallet. Set before its widgets mount, Textual's own update then finds
    nothing to change."""
    classes = {"-no-wallet": no_wallet}
    size = screen.app.size
    for own, app_wide, length in ((screen.HORIZONTAL_BREAKPOINTS,
                                   screen.app.HORIZONTAL_BREAKPOINTS, size.width),
                                  (screen.VERTICAL_BREAKPOINTS,
                                   screen.app.VERTICAL_BREAKPOINTS, size.height)):
        breakpoints = sorted((app_wide if own is None else own) or [], reverse=True)
        widest = next((name for least, name in breakpoints if length >= least), None)
        classes.update({name: name == widest for _, name in breakpoints})
    return classes


def _rules_of(source: Any) -> tuple[Any, ...] | None:
    """A stylesheet source's text, kind and scope. Not its tie-breaker: each Screen subclass
    registers Screen's defaults again with its own depth, which changes no rule's text."""
    if source is None:
        return None
    return (source.content, source.is_defaults, source.scope)

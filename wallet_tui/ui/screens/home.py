"""The screen under all others: what the desk can do, shown before a screen is chosen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from ..appearance import KeepsStylesWhileHidden
from ..i18n import _
from ..widgets.footer import Footer
from ..widgets.header import DeskHeader
from . import SCREENS, is_available


class HomeScreen(KeepsStylesWhileHidden, Screen[None]):
    TITLE = "wallet-tui"
    DEFAULT_CSS = """
    HomeScreen #home { padding: 1 2; }
    HomeScreen .home--line { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Vertical(id="home"):
            yield Static(_("Choose a screen:"), classes="home--line")
            for entry in SCREENS:
                if is_available(entry.name):
                    yield Static(f"  {entry.key.upper():<4}" + _(entry.title),
                                 classes="home--line")
            yield Static("  F9  " + _("Exchange inspector"), classes="home--line")
            yield Static("  Ctrl+P  " + _("Every command · Ctrl+Q  Quit"), classes="home--line")
        yield Footer()

"""The screen under all others: what the desk can do, shown before a screen is chosen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from . import SCREENS, is_available


class HomeScreen(Screen[None]):
    TITLE = "wallet-tui"
    DEFAULT_CSS = """
    HomeScreen #home { padding: 1 2; }
    HomeScreen .home--line { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Choose a screen:", classes="home--line")
            for entry in SCREENS:
                if is_available(entry.name):
                    yield Static(f"  {entry.key.upper():<4}{entry.title}", classes="home--line")
            yield Static("  F9  Exchange inspector", classes="home--line")
            yield Static("  Ctrl+P  Every command · Ctrl+Q  Quit", classes="home--line")
        yield Footer()

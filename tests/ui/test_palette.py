"""The command palette (Ctrl+P, ui/commands.py): what it offers where, chosen by typing."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.refill import RefillScreen

from .helpers import Sandbox, make_app, palette_offers, settle, wait_for
from .screens_support import SIMPLIFIED_WALLET, desk, look_up


def offered_titles(app) -> list[str]:
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(hits.option_count)]


async def test_over_the_login_it_offers_neither_screens_nor_logging_in_again(tmp_path: Path):
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(sandbox.connect)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("ctrl+p")
        await wait_for(pilot, palette_offers(app, "Copy exchange as curl"))  # listed by title
        titles = offered_titles(app)
        assert "Keys" in titles and "Theme" in titles and "Language: English" in titles
        assert "Log in again / switch profile" not in titles
        assert not [title for title in titles if "(F5, f)" in title]


async def test_a_screen_is_found_by_its_letter_and_shown(tmp_path: Path):
    async with desk(tmp_path, size=(100, 40)) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("f", "5", "space", "f")
        await wait_for(pilot, palette_offers(app, "Refill (F5, f)"))
        assert "Log in again / switch profile" not in offered_titles(app)  # matched, not listed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RefillScreen)

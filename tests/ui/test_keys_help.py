"""Keys anyone can find (issue 11, item 6): every binding has an id and a tooltip; F1 and
the palette's "Keys" show the keys of the screen in sight from them; a `[keymap]` in the
config file gives bindings other keys; "Log in again" can be left with Esc."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import wallet_tui.ui
from textual.binding import Binding
from textual.dom import DOMNode

from wallet_tui.ui.help_screen import KeysHelp
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.lookup import LookupScreen
from wallet_tui.ui.screens.modals import RecentWalletsModal

from .helpers import palette_offers, settle, wait_for
from .screens_support import SIMPLIFIED_WALLET, desk, look_up, show, text_of


def desk_bindings() -> list[tuple[str, Binding]]:
    """Every Binding a class of the desk declares (its own BINDINGS, not inherited)."""
    found = []
    for module_info in pkgutil.walk_packages(wallet_tui.ui.__path__, "wallet_tui.ui."):
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    found.append((f"{cls.__name__} {binding.key}", binding))
    return found


def test_every_binding_has_an_id_and_a_tooltip():
    bindings = desk_bindings()
    assert len(bindings) > 40
    assert [where for where, b in bindings if not b.id] == []
    assert [where for where, b in bindings if not b.tooltip] == []
    ids = [b.id for _where, b in bindings]
    assert len(ids) == len(set(ids)), "a keymap must name one binding"


async def test_f1_shows_the_keys_of_the_screen_in_sight(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, KeysHelp)
        keys = text_of(app.screen, "#keys-list")
        assert "Refill…" in keys and "ask to confirm the refill" in keys and "refill.submit" in keys
        assert "app.show.lookup" in keys and "app.quit" in keys
        assert "lookup.recent" not in keys  # another screen's key
        # The note names the config table as drawn (it once went as markup).
        assert "[keymap]" in str(app.screen.query_one("#keys-note").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_the_palettes_keys_entry_opens_the_same_help(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await show(pilot, "lookup")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"keys")
        await wait_for(pilot, palette_offers(app, "Keys"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KeysHelp)
        assert "lookup.recent" in text_of(app.screen, "#keys-list")


async def test_a_keymap_in_the_config_file_gives_a_binding_other_keys(tmp_path, home):
    config = home / ".config" / "wallet-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\n"lookup.recent" = "ctrl+y"\n"Not An Id" = "f11"\n')
    async with desk(tmp_path) as (app, pilot):
        await show(pilot, "lookup")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)  # the old key is given up
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, RecentWalletsModal)


async def test_log_in_again_can_be_left_with_esc_and_the_screen_keys_work_after(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        app.action_login()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and app.logged_in
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.current_wallet.wallet_id == SIMPLIFIED_WALLET

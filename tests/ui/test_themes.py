"""Themes: shipped TOML files, user files from the config dir, the choice remembered."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wallet_tui.config import AppPaths, ConfigStore
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.themes import (
    INSTALLED_THEMES,
    ThemeFileError,
    load_theme_file,
    shipped_themes,
    shipped_themes_dir,
)

from .helpers import Sandbox, make_app, palette_offers, settle, shown_notices, wait_for


def test_a_dark_and_a_light_theme_are_shipped():
    themes = {theme.name: theme for theme in shipped_themes()}
    assert themes["wallet-dark"].dark and not themes["wallet-light"].dark


def test_the_top_level_themes_are_read_and_the_wheel_carries_them_where_the_app_looks():
    """A checkout (and an editable install) reads the top-level themes/; pyproject's
    data-files put every one of them where an installed app looks (INSTALLED_THEMES)."""
    root = Path(__file__).resolve().parents[2]
    assert shipped_themes_dir() == root / "themes"
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["data-files"][INSTALLED_THEMES.as_posix()]
    carried = {path for pattern in patterns for path in root.glob(pattern)}
    assert carried == set((root / "themes").glob("*.toml")) and len(carried) >= 2


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "x"\nprimary = "not a colour"', "`primary` = 'not a colour' is not a colour"),
        ('name = "x"', "`primary` colour is required"),
        ('name = "Bad Name"\nprimary = "#fff"', "`name` must be"),
        ('name = "x"\nprimary = "#fff"\nprimery = "#000"', "unknown key(s) primery"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"', "`dark` must be true or false"),
        ("name = ", "not valid TOML"),
    ],
)
def test_a_broken_theme_file_says_what_is_wrong(tmp_path: Path, text: str, problem: str):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(ThemeFileError) as caught:
        load_theme_file(path)
    assert problem in str(caught.value) and str(path) in str(caught.value)


async def test_user_themes_are_loaded_and_broken_ones_reported(tmp_path: Path):
    themes_dir = AppPaths.from_env().themes_dir
    themes_dir.mkdir(parents=True)
    (themes_dir / "ocean.toml").write_text('name = "ocean"\nprimary = "#0077be"\ndark = true\n')
    (themes_dir / "broken.toml").write_text('name = "broken"\n')
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert "ocean" in app.available_themes
        assert "broken" not in app.available_themes
        messages = " ".join(shown_notices(app))
        assert "broken.toml" in messages and "`primary` colour is required" in messages


async def test_theme_chosen_in_the_palette_is_remembered(tmp_path: Path):
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(sandbox.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "wallet-dark"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await wait_for(pilot, palette_offers(app, "theme"))
        await pilot.press("enter")
        await pilot.press(*"wallet-light")
        await wait_for(pilot, palette_offers(app, "wallet-light"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "wallet-light"
    assert ConfigStore().load().theme == "wallet-light"
    again = WalletApp(sandbox.connect, store=ConfigStore())
    assert again.theme == "wallet-light"


async def test_a_theme_chosen_on_one_screen_reaches_the_screens_out_of_sight(tmp_path: Path):
    """Restyling is skipped when nothing changed (a first showing reparsed every stylesheet
    twice, issue 15), never when the theme did: a screen shown before the change and out of
    sight during it takes the new colours when shown again, as one shown for the first time
    after it does."""
    from .screens_support import desk, show

    async with desk(tmp_path) as (app, pilot):
        refill = await show(pilot, "refill")
        dark = refill.styles.background
        amount = refill.query_one("#refill-amount-input")
        dark_input = amount.styles.background
        await show(pilot, "lookup")
        app.theme = "wallet-light"
        await settle(pilot)
        assert await show(pilot, "refill") is refill
        payment = await show(pilot, "payment")  # first shown after the change
        light = app.get_theme("wallet-light")
    assert refill.styles.background != dark and amount.styles.background != dark_input
    assert refill.styles.background == payment.styles.background
    assert light is not None and refill.styles.background.hex.lower() == light.background.lower()


async def test_a_screen_shown_again_keeps_its_styles_unless_something_outside_it_changed(
        tmp_path: Path):
    """Textual restyles a whole screen each time it is shown (every widget, every component
    class: time, and objects in cycles for the collector, issue 15). The desk skips that while
    nothing that styles a screen from outside changed; an app class set while a screen is out
    of sight still reaches it when it is shown again."""
    from textual.color import Color
    from textual.screen import Screen

    from .screens_support import desk, show

    async with desk(tmp_path) as (app, pilot):
        app.stylesheet.add_source(".-marked RefillScreen { background: #123456; }",
                                  read_from=("test", "marked"))
        app.refresh_css()
        refill = await show(pilot, "refill")
        await show(pilot, "lookup")
        restyled: list[str] = []
        update_styles = app.update_styles

        def counting(node, animate: bool = True) -> None:
            if isinstance(node, Screen):
                restyled.append(type(node).__name__)
            update_styles(node, animate)

        app.update_styles = counting  # type: ignore[method-assign]
        await show(pilot, "refill")
        await show(pilot, "lookup")
        kept = list(restyled)
        unmarked = refill.styles.background
        app.set_class(True, "-marked")  # the refill screen is out of sight
        await settle(pilot)
        assert await show(pilot, "refill") is refill
        marked = refill.styles.background
    assert kept == []
    assert "RefillScreen" in restyled
    assert unmarked != marked == Color.parse("#123456")

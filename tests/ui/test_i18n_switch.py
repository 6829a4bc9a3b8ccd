"""What a language switch does to the keys pressed while it runs and to the screens not in
sight: keys meant for the palette never act on the screen under it; a screen not shown at the
switch is drawn in the new language when it is shown, and the keys typed for it reach it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from wallet_tui.ui import relabel as relabel_module
from wallet_tui.ui.i18n import current_language
from wallet_tui.ui.screens.modals import ConfirmModal

from .helpers import palette_offers, settle, wait_for
from .screens_support import (
    BLOCKED_WALLET,
    FULL_WALLET,
    desk,
    look_up,
    show,
    text_of,
    type_into,
    wallet_posts,
)
from .test_i18n import screen_text, switch_in_palette


def press_during_the_switch(app, monkeypatch: pytest.MonkeyPatch, *keys: str) -> None:
    """Has `keys` arrive while the switch is under way (as the first screen is relabelled),
    the way keys typed at a busy desk wait in its queue."""
    original = relabel_module.relabel
    pressed = False

    async def relabel_with_keys_arriving(screen):
        nonlocal pressed
        if not pressed:
            pressed = True
            for key in keys:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
        await original(screen)

    monkeypatch.setattr(relabel_module, "relabel", relabel_with_keys_arriving)


async def refill_typed_and_russian_offered(app, pilot):
    """The blocked wallet's refill with 1000 typed, the palette open offering Russian."""
    await look_up(pilot, BLOCKED_WALLET)
    refill = await show(pilot, "refill")
    await type_into(pilot, "refill-amount", "1000")
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"русский")
    await wait_for(pilot, palette_offers(app, "Язык: русский"))
    return refill


async def test_keys_pressed_during_the_switch_never_reach_the_screen_under_the_palette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The tester's Down+Enter, meant for the palette, opened a refill confirmation; one
    more `y` would have sent money."""
    async with desk(tmp_path) as (app, pilot):
        refill = await refill_typed_and_russian_offered(app, pilot)
        press_during_the_switch(app, monkeypatch, "down", "enter", "y")
        await pilot.press("enter")
        await settle(pilot)
        assert current_language() == "ru"
        assert app.screen is refill and not isinstance(app.screen, ConfirmModal)
        assert wallet_posts(app) == []
        assert refill.field("refill-amount").value == "1000"  # kept, in Russian
        assert "Сумма, ₽" in screen_text(app)
        # The desk takes keys again once the switch is done.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert wallet_posts(app) == []


async def test_a_screen_out_of_sight_is_relabelled_as_it_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, BLOCKED_WALLET)
        refill = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "12,345")
        await pilot.press("tab")  # leaving the field checks it, and the focus moves on
        await settle(pilot)
        await show(pilot, "lookup")
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert "Баланс" in screen_text(app)
        # Keys typed right after F5, while the refill screen is being relabelled, are for it.
        press_during_the_switch(app, monkeypatch, "5", "0", "0")
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen is refill
        text = screen_text(app)
        assert "Сумма, ₽" in text and "Внешний id" in text
        assert refill.field("refill-amount").value == "500"


async def test_keys_typed_right_after_choosing_in_the_palette_act_on_nothing(tmp_path: Path):
    """Enter, Down, Enter, y typed in one go: Textual's palette chose twice and the app ended
    (ScreenStackError); the keys after the first Enter must not reach the refill either."""
    async with desk(tmp_path) as (app, pilot):
        refill = await refill_typed_and_russian_offered(app, pilot)
        for key, character in (("enter", "\r"), ("down", None), ("enter", "\r"), ("y", "y")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        await settle(pilot)
        assert app.is_running
        assert current_language() == "ru"
        assert app.screen is refill and wallet_posts(app) == []
        assert refill.field("refill-amount").value == "1000"


async def test_the_level_shown_survives_a_switch(tmp_path: Path):
    """A FULL wallet's identification screen, relabelled, said what ANONYMOUS allows: the
    level list composed again announced its first option after the level was put back."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, FULL_WALLET)
        identification = await show(pilot, "identification")
        assert "FULL allows" in text_of(identification, "#idn-limits")
        await show(pilot, "refill")
        await switch_in_palette(pilot, "русский", "Язык: русский")
        await show(pilot, "identification")
        assert "Полный (FULL) позволяет" in text_of(identification, "#idn-limits")
        await switch_in_palette(pilot, "English", "Language: English")  # shown this time
        assert "FULL allows" in text_of(identification, "#idn-limits")

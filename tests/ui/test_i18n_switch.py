"""What a language switch does: nothing is composed again, so keys typed while it runs land
where they were typed, and what was typed, chosen, focused or shown stays; a screen not in
sight is in the new language when it is shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual import events

from wallet_tui.ui import retranslate as retranslate_module
from wallet_tui.ui.i18n import current_language
from wallet_tui.ui.screens.modals import ConfirmModal

from .helpers import palette_offers, settle, wait_for
from .screens_support import (
    BLOCKED_WALLET,
    FULL_WALLET,
    SIMPLIFIED_WALLET,
    desk,
    look_up,
    show,
    text_of,
    type_into,
    wallet_posts,
)
from .test_i18n import english_left, russian, screen_text, switch_in_palette


def press_during_the_switch(app, monkeypatch: pytest.MonkeyPatch, *keys: str) -> None:
    """Has `keys` arrive while the switch is under way (as the texts are drawn again), the
    way keys typed at a busy desk wait in its queue."""
    original = retranslate_module.retranslate
    pressed = False

    def retranslate_with_keys_arriving(screens):
        nonlocal pressed
        if not pressed:
            pressed = True
            for key in keys:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
        original(screens)

    monkeypatch.setattr(retranslate_module, "retranslate", retranslate_with_keys_arriving)


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


async def test_keys_typed_during_the_switch_land_in_the_field_and_nothing_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    async with desk(tmp_path) as (app, pilot):
        refill = await refill_typed_and_russian_offered(app, pilot)
        press_during_the_switch(app, monkeypatch, *"00")
        await pilot.press("enter")
        await settle(pilot)
        assert current_language() == "ru"
        assert app.screen is refill and wallet_posts(app) == []
        assert refill.field("refill-amount").value == "100000"
        assert "Сумма, ₽" in screen_text(app)
        await pilot.press("enter")  # the desk takes keys as ever
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert wallet_posts(app) == []


async def test_a_screen_out_of_sight_is_in_the_new_language_when_shown(
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
        # Keys typed right after F5 are for the refill screen.
        await pilot.press("f5", *"500")
        await settle(pilot)
        assert app.screen is refill
        text = screen_text(app)
        assert "Сумма, ₽" in text and "Внешний id" in text
        assert refill.field("refill-amount").value == "500"


async def test_keys_typed_right_after_choosing_in_the_palette_end_nothing(tmp_path: Path):
    """Enter, Down, Enter, y typed in one go: Textual's palette chose twice and the app ended
    (ScreenStackError). One key in flight (key_order.py): the palette chooses once and the
    keys after it go to the refill as typed, which sends nothing without its confirmation."""
    async with desk(tmp_path) as (app, pilot):
        refill = await refill_typed_and_russian_offered(app, pilot)
        for key, character in (("enter", "\r"), ("down", None), ("enter", "\r"), ("y", "y")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        await settle(pilot)
        assert app.is_running
        assert current_language() == "ru"
        assert app.screen is refill and wallet_posts(app) == []


async def test_a_half_typed_form_its_selection_and_its_result_survive_switching_both_ways(
    tmp_path: Path,
):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        refill = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")  # a refill done: its result box stays open
        await settle(pilot)
        result = refill.query_one("#refill-result")
        assert result.has_class("-shown") and str(result.content)
        await type_into(pilot, "refill-amount", "1000")
        await type_into(pilot, "refill-description", "rent for May")
        description = refill.field("refill-description").input
        # The amount: the field the refill screen focuses when it is back from the palette.
        amount = refill.field("refill-amount").input
        amount.focus()
        await settle(pilot)
        amount.selection = (1, 3)

        def state():
            return (
                amount.value, description.value, app.focused is amount, amount.selection,
                str(result.content), result.has_class("-shown"), app.screen is refill,
            )

        before = state()
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert "Сумма, ₽" in screen_text(app)
        in_russian = state()
        assert in_russian[:4] == before[:4] and in_russian[5:] == before[5:]
        assert in_russian[4] != before[4]  # the result box, drawn in Russian
        await switch_in_palette(pilot, "English", "Language: English")
        assert "Amount, ₽" in screen_text(app)
        assert state() == before
        assert wallet_posts(app) and len(wallet_posts(app)) == 1


async def test_the_level_shown_survives_a_switch(tmp_path: Path):
    """A FULL wallet's identification screen, composed again, said what ANONYMOUS allows."""
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


async def test_every_screen_shown_before_a_switch_is_in_the_new_language_after_it(
    tmp_path: Path,
):
    """Nothing is composed again: each text a screen showed before the switch must have
    kept its source to be drawn again in Russian."""
    names = ("lookup", "registration", "identification", "refill", "payment", "withdrawal",
             "console", "demo")
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        for name in names:
            await show(pilot, name)
        await switch_in_palette(pilot, "русский", "Язык: русский")
        left = {}
        for name in names:
            await show(pilot, name)
            english = english_left(screen_text(app))
            if english:
                left[name] = english
        assert not left
        await switch_in_palette(pilot, "English", "Language: English")
        for name in names:
            await show(pilot, name)
            russian = russian_left(screen_text(app))
            if russian:
                left[name] = russian
        assert not left


def russian_left(text: str) -> list[str]:
    """Catalogue translations (their sentence-like pieces) still showing in Russian."""
    flat = re.sub(r"\s+", " ", text)
    left = []
    for translated in russian().values():
        for piece in re.split(r"\{[^}]*\}", translated):
            piece = piece.strip(" .:…·()")
            if len(piece) >= 8 and " " in piece and piece in flat:
                left.append(piece)
    return left

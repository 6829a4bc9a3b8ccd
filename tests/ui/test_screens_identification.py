"""Identification: the chosen level's limits, a change only after a confirmation, no wrap-around
in the list, refusals in words, the no-wallet hint."""

from __future__ import annotations

from textual.widgets import OptionList

from wallet_tui.protocol import Identification
from wallet_tui.ui.screens.modals import ConfirmModal

from .helpers import settle
from .screens_support import (
    ANONYMOUS_WALLET,
    BLOCKED_WALLET,
    FULL_WALLET,
    SIMPLIFIED_WALLET,
    desk,
    error_under,
    look_up,
    show,
    text_of,
    type_into,
    wallet_posts,
)


async def test_without_a_wallet_the_screen_says_to_look_one_up(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "identification")
        assert screen.query_one("#no-wallet").display
        assert "F2" in text_of(screen, "#no-wallet")
        assert not screen.query_one("#operation").display
        await pilot.press("enter")
        await settle(pilot)
        assert wallet_posts(app) == []


async def test_raise_to_full_shows_new_limits_and_updates_current_wallet(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "identification")
        assert "SIMPLIFIED allows" in text_of(screen, "#idn-limits")
        await pilot.press("down")  # the list has the focus, on the current level
        await settle(pilot)
        limits = text_of(screen, "#idn-limits")
        assert "FULL allows" in limits and "RUB 600,000.00" in limits and "no cap" in limits
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.current_wallet.identification == Identification.FULL
        assert "Level is now FULL (was SIMPLIFIED)" in text_of(screen, "#idn-result")
        assert wallet_posts(app) == [
            f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/identification/FULL"
        ]


async def test_lowering_below_the_balance_is_refused_and_explained(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, FULL_WALLET)
        screen = await show(pilot, "identification")
        await pilot.press("up", "up")
        await settle(pilot)
        assert "above this limit" in text_of(screen, "#idn-limits")
        await pilot.press("enter", "y")
        await settle(pilot)
        assert "BALANCE_LIMIT_EXCEEDED" in text_of(screen, "#idn-banner")
        words = text_of(screen, "#idn-notice")
        assert "RUB 150,000.00" in words and "RUB 15,000.00" in words
        assert "at least RUB 135,000.00 first" in words
        assert app.current_wallet.identification == Identification.FULL


async def test_the_refusal_goes_when_another_level_is_chosen_or_the_data_edited(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, FULL_WALLET)
        screen = await show(pilot, "identification")
        await pilot.press("up", "up", "enter", "y")
        await settle(pilot)
        assert screen.query_one("#idn-banner").shown
        assert "at least" in text_of(screen, "#idn-notice")
        await pilot.press("down")
        await settle(pilot)
        assert not screen.query_one("#idn-banner").shown
        assert "at least" not in text_of(screen, "#idn-notice")
        await pilot.press("up", "enter", "y")
        await settle(pilot)
        assert screen.query_one("#idn-banner").shown
        await type_into(pilot, "idn-first-name", "Вера")
        await settle(pilot)
        assert not screen.query_one("#idn-banner").shown


async def test_blocked_wallet_refusal_is_explained(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, BLOCKED_WALLET)
        screen = await show(pilot, "identification")
        await pilot.press("up")
        await pilot.press("enter", "y")
        await settle(pilot)
        assert "WALLET_BLOCKED" in text_of(screen, "#idn-banner")
        assert "blocked" in text_of(screen, "#idn-notice")


async def test_bad_email_is_said_under_it_and_nothing_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "identification")
        screen.field("idn-email").value = "not-an-email"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "email" in error_under(screen, "idn-email")
        assert not isinstance(app.screen, ConfirmModal)  # nothing to confirm yet
        assert wallet_posts(app) == []


def highlighted_level(screen) -> str | None:
    option = screen.query_one("#idn-levels", OptionList).highlighted_option
    return option.id if option else None


async def test_the_level_list_stops_at_its_ends(tmp_path):
    """Up from ANONYMOUS went round to FULL: one slip away from a change nobody meant."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, ANONYMOUS_WALLET)
        screen = await show(pilot, "identification")
        assert highlighted_level(screen) == "ANONYMOUS"
        await pilot.press("up")
        await settle(pilot)
        assert highlighted_level(screen) == "ANONYMOUS"
        await pilot.press("down", "down", "down", "down")
        await settle(pilot)
        assert highlighted_level(screen) == "FULL"
        assert "FULL allows" in text_of(screen, "#idn-limits")


async def test_a_level_change_is_sent_only_after_a_confirmation_naming_it(tmp_path):
    """The tester's Up Up Enter on a SIMPLIFIED wallet set it to FULL at once."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "identification")
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmModal)
        body = text_of(dialog, "#dialog-body")
        assert SIMPLIFIED_WALLET in body and "SIMPLIFIED → FULL" in body
        # The new limits, next to the old ones.
        assert "RUB 60,000.00 → RUB 600,000.00" in body
        assert "RUB 200,000.00 → no cap" in body
        assert wallet_posts(app) == []
        # Enter on the dialog goes back: a second Enter is the likeliest slip of all.
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and wallet_posts(app) == []
        assert app.current_wallet.identification == Identification.SIMPLIFIED
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and wallet_posts(app) == []
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.current_wallet.identification == Identification.FULL
        assert wallet_posts(app) == [
            f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/identification/FULL"
        ]


async def test_the_confirmation_warns_when_the_service_will_refuse(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, FULL_WALLET)
        await show(pilot, "identification")
        await pilot.press("up", "enter")
        await settle(pilot)
        body = text_of(app.screen, "#dialog-body")
        assert "FULL → SIMPLIFIED" in body
        assert "RUB 150,000.00 is above the new limit" in body

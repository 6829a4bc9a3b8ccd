"""Identification: the chosen level's limits, a change, refusals in words, the no-wallet hint."""

from __future__ import annotations

from wallet_tui.protocol import Identification

from .helpers import settle
from .screens_support import (
    BLOCKED_WALLET,
    FULL_WALLET,
    SIMPLIFIED_WALLET,
    desk,
    error_under,
    look_up,
    show,
    text_of,
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
        await pilot.press("enter")
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
        await pilot.press("enter")
        await settle(pilot)
        assert "BALANCE_LIMIT_EXCEEDED" in text_of(screen, "#idn-banner")
        words = text_of(screen, "#idn-notice")
        assert "RUB 150,000.00" in words and "RUB 15,000.00" in words
        assert "at least RUB 135,000.00 first" in words
        assert app.current_wallet.identification == Identification.FULL


async def test_blocked_wallet_refusal_is_explained(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, BLOCKED_WALLET)
        screen = await show(pilot, "identification")
        await pilot.press("up")
        await pilot.press("enter")
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
        assert wallet_posts(app) == []

"""Refill: confirm first, then the operation and the resulting balance."""

from __future__ import annotations

from decimal import Decimal

from wallet_tui.ui.screens.modals import ConfirmModal

from .helpers import settle
from .screens_support import SIMPLIFIED_WALLET, desk, error_under, look_up, show, text_of, type_into, wallet_posts


async def test_refill_asks_first_then_shows_operation_and_new_balance(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        assert app.current_wallet.balance == Decimal("25000.00")
        screen = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "1 000,50")
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        body = text_of(modal, "#dialog-body")
        assert SIMPLIFIED_WALLET in body and "RUB 1,000.50" in body and "RUB 26,000.50" in body
        assert wallet_posts(app) == []
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        result = text_of(screen, "#refill-result")
        assert "RUB 26,000.50" in result and "operationId" in result
        assert "Refilled RUB 1,000.50 — SUCCEEDED" in result and result.count("SUCCEEDED") == 1
        assert app.current_wallet.balance == Decimal("26000.50")
        assert wallet_posts(app) == [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill"]


async def test_bad_input_is_said_under_each_field_and_nothing_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        before = len(app.gateway.exchanges)
        await type_into(pilot, "refill-amount", "1 000,505")
        screen.field("refill-external-id").value = "x" * 65
        screen.field("refill-description").value = "d" * 256
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen  # no confirmation either
        assert "two digits" in error_under(screen, "refill-amount")
        assert "64" in error_under(screen, "refill-external-id")
        assert "255" in error_under(screen, "refill-description")
        assert len(app.gateway.exchanges) == before


async def test_refill_past_the_level_limit_is_warned_then_refused(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "40 000")
        await pilot.press("enter")
        await settle(pilot)
        assert "refuse" in text_of(app.screen, "#dialog-body")
        await pilot.press("y")
        await settle(pilot)
        banner = text_of(screen, "#refill-banner")
        assert "BALANCE_LIMIT_EXCEEDED" in banner and "requestId" in banner
        assert screen.key.key is None  # a definite refusal: the next try is a new operation
        assert app.current_wallet.balance == Decimal("25000.00")

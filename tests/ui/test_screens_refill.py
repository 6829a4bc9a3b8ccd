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
        assert SIMPLIFIED_WALLET in body and "1 000,50" in body and "26 000,50" in body
        assert wallet_posts(app) == []
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        result = text_of(screen, "#refill-result")
        assert "26 000,50" in result and "operationId" in result
        assert app.current_wallet.balance == Decimal("26000.50")
        assert wallet_posts(app) == [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill"]

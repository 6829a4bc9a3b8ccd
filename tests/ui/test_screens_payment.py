"""The payment wizard: initiate, confirm, result; cancel; expiry from the service and from
the countdown."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from wallet_tui.ui.screens.payment import STEP_CONFIRM, STEP_INIT, STEP_RESULT

from .helpers import settle
from .screens_support import SIMPLIFIED_WALLET, desk, error_under, look_up, show, text_of, type_into, wallet_posts

INIT = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/payment/initialization"
CONFIRM = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/payment"


async def start_payment(pilot, amount: str = "1 500"):
    await look_up(pilot, SIMPLIFIED_WALLET)
    screen = await show(pilot, "payment")
    await type_into(pilot, "pay-amount", amount)
    await type_into(pilot, "pay-description", "Coffee")
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def test_initiate_confirm_and_see_the_result(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await start_payment(pilot)
        assert screen.step == STEP_CONFIRM
        summary = text_of(screen, "#pay-summary")
        assert screen.payment.payment_id in summary
        assert "RUB 1,500.00" in summary and "RUB 0.00" in summary  # amount, fee, total
        assert "time left" in text_of(screen, "#pay-countdown")
        assert wallet_posts(app) == [INIT]
        await pilot.press("y")
        await settle(pilot)
        assert screen.step == STEP_RESULT
        result = text_of(screen, "#pay-result")
        assert "operationId" in result and "RUB 23,500.00" in result
        assert "Paid RUB 1,500.00 — SUCCEEDED" in result  # in English the wire value once
        assert app.current_wallet.balance == Decimal("23500.00")
        assert app.current_wallet.limits.monthly_turnover_used >= Decimal("1500.00")
        assert wallet_posts(app) == [INIT, CONFIRM]
        await pilot.press("n")
        await settle(pilot)
        assert screen.step == STEP_INIT and screen.field("pay-amount").value == ""


async def test_cancel_debits_nothing(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await start_payment(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert screen.step == STEP_INIT
        assert "nothing was debited" in text_of(screen, "#pay-notice")
        assert wallet_posts(app) == [INIT]
        assert app.current_wallet.balance == Decimal("25000.00")


async def test_payment_expired_at_the_service_offers_to_start_again(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await start_payment(pilot, "2 000")
        await app.gateway.client.sandbox_advance_clock(901)
        await pilot.press("y")
        await settle(pilot)
        assert "PAYMENT_EXPIRED" in text_of(screen, "#pay-banner")
        assert "expired" in text_of(screen, "#pay-notice")
        assert screen.expired
        posts = len(wallet_posts(app))
        await pilot.press("y")  # confirming an expired payment sends nothing
        await settle(pilot)
        assert len(wallet_posts(app)) == posts
        await pilot.press("n")
        await settle(pilot)
        assert screen.step == STEP_INIT
        assert screen.field("pay-amount").value == "2 000"  # start again with the same data
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == STEP_CONFIRM and not screen.expired


async def test_countdown_reaching_zero_says_expired(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await start_payment(pilot)
        expires_at = screen.payment.expires_at
        screen.clock = lambda: expires_at + timedelta(seconds=1)
        screen.refresh_countdown()
        await settle(pilot)
        assert screen.expired
        assert "expired" in text_of(screen, "#pay-countdown")
        assert "Press n to start again" in text_of(screen, "#pay-notice")
        await pilot.press("y")
        await settle(pilot)
        assert wallet_posts(app) == [INIT]


async def test_bad_amount_is_said_under_it_and_nothing_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "payment")
        for typed in ("0", "1,234", "12a", "700 000"):
            await type_into(pilot, "pay-amount", typed)
            await pilot.press("enter")
            await settle(pilot)
            assert error_under(screen, "pay-amount"), typed
        assert wallet_posts(app) == []

"""Figures the operator can rely on (issue 11, item 4): a payment's time left is counted on
the server's clock (its answers' Date header), whatever the desk's clock says, and a payment
or withdrawal the service will refuse is warned about before it is sent."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from wallet_tui.client import Exchange
from wallet_tui.protocol import PaymentInitRequest, RefillRequest
from wallet_tui.ui.screens.modals import ConfirmModal
from wallet_tui.ui.screens.payment import STEP_CONFIRM
from wallet_tui.ui.server_clock import ServerClock

from .helpers import settle
from .screens_support import (
    SIMPLIFIED_WALLET,
    desk,
    look_up,
    manual_clock,
    show,
    text_of,
    type_into,
)

TTL = timedelta(minutes=15)  # the sandbox's payment time to live


def time_left(countdown: str) -> timedelta:
    minutes, seconds = re.search(r"time left (\d+):(\d\d)", countdown).groups()
    return timedelta(minutes=int(minutes), seconds=int(seconds))


def test_the_date_header_sets_the_servers_time():
    desk_time = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)
    clock = ServerClock(desk_now=lambda: desk_time)
    clock.hear(Exchange(id=1, started_at=desk_time - timedelta(seconds=1), method="GET",
                        url="u", path="/p", status=200, duration_ms=1000,
                        response_headers={"date": "Fri, 01 Jan 2027 12:03:00 GMT"}))
    assert clock.now() == datetime(2027, 1, 1, 12, 3, 0, 500000, tzinfo=UTC)
    for broken in ({}, {"date": "yesterday"}, {"date": ""}):
        clock.hear(Exchange(id=2, started_at=desk_time, method="GET", url="u", path="/p",
                            response_headers=broken))
    assert clock.now() == datetime(2027, 1, 1, 12, 3, 0, 500000, tzinfo=UTC)


async def test_the_countdown_follows_the_servers_clock_not_the_desks(tmp_path):
    """The sandbox's clock stands weeks away from the desk's and is moved on: the time left
    is never more than the payment's time to live (it showed 16:56 of 15 minutes)."""
    async with desk(tmp_path, clock=manual_clock()) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await app.gateway.client.sandbox_advance_clock(120)
        screen = await show(pilot, "payment")
        await type_into(pilot, "pay-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == STEP_CONFIRM
        left = time_left(text_of(screen, "#pay-countdown"))
        assert TTL - timedelta(minutes=1) < left <= TTL
        # Five minutes pass on the server: its next answer says so.
        await app.gateway.client.sandbox_advance_clock(300)
        screen.refresh_countdown()
        left = time_left(text_of(screen, "#pay-countdown"))
        assert TTL - timedelta(minutes=6) < left <= TTL - timedelta(minutes=5)


async def test_a_payment_past_the_balance_is_warned_at_its_confirmation(tmp_path):
    """Initiated within the balance; money leaves the wallet elsewhere before the confirmation."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)  # 25 000 on it
        screen = await show(pilot, "payment")
        await type_into(pilot, "pay-amount", "20 000")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.step == STEP_CONFIRM
        assert "refuse" not in text_of(screen, "#pay-summary")
        client = app.gateway.client
        other = await client.init_payment(
            SIMPLIFIED_WALLET, PaymentInitRequest(amount=Decimal("10000")),
            idempotency_key="elsewhere-1")
        await client.confirm_payment(SIMPLIFIED_WALLET, other.payment_id,
                                     idempotency_key="elsewhere-2")
        app.current_wallet = await client.get_wallet(SIMPLIFIED_WALLET)
        await settle(pilot)
        summary = text_of(screen, "#pay-summary")
        assert "More than the balance of RUB 15,000.00" in summary


async def test_a_withdrawal_past_the_balance_is_warned_before_it_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)  # 25 000 on it
        await show(pilot, "withdrawal")
        await type_into(pilot, "wd-amount", "25 000")
        await type_into(pilot, "wd-bank-filter", "сбер")
        await pilot.press("enter")  # takes the bank
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        body = text_of(app.screen, "#dialog-body")
        assert "-RUB" in body and "More than the balance of RUB 25,000.00" in body


async def test_a_withdrawal_within_the_balance_has_no_warning(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await show(pilot, "withdrawal")
        await type_into(pilot, "wd-amount", "1 000")
        await type_into(pilot, "wd-bank-filter", "сбер")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        body = text_of(app.screen, "#dialog-body")
        assert "refuse" not in body


async def test_a_withdrawal_past_the_months_outgoing_limit_is_warned_before_it_is_sent(tmp_path):
    """Within the balance but past what the level may send out this month (SIMPLIFIED:
    200 000): the confirmation says so, and how much is left, before anything is sent."""
    async with desk(tmp_path) as (app, pilot):
        client = app.gateway.client
        wallet = await client.get_wallet(SIMPLIFIED_WALLET)
        # Pay out (refilling to the balance cap between payments) until 500 is left this month.
        while (to_send := Decimal("199500") - wallet.limits.monthly_turnover_used) > 0:
            await client.refill(SIMPLIFIED_WALLET,
                                RefillRequest(amount=Decimal("60000") - wallet.balance))
            payment = await client.init_payment(
                SIMPLIFIED_WALLET, PaymentInitRequest(amount=min(to_send, Decimal("50000"))))
            await client.confirm_payment(SIMPLIFIED_WALLET, payment.payment_id)
            wallet = await client.get_wallet(SIMPLIFIED_WALLET)
        assert wallet.balance > Decimal("1010")
        await look_up(pilot, SIMPLIFIED_WALLET)
        await show(pilot, "withdrawal")
        await type_into(pilot, "wd-amount", "1 000")  # 1 010 with the fee
        await type_into(pilot, "wd-bank-filter", "сбер")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        body = text_of(app.screen, "#dialog-body")
        assert "monthly outgoing limit of RUB 200,000.00 (RUB 500.00 left this month)" in body
        assert "More than the balance" not in body
        assert not [e for e in app.gateway.exchanges if "wifhdrawal" in e.path
                    and e.method == "POST"]

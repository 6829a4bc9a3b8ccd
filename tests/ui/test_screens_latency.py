"""With a slow service (sandbox latency 2000 ms): keys still work while a call is in flight,
a second Enter sends nothing, Esc abandons the wait and a retry reuses the idempotency key."""

from __future__ import annotations

from decimal import Decimal

from wallet_tui.ui.screens.modals import ConfirmModal
from wallet_tui.ui.screens.refill import RefillScreen

from .helpers import settle, wait_for
from .screens_support import SIMPLIFIED_WALLET, desk, look_up, set_faults, show, text_of, type_into

REFILL = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill"


def refill_posts(app):
    return [e for e in app.gateway.exchanges if e.method == "POST" and e.path == REFILL]


async def start_slow_refill(pilot, amount: str) -> RefillScreen:
    await look_up(pilot, SIMPLIFIED_WALLET)
    screen = await show(pilot, "refill")
    await set_faults(pilot.app, latency_ms=2000)
    await type_into(pilot, "refill-amount", amount)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
    await pilot.press("y")
    await wait_for(pilot, lambda: screen.busy)
    assert "Refilling RUB 100.00" in text_of(screen, "#busy")
    assert screen.query_one("#busy").display
    return screen


async def test_double_enter_while_in_flight_sends_once(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await start_slow_refill(pilot, "100")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen is screen  # no second confirmation
        # Other keys still work while the call is in flight.
        await type_into(pilot, "refill-description", "x")
        assert screen.busy and screen.field("refill-description").value == "x"
        await settle(pilot)
        assert not screen.busy
        assert len(refill_posts(app)) == 1
        assert app.current_wallet.balance == Decimal("25100.00")


async def test_esc_abandons_and_retry_reuses_the_key(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await start_slow_refill(pilot, "100")
        key = screen.key.key
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.busy
        notice = text_of(screen, "#refill-notice")
        assert "unknown" in notice and "F2" in notice and key in notice
        await set_faults(app, latency_ms=0)
        # The retry: the same form again, Enter, y.
        screen.field("refill-amount").input.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        sent = refill_posts(app)
        assert sent and sent[-1].idempotency_key == key
        assert "New balance" in text_of(screen, "#refill-result")
        assert app.current_wallet.balance == Decimal("25100.00")  # applied once
        assert screen.key.key is None  # a definite answer ends the key's life

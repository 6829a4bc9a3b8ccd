"""With a slow service (sandbox latency 2000 ms): keys still work while a call is in flight,
a second Enter sends nothing, Esc abandons the wait and a retry reuses the idempotency key.
With a fast one, no busy line flickers and the footer offers no Esc once the answer is in."""

from __future__ import annotations

from decimal import Decimal

from wallet_tui.ui.screens import operation_screen
from wallet_tui.ui.screens.modals import ConfirmModal
from wallet_tui.ui.screens.refill import RefillScreen

from .helpers import drawn_text, settle, wait_for
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
    line = screen.query_one("#busy")
    await wait_for(pilot, lambda: line.display)  # once the call is BUSY_LINE_DELAY old
    assert "Refilling RUB 100.00" in text_of(screen, "#busy")
    assert "Stop waiting" in drawn_text(pilot.app).splitlines()[-1]
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


async def test_a_fast_answer_shows_no_busy_line(tmp_path):
    """The embedded sandbox answers in a few ms: the line is not drawn and taken away
    again within a frame (a flicker); a call still in flight after BUSY_LINE_DELAY shows it."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        line = screen.query_one("#busy")
        shown: list[bool] = []  # each time the line was shown or hidden
        set_class = line.set_class

        def recorded(add: bool, *names: str, **kwargs):
            shown.append(add)
            return set_class(add, *names, **kwargs)

        line.set_class = recorded
        await type_into(pilot, "refill-amount", "100")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot)
        assert "Refilled RUB 100.00" in text_of(screen, "#refill-result")
        assert shown == [] and not line.display
        assert "Stop waiting" not in drawn_text(app)


async def test_keys_planned_mid_call_lose_esc_when_it_ends(tmp_path, monkeypatch):
    """The footer planned while a call was in flight offers Esc; the call ends (refused:
    the wallet, and with it the keys, stay as they were) before its busy line was due: Esc
    goes from the footer with it."""
    monkeypatch.setattr(operation_screen, "BUSY_LINE_DELAY", 60.0)  # never due here
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await set_faults(app, latency_ms=500)
        await type_into(pilot, "refill-amount", "40 000")  # past the SIMPLIFIED balance limit
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.busy)
        await pilot.press("tab")  # focus moves: the footer is planned again, mid-call
        await wait_for(pilot, lambda: "Stop waiting" in drawn_text(app).splitlines()[-1])
        await wait_for(pilot, lambda: not screen.busy)
        await settle(pilot)
        assert "BALANCE_LIMIT_EXCEEDED" in text_of(screen, "#refill-banner")
        assert not screen.query_one("#busy").display
        assert "Stop waiting" not in drawn_text(app).splitlines()[-1]

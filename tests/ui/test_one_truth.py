"""One truth on screen (issue 11, item 2): a form's old result never stands beside a new
answer, "the outcome is unknown" is said once and exactly, and a failed lookup says what
the card under it is."""

from __future__ import annotations

from wallet_tui.client import OutcomeUnknown
from wallet_tui.ui.screens.texts import unknown_outcome_text

from .helpers import settle
from .screens_support import (
    SIMPLIFIED_WALLET,
    desk,
    look_up,
    show,
    text_of,
    type_into,
)


async def refill(pilot, amount: str) -> None:
    await type_into(pilot, "refill-amount", amount)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)


def shown(screen, selector: str) -> str:
    widget = screen.query_one(selector)
    return text_of(screen, selector) if widget.has_class("-shown") else ""


async def test_a_refused_refill_does_not_stand_under_the_last_success(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await refill(pilot, "1 000,50")
        assert "Refilled RUB 1,000.50" in shown(screen, "#refill-result")
        await refill(pilot, "40 000")  # past the SIMPLIFIED balance limit
        assert "BALANCE_LIMIT_EXCEEDED" in shown(screen, "#refill-banner")
        assert shown(screen, "#refill-result") == ""


async def test_no_answer_after_a_success_says_unknown_once_and_drops_the_old_result(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await refill(pilot, "100")
        assert "Refilled RUB 100.00" in shown(screen, "#refill-result")
        # The server dies with the request sent: the client cannot tell what happened.
        client = app.gateway.client

        async def server_gone(wallet_id, request, *, idempotency_key):
            raise OutcomeUnknown(idempotency_key=idempotency_key, operation="refill")

        client.refill = server_gone
        await refill(pilot, "200")
        notice = shown(screen, "#refill-notice")
        assert "Whether the refill was applied is unknown." in notice
        assert shown(screen, "#refill-result") == ""
        assert shown(screen, "#refill-banner") == ""  # said once, in the notice
        whole = notice + shown(screen, "#refill-banner")
        assert whole.count("unknown") == 1 and screen.key.key in notice


def test_initiating_a_payment_is_said_to_move_no_money():
    initiation = unknown_outcome_text("payment", "k-1").plain
    assert "initiated" in initiation and "moves no money" in initiation
    confirmation = unknown_outcome_text("confirmation", "k-2", retry_key="y").plain
    assert "confirmed" in confirmation and "moves no money" not in confirmation
    assert len(initiation) < 200 and initiation.count("unknown") == 1


async def test_a_failed_lookup_says_the_card_is_the_wallet_found_before(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert shown(screen, "#lookup-notice") == ""
        await look_up(pilot, "100000000005")  # the other partner's wallet: not found here
        assert shown(screen, "#lookup-banner")
        notice = shown(screen, "#lookup-notice")
        assert SIMPLIFIED_WALLET in notice and "found before" in notice
        await look_up(pilot, SIMPLIFIED_WALLET)
        assert shown(screen, "#lookup-notice") == ""

"""Withdrawal: the bank picker, the fee estimate, the status followed to SUCCEEDED or FAILED
with the refund, and the ANONYMOUS refusal."""

from __future__ import annotations

from decimal import Decimal

from wallet_tui.ui.screens.identification import IdentificationScreen
from wallet_tui.ui.screens.modals import ConfirmModal
from wallet_tui.ui.screens.withdrawal import VIEW_ANONYMOUS, VIEW_FORM, VIEW_TRACK, WithdrawalScreen

from .helpers import settle
from .screens_support import (
    ANONYMOUS_WALLET,
    FULL_WALLET,
    SIMPLIFIED_WALLET,
    desk,
    error_under,
    focused_input_id,
    look_up,
    set_faults,
    show,
    text_of,
    type_into,
    wallet_posts,
)

SBERBANK = "100000000111"


async def fill_withdrawal(pilot, amount: str) -> WithdrawalScreen:
    # The bank settles when the test moves the sandbox clock, not while the machine is slow.
    await set_faults(pilot.app, withdrawal_settle_seconds=60)
    await look_up(pilot, SIMPLIFIED_WALLET)
    screen = await show(pilot, "withdrawal")
    screen.POLL_SECONDS = 0.3
    await type_into(pilot, "wd-bank-filter", "сбер")
    await pilot.press("enter")  # takes the highlighted bank, moves on to the phone
    await settle(pilot)
    await type_into(pilot, "wd-amount", amount)
    await settle(pilot)
    return screen


async def wait_until(pilot, condition, attempts: int = 100) -> None:
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")


async def test_withdrawal_is_followed_until_succeeded(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await fill_withdrawal(pilot, "1 000")
        picker = screen.query_one("#wd-bank")
        assert picker.chosen["bankId"] == SBERBANK
        assert screen.field("wd-phone").value == "+7 999 000-00-02"  # the owner's phone
        estimate = text_of(screen, "#wd-estimate")
        assert "RUB 10.00" in estimate and "RUB 1,010.00" in estimate and "RUB 23,990.00" in estimate
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert wallet_posts(app) == []
        await pilot.press("y")
        await settle(pilot)
        assert screen.view == VIEW_TRACK
        assert "PROCESSING" in text_of(screen, "#wd-status")
        assert app.current_wallet.balance == Decimal("23990.00")
        await app.gateway.client.sandbox_advance_clock(61)
        await wait_until(pilot, lambda: "SUCCEEDED" in text_of(screen, "#wd-status"))
        await settle(pilot)
        assert "RUB 23,990.00" in text_of(screen, "#wd-status")
        assert wallet_posts(app) == [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/wifhdrawal"]
        polls = [e for e in app.gateway.exchanges if e.method == "GET" and "/wifhdrawal/" in e.path
                 and not e.path.endswith("/bank")]
        assert polls, "the status was never asked for"


async def test_withdrawal_of_13_kopecks_fails_and_is_refunded(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await fill_withdrawal(pilot, "500,13")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await app.gateway.client.sandbox_advance_clock(61)
        await wait_until(pilot, lambda: "FAILED" in text_of(screen, "#wd-status"))
        await wait_until(pilot, lambda: app.current_wallet.balance == Decimal("25000.00"))
        status = text_of(screen, "#wd-status")
        assert "BANK_REJECTED" in status and "RUB 510.13 returned" in status
        assert "✘ FAILED: BANK_REJECTED" in status  # the wire value once, the error name as sent


async def test_anonymous_wallet_is_told_why_and_offered_identification(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, ANONYMOUS_WALLET)
        screen = await show(pilot, "withdrawal")
        assert screen.view == VIEW_ANONYMOUS
        assert "ANONYMOUS" in text_of(screen, "#wd-anonymous-text")
        await pilot.press("enter")  # the offer's button has the focus
        await settle(pilot)
        assert isinstance(app.screen, IdentificationScreen)
        assert wallet_posts(app) == []


async def test_bank_filter_by_sbp_id_and_arrows(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "withdrawal")
        picker = screen.query_one("#wd-bank")
        await settle(pilot)
        assert len(picker.shown) >= 20
        await type_into(pilot, "wd-bank-filter", "100000000004")
        assert [bank["bankId"] for bank in picker.shown] == ["100000000004"]
        await type_into(pilot, "wd-bank-filter", "банк")
        first, second = picker.shown[0], picker.shown[1]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert picker.chosen == second != first
        # The choice is made; the next Enter sends (the focus stays where it was typed).
        assert screen.field("wd-bank-filter").input.has_focus
        assert picker.shows_choice


async def test_the_amount_comes_first_and_digits_never_change_the_bank(tmp_path):
    """Issue 11: after switching wallet the focus was on the bank filter; the amount
    typed there chose the first bank whose id held it."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "withdrawal")
        await settle(pilot)
        assert focused_input_id(app) == "wd-amount-input"
        picker = screen.query_one("#wd-bank")
        await type_into(pilot, "wd-bank-filter", "сбер")
        await pilot.press("enter")
        await settle(pilot)
        chosen = picker.chosen
        assert chosen is not None and "Сбер" in chosen["name"]
        await look_up(pilot, FULL_WALLET)
        screen = await show(pilot, "withdrawal")
        assert focused_input_id(app) == "wd-amount-input"
        # Digits typed into the filter by mistake, then Tab away: the bank stays.
        screen.field("wd-bank-filter").input.focus()
        await pilot.press("1", "0", "0", "0", "tab")
        await settle(pilot)
        assert picker.chosen == chosen
        assert screen.field("wd-bank-filter").value == chosen["name"]


async def test_bad_input_is_said_under_each_field_and_nothing_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "withdrawal")
        before = len(app.gateway.exchanges)
        await type_into(pilot, "wd-phone", "+44 20 7946 0958")
        await type_into(pilot, "wd-amount", "-5")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view == VIEW_FORM
        assert "bank" in error_under(screen, "wd-bank-filter").lower()
        assert "Russian" in error_under(screen, "wd-phone")
        assert "positive" in error_under(screen, "wd-amount")
        assert len(app.gateway.exchanges) == before
        await type_into(pilot, "wd-bank-filter", "zzz")
        await pilot.press("enter")
        await settle(pilot)
        assert "No bank matches" in error_under(screen, "wd-bank-filter")
        assert len(app.gateway.exchanges) == before


# -- following the status: Esc stops it, r resumes it, leaving the screen pauses it -----------


def status_looks(app) -> list[str]:
    """Paths of the status requests sent so far (GET of one withdrawal)."""
    return [e.path for e in app.gateway.exchanges if e.method == "GET"
            and "/wifhdrawal/" in e.path and not e.path.endswith("/bank")]


def offered(screen, description: str) -> bool:
    """True when the footer offers a key with this description."""
    return any(active.binding.description == description and active.enabled
               for active in screen.active_bindings.values())


async def sent_and_followed(pilot) -> WithdrawalScreen:
    """A withdrawal sent and followed; its bank answers only when the test moves the clock."""
    app = pilot.app
    screen = await fill_withdrawal(pilot, "1 000")
    screen.POLL_SECONDS = 0.05
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert screen.view == VIEW_TRACK and screen.follower.following
    looked = len(status_looks(app))
    await wait_until(pilot, lambda: len(status_looks(app)) >= looked + 2)  # it does poll
    return screen


async def test_esc_stops_following_and_says_how_to_check_later(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await sent_and_followed(pilot)
        withdrawal_id = screen.withdrawal.withdrawal_id
        assert offered(screen, "Stop following") and not offered(screen, "Follow again")
        await pilot.press("escape")
        await settle(pilot)
        looked = len(status_looks(app))
        await pilot.pause(0.5)  # ten poll intervals
        assert len(status_looks(app)) == looked, "the status was still asked for after Esc"
        assert not screen.follower.polling
        assert not screen.follower.asking
        notice = text_of(screen, "#wd-notice")
        assert f"Withdrawal {withdrawal_id} was sent and is being processed" in notice
        assert "r follows it again" in notice and "F2 looks the wallet up" in notice
        status = text_of(screen, "#wd-status")
        assert "PROCESSING" in status and "not checked now" in status
        assert offered(screen, "Follow again") and offered(screen, "New withdrawal")
        assert not offered(screen, "Stop following")
        await pilot.press("escape")  # Esc again changes nothing, sends nothing
        await settle(pilot)
        assert len(status_looks(app)) == looked
        assert wallet_posts(app) == [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/wifhdrawal"]


async def test_follow_again_goes_on_with_the_same_withdrawal_to_succeeded(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await sent_and_followed(pilot)
        withdrawal_id = screen.withdrawal.withdrawal_id
        await pilot.press("escape")
        await settle(pilot)
        await app.gateway.client.sandbox_advance_clock(61)  # the bank pays while nobody looks
        looked = len(status_looks(app))
        await pilot.pause(0.2)
        assert "PROCESSING" in text_of(screen, "#wd-status")
        assert len(status_looks(app)) == looked
        await pilot.press("r")
        await wait_until(pilot, lambda: "SUCCEEDED" in text_of(screen, "#wd-status"))
        await settle(pilot)
        assert not screen.follower.polling
        assert text_of(screen, "#wd-notice") == ""
        later = status_looks(app)[looked:]
        assert later and all(path.endswith(f"/wifhdrawal/{withdrawal_id}") for path in later)
        assert wallet_posts(app) == [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/wifhdrawal"]
        assert app.current_wallet.balance == Decimal("23990.00")


async def test_a_second_enter_never_sends_a_second_withdrawal(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await sent_and_followed(pilot)
        sent = [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/wifhdrawal"]
        await pilot.press("enter", "y")  # while following: Enter checks the status, y is nothing
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert wallet_posts(app) == sent
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the focused "Follow again" button: follows, sends nothing
        await settle(pilot)
        assert screen.follower.following
        await pilot.press("enter", "y")
        await settle(pilot)
        assert wallet_posts(app) == sent
        assert screen.field("wd-amount").value == ""  # nothing typed into the hidden form


async def test_leaving_the_screen_stops_polling_and_coming_back_resumes(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await sent_and_followed(pilot)
        await show(pilot, "lookup")
        looked = len(status_looks(app))
        await pilot.pause(0.5)
        assert len(status_looks(app)) == looked, "the status was asked for off screen"
        assert not screen.follower.polling
        await app.gateway.client.sandbox_advance_clock(61)
        await show(pilot, "withdrawal")
        await wait_until(pilot, lambda: "SUCCEEDED" in text_of(screen, "#wd-status"))
        assert wallet_posts(app) == [f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/wifhdrawal"]

"""Check and retry from the journal beyond refill: a withdrawal, a payment confirmation and a
registration whose answer was lost (the sandbox's dropAfterCommitRate fault with a client
that does not retry, or an answer that never comes and Esc), then at the next login "check"
finds what the service did and settles the entry, and "retry" sends the same key and body:
the service books it once."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

import pytest

from wallet_tui.cli import sandbox_connect
from wallet_tui.client import WalletClient
from wallet_tui.journal import CONFIRMATION, OPEN, REGISTRATION, SETTLED, WITHDRAWAL
from wallet_tui.ui.screens.open_operations import OpenOperationsScreen
from wallet_tui.ui.screens.payment import STEP_CONFIRM

from .helpers import Sandbox, make_app, settle, wait_for
from .screens_support import SIMPLIFIED_WALLET, look_up, set_faults, show, type_into
from .test_journal_screens import demo_journal

NEW_PHONE = "+79161234567"


@asynccontextmanager
async def logged_in(sandbox: Sandbox, connect):
    app = make_app(connect)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # log in as the demo partner
        await settle(pilot)
        try:
            yield app, pilot
        finally:
            await app.gateway.aclose()


async def withdraw_answer_lost(app, pilot) -> None:
    await set_faults(app, withdrawal_settle_seconds=60)
    await look_up(pilot, SIMPLIFIED_WALLET)
    await show(pilot, "withdrawal")
    await type_into(pilot, "wd-bank-filter", "сбер")
    await pilot.press("enter")  # takes the highlighted bank
    await settle(pilot)
    await type_into(pilot, "wd-amount", "1 000")
    await settle(pilot)
    await set_faults(app, drop_after_commit_rate=1)  # done, and its answer lost
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    await set_faults(app, drop_after_commit_rate=0)


async def confirm_answer_lost(app, pilot) -> None:
    await look_up(pilot, SIMPLIFIED_WALLET)
    screen = await show(pilot, "payment")
    await type_into(pilot, "pay-amount", "1 500")
    await type_into(pilot, "pay-description", "Coffee")
    await pilot.press("enter")
    await settle(pilot)
    assert screen.step == STEP_CONFIRM  # initialised: that entry is settled
    await set_faults(app, drop_after_commit_rate=1)
    await pilot.press("y")
    await settle(pilot)
    await set_faults(app, drop_after_commit_rate=0)


async def booked(app, entry) -> list:
    """The wallet's operations that are this entry's (one, whatever was sent twice)."""
    page = await app.gateway.client.list_operations(SIMPLIFIED_WALLET, limit=100)
    if entry.op == CONFIRMATION:
        return [op for op in page.items
                if op.payment_id == entry.target["paymentId"] and op.type.value == "PAYMENT"]
    return [op for op in page.items
            if op.external_id == entry.external_id and op.type.value == "WITHDRAWAL"]


def sent_with_its_key(app, entry) -> int:
    """How many requests this run sent with the entry's Idempotency-Key."""
    return len([e for e in app.gateway.exchanges if e.idempotency_key == entry.key])


@pytest.mark.parametrize("action", ["c", "r"])
@pytest.mark.parametrize(("op", "lose_the_answer"), [
    (WITHDRAWAL, withdraw_answer_lost), (CONFIRMATION, confirm_answer_lost)])
async def test_a_lost_answer_is_checked_or_retried_at_the_next_login_and_booked_once(
        tmp_path, op, lose_the_answer, action):
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    # A client that does not retry by itself: the lost answer stays lost.
    async with logged_in(sandbox, sandbox_connect(sandbox, max_attempts=1)) as (app, pilot):
        await lose_the_answer(app, pilot)
        [entry] = demo_journal().open_entries()
        assert entry.op == op and entry.request_id
        assert len(await booked(app, entry)) == 1  # the service did it

    async with logged_in(sandbox, sandbox.connect) as (app, pilot):
        assert isinstance(app.screen, OpenOperationsScreen), "the open entry was not shown"
        assert [e.key for e in app.screen.entries] == [entry.key]
        await pilot.press(action)
        await settle(pilot)
        assert demo_journal().get(entry.key).state == SETTLED
        assert not isinstance(app.screen, OpenOperationsScreen)  # nothing left open
        assert len(await booked(app, entry)) == 1  # once, checked or sent again
        assert sent_with_its_key(app, entry) == (1 if action == "r" else 0)


class LostRegistration:
    """A registration reaches the sandbox, which opens the wallet; its answer never comes."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.arrived = False

    async def handle_async_request(self, request):
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/registration"):
            self.arrived = True
            await asyncio.Event().wait()  # never answered: given up with Esc
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize("action", ["c", "r"])
async def test_a_registration_left_open_is_checked_or_retried_and_opens_one_wallet(
        tmp_path, action):
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    lost: list[LostRegistration] = []

    def losing_connect(profile, *, on_exchange=None):
        lost.append(LostRegistration(sandbox.transport()))
        return WalletClient(base_url=sandbox.base_url, transport=lost[-1],
                            on_exchange=on_exchange)

    async with logged_in(sandbox, losing_connect) as (app, pilot):
        await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "8 (916) 123-45-67")
        await type_into(pilot, "reg-last-name", "Petrova")
        await type_into(pilot, "reg-first-name", "Anna")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(transport.arrived for transport in lost))
        await pilot.press("escape")  # stop waiting
        await settle(pilot)
        [entry] = demo_journal().open_entries()
        assert entry.op == REGISTRATION and entry.state == OPEN

    async with logged_in(sandbox, sandbox.connect) as (app, pilot):
        assert isinstance(app.screen, OpenOperationsScreen)
        await pilot.press(action)
        await settle(pilot)
        settled = demo_journal().get(entry.key)
        assert settled.state == SETTLED
        wallet = await app.gateway.client.find_wallet_by_phone(NEW_PHONE)
        assert settled.result["walletId"] == wallet.wallet_id  # the one wallet it opened
        assert sent_with_its_key(app, entry) == (1 if action == "r" else 0)

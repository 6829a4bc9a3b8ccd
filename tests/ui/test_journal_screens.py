"""The journal as the operator meets it: Ctrl+Q with a refill in flight asks first and says
it stays open; at the next login the open operations come first, each to be checked, retried
with the same key or set aside, and each is resolved once."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal

from wallet_tui.config import AppPaths
from wallet_tui.journal import OPEN, SET_ASIDE, SETTLED, Journal
from wallet_tui.journal import operations
from wallet_tui.protocol import RefillRequest
from wallet_tui.ui.leaving import QuitModal
from wallet_tui.ui.screens.open_operations import OpenOperationsScreen

from .helpers import make_app, settle, wait_for
from .screens_support import (
    SIMPLIFIED_WALLET, Sandbox, desk, look_up, set_faults, show, text_of, type_into,
)

REFILL_PATH = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill"


def demo_journal(clock=None) -> Journal:
    kwargs = {"clock": clock} if clock else {}
    return Journal(AppPaths.from_env().journal_dir, "sandbox", "1001", **kwargs)


async def test_ctrl_q_with_a_refill_in_flight_asks_and_says_it_stays_open(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await set_faults(app, latency_ms=2000)
        await type_into(pilot, "refill-amount", "777.77")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.busy
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitModal), "Ctrl+Q quit with a refill in flight"
        body = str(app.screen.query_one("#dialog-body").render()).replace("\xa0", " ")
        assert "RUB 777.77" in body and SIMPLIFIED_WALLET in body
        assert "stays open in the journal" in body and "next login" in body
        # The entry is on disk already, open, with the key the request carries.
        [entry] = demo_journal().open_entries()
        assert entry.amount == Decimal("777.77") and entry.key == screen.key.key
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.screen is screen and app.is_running
        await settle(pilot)  # the answer comes: the entry is settled
        assert demo_journal().open_entries() == []
        assert demo_journal().get(entry.key).state == SETTLED
        await pilot.press("ctrl+q")  # nothing in flight: quits at once
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_with_nothing_in_flight_quits_at_once(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def leave_open_refill(amount: str = "777.77", clock=None):
    """A refill written to the journal as the desk writes it before sending."""
    request = RefillRequest(amount=Decimal(amount))
    return demo_journal(clock).begin(operations.refill(SIMPLIFIED_WALLET, request))


@asynccontextmanager
async def next_login(sandbox: Sandbox):
    """(app, pilot) just after the demo partner's login, as the operator meets it: the open
    operations first, if any."""
    app = make_app(sandbox.connect)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        try:
            yield app, pilot
        finally:
            await app.gateway.aclose()


async def history_with(app, external_id: str) -> list:
    page = await app.gateway.client.list_operations(SIMPLIFIED_WALLET, limit=100)
    return [op for op in page.items if op.external_id == external_id]


async def test_next_login_shows_the_open_refill_and_checking_settles_it(tmp_path):
    entry = leave_open_refill()
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    async with next_login(sandbox) as (app, pilot):
        assert isinstance(app.screen, OpenOperationsScreen), "the open refill was not shown"
        listed = str(app.screen.query_one("#open-list").get_option_at_index(0).prompt)
        assert "Refill" in listed and SIMPLIFIED_WALLET in listed
        assert "RUB 777.77" in listed.replace("\xa0", " ")
        # The service did it, the answer was lost: the same key and body, sent by hand.
        await operations.send(app.gateway.client, entry)
        await pilot.press("c")
        await settle(pilot)
        assert demo_journal().get(entry.key).state == SETTLED
        assert len(await history_with(app, entry.external_id)) == 1
        assert not isinstance(app.screen, OpenOperationsScreen)  # nothing left open


async def test_not_found_stays_open_and_a_retry_with_the_same_key_books_once(tmp_path):
    entry = leave_open_refill()
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    async with next_login(sandbox) as (app, pilot):
        await pilot.press("c")
        await settle(pilot)
        assert "Not carried out so far" in text_of(app.screen, "#open-answer")
        assert demo_journal().get(entry.key).state == OPEN
        await pilot.press("r")
        await settle(pilot)
        assert demo_journal().get(entry.key).state == SETTLED
        await operations.send(app.gateway.client, entry)  # a second retry: replayed
        assert len(await history_with(app, entry.external_id)) == 1


async def test_set_aside_needs_a_note_and_esc_leaves_it_for_next_time(tmp_path):
    first = leave_open_refill("1.00")
    second = leave_open_refill("2.00")
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    async with next_login(sandbox) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, OpenOperationsScreen) and len(screen.entries) == 2
        await pilot.press("a")
        await pilot.pause()
        assert "Write a note first" in text_of(screen, "#open-answer")
        assert demo_journal().get(first.key).state == OPEN
        await pilot.press(*"paid by hand")
        await pilot.press("enter")
        await settle(pilot)
        assert demo_journal().get(first.key).state == SET_ASIDE
        assert demo_journal().get(first.key).note == "paid by hand"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OpenOperationsScreen)
        assert [e.key for e in demo_journal().open_entries()] == [second.key]
        # The footer may still ask the closing dialog about its keys: no entry, no crash.
        assert not screen.query("#open-list")
        assert screen.check_action("check", ()) is False


async def test_a_day_old_entry_is_not_retried(tmp_path):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    entry = leave_open_refill(clock=lambda: old)
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    async with next_login(sandbox) as (app, pilot):
        await pilot.press("r")
        await settle(pilot)
        assert "keeps a key for 24 hours" in text_of(app.screen, "#open-detail")
        assert demo_journal().get(entry.key).state == OPEN
        assert not [e for e in app.gateway.exchanges if e.path == REFILL_PATH]


class JournalPeek:
    """Between the client and the sandbox: reads the journal file at the moment a refill
    arrives, before the sandbox sees it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seen: list[tuple[str, list]] = []

    async def handle_async_request(self, request):
        if request.method == "POST" and request.url.path == REFILL_PATH:
            self.seen.append((request.headers["Idempotency-Key"], demo_journal().open_entries()))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_the_entry_is_on_disk_before_the_request_leaves_and_carries_an_external_id(
        tmp_path):
    import json

    from wallet_tui.client import WalletClient

    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    peeks: list[JournalPeek] = []

    # The sandbox's client with a peek in front of its transport.
    def peeking_connect(profile, *, on_exchange=None):
        peek = JournalPeek(sandbox.transport())
        peeks.append(peek)
        return WalletClient(base_url=sandbox.base_url, transport=peek, on_exchange=on_exchange)

    app = make_app(peeking_connect)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await look_up(pilot, SIMPLIFIED_WALLET)
        await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "10")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        [(key, open_then)] = [seen for peek in peeks for seen in peek.seen]
        assert [entry.key for entry in open_then] == [key]  # written before it left
        [exchange] = [e for e in app.gateway.exchanges if e.path == REFILL_PATH]
        sent = json.loads(exchange.request_body)
        assert sent["externalId"] == open_then[0].external_id  # generated: the form had none
        assert demo_journal().get(key).state == SETTLED  # SUCCEEDED: settled
        await app.gateway.aclose()


async def test_a_refusal_settles_the_entry_and_an_unknown_outcome_leaves_it_open(tmp_path):
    async with desk(tmp_path, size=(100, 30)) as (app, pilot):
        await look_up(pilot, "100000000001")  # ANONYMOUS: balance limit 15 000
        await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "20000")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        [refused] = demo_journal().entries()
        assert refused.state == SETTLED and "BALANCE_LIMIT_EXCEEDED" in refused.outcome
        # Settled: the desk keeps nothing of it in memory (a day's operations piled up there).
        assert app.gateway.sent_this_run == set()
        await set_faults(app, error_rate=1)
        await type_into(pilot, "refill-amount", "5")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        [unknown] = demo_journal().open_entries()
        assert unknown.amount == Decimal("5.00") and unknown.request_id
        # Open, sent in this run: its screen tells its outcome, a new login does not ask.
        assert app.gateway.sent_this_run == {unknown.key}


class LostAnswers:
    """Between the client and the sandbox: a refill reaches the sandbox, which books it, and
    its answer never comes back (the call hangs until it is given up). Notes each refill's
    X-Request-Id as the server saw it, and the journal's entry at that moment."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seen: list[tuple[str, list]] = []

    async def handle_async_request(self, request):
        if request.method == "POST" and request.url.path == REFILL_PATH:
            self.seen.append((request.headers["X-Request-Id"], demo_journal().open_entries()))
            await self.inner.handle_async_request(request)
            await asyncio.Event().wait()  # the answer is lost: it never comes
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_an_answer_that_never_comes_leaves_the_entry_naming_the_request_the_server_saw(
        tmp_path):
    from wallet_tui.client import WalletClient

    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    lost: list[LostAnswers] = []

    def losing_connect(profile, *, on_exchange=None):
        lost.append(LostAnswers(sandbox.transport()))
        return WalletClient(base_url=sandbox.base_url, transport=lost[-1],
                            on_exchange=on_exchange)

    app = make_app(losing_connect)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "777.77")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: any(peek.seen for peek in lost))
        [(request_id, open_then)] = [seen for peek in lost for seen in peek.seen]
        # On disk before it left: a desk killed now leaves an entry naming this request.
        assert [entry.request_id for entry in open_then] == [request_id]
        assert screen.busy
        await pilot.press("escape")  # stop waiting: the worker is cancelled
        await settle(pilot)
        [entry] = demo_journal().open_entries()
        assert entry.request_id == request_id
        await app.gateway.aclose()

    # The next login shows it with that requestId; checking finds it booked, once.
    async with next_login(sandbox) as (app, pilot):
        assert isinstance(app.screen, OpenOperationsScreen)
        assert request_id in text_of(app.screen, "#open-detail")
        await pilot.press("c")
        await settle(pilot)
        assert demo_journal().get(entry.key).state == SETTLED
        assert len(await history_with(app, entry.external_id)) == 1


async def test_a_retry_the_journal_cannot_take_is_not_sent_and_stays_open(tmp_path):
    import errno

    from wallet_tui.journal import JournalError

    entry = leave_open_refill()
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    async with next_login(sandbox) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, OpenOperationsScreen)
        note_attempt = screen.journal.attempt

        def full_disk(key):
            raise JournalError(errno.ENOSPC, "No space left on device")

        screen.journal.attempt = full_disk
        await pilot.press("r")
        await settle(pilot)
        answer = text_of(screen, "#open-answer")
        said = "The journal cannot be written (No space left on device): nothing was sent"
        assert said in answer
        assert [e for e in app.gateway.exchanges if e.path == REFILL_PATH] == []
        assert demo_journal().get(entry.key).state == OPEN
        screen.journal.attempt = note_attempt
        await pilot.press("r")  # room again: sent with the same key, once
        await settle(pilot)
        [sent] = [e for e in app.gateway.exchanges if e.path == REFILL_PATH]
        assert sent.idempotency_key == entry.key
        assert demo_journal().get(entry.key).state == SETTLED

"""The journal's fsyncs run off the event loop (issue 15): while a money operation's entry
is being written the desk goes on taking keys, a second Enter sends nothing, and a journal
that cannot be written stops the operation with a word in its banner, nothing sent."""

from __future__ import annotations

import errno
import threading
from decimal import Decimal

from wallet_tui.journal import SETTLED, JournalError
from wallet_tui.ui.widgets.inspector import InspectorPanel

from .helpers import settle, wait_for
from .screens_support import SIMPLIFIED_WALLET, desk, look_up, show, text_of, type_into

REFILL = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill"


def refills_sent(app) -> list:
    return [e for e in app.gateway.exchanges if e.method == "POST" and e.path == REFILL]


async def ask_for_refill(pilot, amount: str) -> None:
    await type_into(pilot, "refill-amount", amount)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("y")  # the confirmation


async def test_a_slow_journal_write_leaves_the_desk_taking_keys_and_the_refill_goes_once(
        tmp_path):
    async with desk(tmp_path, size=(120, 40)) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        balance = app.current_wallet.balance
        screen = await show(pilot, "refill")
        journal = app.gateway.journal
        write_entry, disk_free, writing = journal.begin, threading.Event(), threading.Event()

        def slow_disk(draft):
            writing.set()
            assert disk_free.wait(10), "the disk was never let go"
            return write_entry(draft)

        journal.begin = slow_disk
        await ask_for_refill(pilot, "12.34")
        await wait_for(pilot, writing.is_set)
        # The fsync is on its own thread: the loop takes keys meanwhile.
        await pilot.press("f9")
        await pilot.pause()  # not settle(): that waits for the call, which waits for the disk
        assert app.screen.query_one(InspectorPanel).display, "F9 waited for the disk"
        assert screen.busy and refills_sent(app) == []  # the entry first, then the request
        await pilot.press("f9")
        await pilot.press("enter")  # again, while the entry is being written
        await pilot.pause()
        await pilot.press("y")
        disk_free.set()
        await settle(pilot)
        [sent] = refills_sent(app)
        entries = journal.entries()
        assert [entry.key for entry in entries] == [sent.idempotency_key]
        assert entries[0].state == SETTLED and entries[0].amount == Decimal("12.34")
        assert app.current_wallet.balance == balance + Decimal("12.34")
        assert "12.34" in text_of(screen, "#refill-result")


async def test_a_journal_that_cannot_be_written_stops_the_refill_and_says_why(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        journal = app.gateway.journal
        write_entry = journal.begin

        def full_disk(draft):
            raise JournalError(errno.ENOSPC, "No space left on device")

        journal.begin = full_disk
        await ask_for_refill(pilot, "5.00")
        await settle(pilot)
        banner = text_of(screen, "#refill-banner")
        assert "Not sent: the journal of money operations cannot be written" in banner
        assert "No space left on device" in banner
        assert refills_sent(app) == [] and journal.entries() == []
        assert not screen.busy and screen.key.key is None
        journal.begin = write_entry  # room again: Enter sends it, once
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        [sent] = refills_sent(app)
        assert [entry.key for entry in journal.entries()] == [sent.idempotency_key]

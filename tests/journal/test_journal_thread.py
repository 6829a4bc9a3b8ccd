"""The journal's thread: lines in the order asked, none lost to a caller that stopped
waiting or to the desk quitting."""

from __future__ import annotations

import asyncio
import threading

from wallet_tui.journal.writer import JournalThread


async def test_writes_run_in_the_order_asked_off_the_loop():
    thread = JournalThread()
    written: list[tuple[int, str]] = []
    loop_thread = threading.current_thread().name

    def write(number: int):
        return lambda: written.append((number, threading.current_thread().name))

    await asyncio.gather(*(thread.run(write(number)) for number in range(20)))
    thread.close()
    assert [number for number, _ in written] == list(range(20))
    assert {name for _, name in written} != {loop_thread}


async def test_a_caller_that_stops_waiting_does_not_take_its_line_back():
    thread = JournalThread()
    disk_free, written = threading.Event(), []
    first = asyncio.ensure_future(thread.run(lambda: disk_free.wait(10)))
    second = asyncio.ensure_future(thread.run(lambda: written.append("settled")))
    await asyncio.sleep(0)
    second.cancel()  # Esc: the screen stops waiting, the line asked for still goes
    disk_free.set()
    assert await first is True
    thread.close()  # as the desk quits: waits for what was asked
    assert written == ["settled"]

"""The journal survives the desk's death, tested with real processes: `wallet-tui sandbox serve`
on a loopback port, the real desk in a pty. A refill is sent with a 3 s latency and the desk
dies while it is in flight (its terminal hangs up: SIGHUP; `kill`: SIGTERM; or SIGKILL).
Started again and logged in, the desk shows the refill first; checking its outcome, or
retrying it with the same key, leaves it booked exactly once on the server and settled in
the journal."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from decimal import Decimal

import pytest

from wallet_tui.config import AppPaths, ConfigStore, Profile
from wallet_tui.journal import OPEN, SETTLED, Journal
from wallet_tui.protocol import FaultsUpdate

from .pty_desk import PtyDesk, desk_environment
from .served import ServedSandbox
from .support import DEMO, make_client

WALLET = "100000000002"
AMOUNT = "777.77"
PROFILE = "served"


@pytest.fixture
def served(tmp_path):
    sandbox = ServedSandbox(tmp_path / "served.sqlite3", "--reset")
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def desk_home(home, served):
    """A profile pointing at the served sandbox, in the test's own HOME."""
    store = ConfigStore()
    settings = store.load()
    settings.add_profile(Profile(name=PROFILE, base_url=served.url, client_id=DEMO.client_id,
                                 partner_id=DEMO.partner_id, allow_plain_http=True))
    store.save(settings)
    return home


def run(coroutine):
    return asyncio.run(coroutine)


async def set_latency(url: str, ms: int) -> None:
    async with make_client(None, base_url=url) as client:
        await client.login()
        await client.set_faults(FaultsUpdate(latency_ms=ms))


async def refills_with(url: str, external_id: str) -> list:
    async with make_client(None, base_url=url) as client:
        await client.login()
        page = await client.list_operations(WALLET, limit=100)
        return [op for op in page.items if op.external_id == external_id]


def journal() -> Journal:
    return Journal(AppPaths.from_env().journal_dir, PROFILE, DEMO.partner_id)


def start_desk(home) -> PtyDesk:
    env = desk_environment(home, WALLET_TUI_CLIENT_SECRET=DEMO.client_secret,
                           PYTHONPATH=os.pathsep.join(__import__("sys").path))
    return PtyDesk(env, "--profile", PROFILE)


def log_in(desk: PtyDesk) -> None:
    desk.wait_for("Log in", "partnerId")
    desk.press("enter")


def send_refill_and_die(desk: PtyDesk, url: str, die) -> None:
    log_in(desk)
    desk.wait_for("Look up")
    desk.type(WALLET)
    desk.press("enter")
    desk.wait_for("Борис")
    desk.press("f5")
    desk.wait_for("Amount")
    # Slow from here on only: the refill is what must be in flight (a login and a lookup
    # each waiting out the latency as well cost seconds and proved nothing more).
    run(set_latency(url, 3000))
    desk.type(AMOUNT)
    desk.press("enter")
    desk.wait_for("Refill this wallet?")
    desk.press("y")
    desk.wait_for("Refilling")
    die(desk)


def wait_booked(url: str, external_id: str, timeout: float = 20.0) -> None:
    """The server goes on with the refill after the desk died: wait until it is booked (or
    the latency is long past)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run(refills_with(url, external_id)):
            return
        time.sleep(0.3)


def open_refill_after(desk: PtyDesk, url: str):
    [entry] = journal().open_entries()
    assert entry.op == "refill" and entry.wallet_id == WALLET
    assert entry.amount == Decimal(AMOUNT) and entry.state == OPEN
    assert entry.request_id  # written before the refill left: support can be given it
    wait_booked(url, entry.external_id)
    return entry


def restart_and_resolve(home, url: str, entry, key: str, shown_after: str) -> None:
    run(set_latency(url, 0))
    desk = start_desk(home)
    try:
        log_in(desk)
        screen = desk.wait_for("Operations left open", "777.77", WALLET)
        assert "Refill" in screen
        desk.press(key)
        desk.wait_for(shown_after)
        assert journal().get(entry.key).state == SETTLED
        assert len(run(refills_with(url, entry.external_id))) == 1
        desk.press("ctrl+q")
        desk.wait_exit()
    finally:
        desk.close()


@pytest.mark.slow
def test_sighup_while_a_refill_is_in_flight_then_check_finds_it_once(desk_home, served):
    desk = start_desk(desk_home)

    def ask_to_quit_then_hang_up(desk: PtyDesk) -> None:
        desk.press("ctrl+q")
        desk.wait_for("Quit while an operation is in flight?", "stays open in the journal")
        desk.hang_up()

    try:
        send_refill_and_die(desk, served.url, ask_to_quit_then_hang_up)
        status = desk.wait_exit()
        # Ended by itself through App.exit (not killed by the signal), with 128 + SIGHUP.
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGHUP
    finally:
        desk.close()
    entry = open_refill_after(desk, served.url)
    restart_and_resolve(desk_home, served.url, entry, "c", "Resolved")


@pytest.mark.slow
def test_sigkill_while_a_refill_is_in_flight_then_a_retry_books_it_once(desk_home, served):
    desk = start_desk(desk_home)
    try:
        send_refill_and_die(desk, served.url, lambda desk: desk.kill(signal.SIGKILL))
        status = desk.wait_exit()
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    finally:
        desk.close()
    entry = open_refill_after(desk, served.url)
    restart_and_resolve(desk_home, served.url, entry, "r", "Done")


@pytest.mark.slow
def test_sigterm_while_a_refill_is_in_flight_ends_cleanly_then_check_finds_it_once(
        desk_home, served):
    desk = start_desk(desk_home)
    try:
        send_refill_and_die(desk, served.url, lambda desk: desk.kill(signal.SIGTERM))
        status = desk.wait_exit()
        # Ended by itself through App.exit, not by the signal: 128 + SIGTERM, and the
        # terminal given back although a worker was still waiting on the server.
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM
        desk.pump(0.5)
        assert b"\x1b[?1049l" in bytes(desk.written[-400:])
    finally:
        desk.close()
    entry = open_refill_after(desk, served.url)
    restart_and_resolve(desk_home, served.url, entry, "c", "Resolved")


def test_sigterm_ends_the_desk_and_gives_the_terminal_back(home):
    desk = PtyDesk(desk_environment(home, PYTHONPATH=os.pathsep.join(__import__("sys").path)))
    try:
        desk.wait_for("Log in", "partnerId")
        assert b"\x1b[?1049h" in desk.written  # the desk took the alternate screen
        desk.kill(signal.SIGTERM)
        status = desk.wait_exit()
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM
        desk.pump(0.5)
        tail = bytes(desk.written[-400:])
        assert b"\x1b[?1049l" in tail  # and gave it back: the shell's screen is as it was
    finally:
        desk.close()

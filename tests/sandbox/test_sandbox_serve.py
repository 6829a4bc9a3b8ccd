"""`wallet-tui sandbox serve` as a process: a kill in the middle of things loses nothing that
was answered, repeats after a restart replay or run afresh as they should, stops are clean."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest

from wallet_tui.protocol import wire
from wallet_tui.sandbox.clock import MANUAL_CLOCK_START, ManualClock

from conftest import Sandbox, spawn_server, start_server, stop_server, url_of

REPLAYED = wire.IDEMPOTENT_REPLAYED


@pytest.mark.slow
async def test_a_killed_sandbox_restarts_with_every_answer_it_gave(tmp_path):
    db = tmp_path / "sandbox.sqlite3"
    first, url = start_server(db)  # a fresh file: the demo data is created
    async with httpx.AsyncClient(base_url=url, verify=False, timeout=30) as client:
        sandbox = Sandbox(client, "http")
        await sandbox.login()
        await sandbox.faults(withdrawalSettleSeconds=3600)  # the bank answers after the restart
        refill = await sandbox.refill("100000000002", "100.00", key="refill-before-kill")
        withdrawal = await sandbox.withdraw("100000000002", "200.13", key="withdraw-before-kill")
        assert (refill.status_code, withdrawal.status_code) == (200, 202)
        await sandbox.faults(latencyMs=5000)
        in_flight = asyncio.create_task(sandbox.refill("100000000002", "7.00", key="in-flight"))
        await asyncio.sleep(0.5)
        first.send_signal(signal.SIGKILL)
        first.wait()
        try:
            await in_flight
            raise AssertionError("the killed server answered")
        except httpx.TransportError:
            pass
    token = sandbox.token

    # A restart on the same file must not take the clock back to before what the first process
    # booked (the withdrawal's settlement would then depend on how fast each start was).
    restarted_at = (MANUAL_CLOCK_START + timedelta(minutes=2)).isoformat()
    second, url = start_server(db, "--token-ttl", "60", "--clock-at", restarted_at)
    try:
        async with httpx.AsyncClient(base_url=url, verify=False, timeout=30) as client:
            sandbox = Sandbox(client, "http")
            sandbox.token = token  # tokens live in the file too
            wallet = await sandbox.wallet("100000000002")
            assert wallet["balance"] == "24889.87"  # 25000 + 100 - (200.13 + 10.00 fee)
            again = await sandbox.refill("100000000002", "100.00", key="refill-before-kill")
            assert again.headers[REPLAYED] == "true" and again.content == refill.content
            again = await sandbox.withdraw("100000000002", "200.13", key="withdraw-before-kill")
            assert again.headers[REPLAYED] == "true" and again.content == withdrawal.content
            # The key the dead process held is free again, and its work never happened.
            retried = await sandbox.refill("100000000002", "7.00", key="in-flight")
            assert retried.status_code == 200 and REPLAYED not in retried.headers
            assert retried.json()["balance"] == "24896.87"
            # The bank's answer to the withdrawal arrives after the restart.
            await sandbox.advance(3600)
            await sandbox.login()
            status = await sandbox.get(wire.withdrawal("100000000002", withdrawal.json()["withdrawalId"]))
            assert status.json()["status"] == "FAILED"
            assert await sandbox.balance("100000000002") == Decimal("25107.00")
            # The restart's own settings: --token-ttl, and healthy faults.
            assert (await sandbox.login()).json()["expiresIn"] == 60
            faults = (await client.get(wire.SANDBOX_FAULTS, headers=sandbox.auth)).json()
            assert faults["latencyMs"] == 0
    finally:
        code = stop_server(second)
    assert code == 0
    assert second.stdout.read() == ""  # one line at start, nothing after


def test_sigint_and_sigterm_stop_it_cleanly(tmp_path):
    stops = (signal.SIGINT, signal.SIGTERM)
    processes = [spawn_server(tmp_path / f"{stop.name}.sqlite3") for stop in stops]
    for process, stop in zip(processes, stops):
        assert url_of(process).startswith("http://127.0.0.1:")
        process.send_signal(stop)
    for process in processes:
        assert process.wait(10) == 0
        assert process.stderr.read() == ""


def test_a_taken_port_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--port", str(port),
             "--db", str(tmp_path / "sandbox.sqlite3")],
            capture_output=True, text=True, timeout=30,
        )
    assert result.returncode == 1
    assert f"127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("ttl", ["0", "86401"])
def test_a_token_lifetime_out_of_range_is_refused_before_serving(tmp_path, ttl):
    result = subprocess.run(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--port", "0",
         "--db", str(tmp_path / "sandbox.sqlite3"), "--token-ttl", ttl],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2
    assert "--token-ttl" in result.stderr and result.stdout == ""


async def test_clock_at_starts_the_served_clock_there_and_it_ticks_on(tmp_path):
    process, url = start_server(tmp_path / "sandbox.sqlite3", "--clock-at", "2027-01-31T20:59+00:00")
    try:
        async with httpx.AsyncClient(base_url=url) as client:
            sandbox = Sandbox(client, "http")
            assert (await sandbox.login()).status_code == 200
            first = await sandbox.now()
            assert first.isoformat().startswith("2027-01-31T20:59")
            assert await sandbox.now() >= first
    finally:
        assert stop_server(process) == 0


@pytest.mark.parametrize(("moment", "why"), [("2027-01-31T20:59", "needs a zone"),
                                              ("last tuesday", "not an ISO 8601 moment"),
                                              ("9999-12-31T00:00Z", "stops at")])
def test_a_clock_at_it_cannot_start_from_is_refused_before_serving(tmp_path, moment, why):
    result = subprocess.run(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--port", "0",
         "--db", str(tmp_path / "sandbox.sqlite3"), "--clock-at", moment],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "--clock-at" in result.stderr and why in result.stderr


async def test_serve_in_background_gives_a_real_port_inside_a_running_loop(tmp_path):
    from wallet_tui.sandbox.serve import serve_in_background

    async with serve_in_background(tmp_path / "sandbox.sqlite3", clock=ManualClock()) as url:
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
        async with httpx.AsyncClient(base_url=url, verify=False) as client:
            sandbox = Sandbox(client, "http")
            assert (await sandbox.login()).status_code == 200
            assert (await sandbox.now()).isoformat().startswith("2026-11-14T09:15")
    with pytest.raises(httpx.ConnectError):
        async with httpx.AsyncClient(base_url=url, verify=False) as client:
            await client.get(wire.BANKS)

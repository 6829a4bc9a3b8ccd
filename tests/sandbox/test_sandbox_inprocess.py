"""InProcessTransport: lazy, runs the lifespan itself, survives being closed and reopened, and
turns the sandbox's faults into what a network would do."""

from __future__ import annotations

import random
import subprocess
import sys
from decimal import Decimal

import httpx
import pytest

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.sandbox import ledger
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.inprocess import InProcessTransport

from conftest import Sandbox, assert_error


def test_importing_the_transport_does_not_import_starlette():
    code = (
        "import sys, wallet_tui.sandbox.inprocess as t; "
        "t.InProcessTransport('unused.sqlite3'); "
        "print('starlette' in sys.modules, 'uvicorn' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


async def open_sandbox(transport: InProcessTransport) -> Sandbox:
    sandbox = Sandbox(httpx.AsyncClient(transport=transport, base_url="http://sandbox"), "inprocess")
    assert (await sandbox.login()).status_code == 200
    return sandbox


async def test_data_persists_between_runs_and_reset_starts_over(tmp_path):
    db = tmp_path / "desk.sqlite3"
    sandbox = await open_sandbox(InProcessTransport(db))
    assert await sandbox.balance("100000000001") == Decimal("1500.00")
    await sandbox.refill("100000000001", "1.00")
    await sandbox.client.aclose()

    sandbox = await open_sandbox(InProcessTransport(db))
    assert await sandbox.balance("100000000001") == Decimal("1501.00")
    await sandbox.client.aclose()

    sandbox = await open_sandbox(InProcessTransport(db, reset=True))
    assert await sandbox.balance("100000000001") == Decimal("1500.00")
    await sandbox.client.aclose()


async def test_the_lifespan_is_entered_on_first_use_and_left_on_close(tmp_path):
    transport = InProcessTransport(tmp_path / "s.sqlite3", clock=ManualClock())
    assert transport.app is None
    sandbox = await open_sandbox(transport)
    state = transport.app.state.sandbox
    assert state.database.is_open
    await sandbox.client.aclose()
    assert not state.database.is_open
    # Used again after closing, it starts again.
    again = await open_sandbox(transport)
    assert await again.balance("100000000002") == Decimal("25000.00")
    await again.client.aclose()


async def test_a_cut_connection_reaches_the_client_as_a_transport_error(tmp_path):
    # With this seed the first drop is a cut connection, the second a 500.
    transport = InProcessTransport(tmp_path / "s.sqlite3", seed_rng=random.Random(0))
    sandbox = await open_sandbox(transport)
    await sandbox.faults(dropAfterCommitRate=1)
    with pytest.raises(httpx.RemoteProtocolError):
        await sandbox.refill("100000000003", "1.00", key="cut")
    assert_error(await sandbox.refill("100000000003", "1.00", key="dropped"), ErrorName.INTERNAL_ERROR)
    assert await sandbox.balance("100000000003") == Decimal("150002.00")
    await sandbox.client.aclose()


async def test_a_crash_in_the_work_is_a_contract_500_and_frees_the_key(tmp_path, monkeypatch):
    sandbox = await open_sandbox(InProcessTransport(tmp_path / "s.sqlite3"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ledger, "refill", broken)
    crashed = await sandbox.refill("100000000003", "1.00", key="k")
    body = assert_error(crashed, ErrorName.INTERNAL_ERROR)
    assert "disk on fire" not in body["message"]
    monkeypatch.undo()
    retried = await sandbox.refill("100000000003", "1.00", key="k")
    assert retried.status_code == 200 and wire.IDEMPOTENT_REPLAYED not in retried.headers
    await sandbox.client.aclose()


# --- the testing helper: a fresh sandbox, a transport per client --------------------------


async def test_a_fresh_sandbox_starts_from_the_demo_data_once_and_later_clients_find_it_changed(
        tmp_path):
    from wallet_tui.sandbox.testing import connect, fresh_sandbox

    db = tmp_path / "sandbox.sqlite3"
    first = Sandbox(connect(fresh_sandbox(tmp_path)), "inprocess")  # an older file: started over
    assert (await first.login()).status_code == 200
    await first.refill("100000000001", "7.00")
    await first.client.aclose()

    sandbox = fresh_sandbox(tmp_path)
    clients = [Sandbox(connect(sandbox), "inprocess") for _ in range(2)]
    try:
        for client in clients:
            assert (await client.login()).status_code == 200
        assert await clients[0].balance("100000000001") == Decimal("1500.00")
        await clients[0].refill("100000000001", "1.00")
        # The second client's transport opened the same file later: no second reset.
        assert await clients[1].balance("100000000001") == Decimal("1501.00")
    finally:
        for client in clients:
            await client.client.aclose()
    assert [t.app for t in sandbox.transports] == [None, None]  # closed with their clients
    assert sandbox.db_path == db

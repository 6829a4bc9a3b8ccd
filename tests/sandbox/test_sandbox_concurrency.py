"""Many calls at once against one wallet debit exactly what the balance allows, in one
process (in-process and over HTTP) and across two server processes sharing one SQLite file."""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal

import httpx
import pytest

from conftest import Sandbox, ledger_sum, spawn_server, stop_server, url_of


async def test_simultaneous_confirmations_of_one_payment_debit_once(sandbox):
    await sandbox.faults(latencyMs=20)  # keeps all of them in flight together
    wallet_id = await sandbox.funded_wallet("1000.00")
    payment_id = (await sandbox.init_payment(wallet_id, "400.00")).json()["paymentId"]
    answers = await asyncio.gather(*(sandbox.confirm(wallet_id, payment_id) for _ in range(20)))
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.json()["operationId"] for answer in answers}) == 1
    assert await sandbox.balance(wallet_id) == Decimal("600.00")


async def test_simultaneous_payments_take_exactly_what_the_balance_allows(sandbox):
    await sandbox.faults(latencyMs=10)
    wallet_id = await sandbox.funded_wallet("1000.00")
    answers = await asyncio.gather(*(sandbox.pay(wallet_id, "70.00") for _ in range(30)))
    outcomes = Counter(
        "ok" if answer.status_code == 200 else answer.json()["name"] for answer in answers
    )
    assert outcomes == {"ok": 14, "INSUFFICIENT_FUNDS": 16}
    assert await sandbox.balance(wallet_id) == Decimal("20.00")
    assert ledger_sum(await sandbox.history(wallet_id)) == Decimal("20.00")


async def test_simultaneous_withdrawals_and_refills_keep_the_ledger_true(sandbox):
    await sandbox.faults(latencyMs=10)
    wallet_id = await sandbox.funded_wallet("1000.00", "SIMPLIFIED")
    calls = [sandbox.withdraw(wallet_id, "90.00") for _ in range(15)]
    calls += [sandbox.refill(wallet_id, "1.00") for _ in range(5)]
    answers = await asyncio.gather(*calls)
    withdrawn = sum(1 for answer in answers[:15] if answer.status_code == 202)
    assert all(answer.status_code == 200 for answer in answers[15:])
    balance = await sandbox.balance(wallet_id)
    assert balance == Decimal("1005.00") - withdrawn * Decimal("100.00")
    assert Decimal("0") <= balance < Decimal("100.00")
    assert ledger_sum(await sandbox.history(wallet_id)) == balance


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    db = tmp_path_factory.mktemp("shared") / "sandbox.sqlite3"
    # Started together: their schema and demo-data checks run under SQLite's write lock.
    first, second = spawn_server(db, "--reset"), spawn_server(db)
    yield url_of(first), url_of(second)
    stop_server(second)
    stop_server(first)


@pytest.mark.slow
async def test_two_processes_on_one_file_never_debit_twice(two_servers):
    async with httpx.AsyncClient(base_url=two_servers[0], verify=False, timeout=30) as a_client, \
            httpx.AsyncClient(base_url=two_servers[1], verify=False, timeout=30) as b_client:
        a, b = Sandbox(a_client, "http"), Sandbox(b_client, "http")
        await a.login()
        await b.login()
        wallet_id = await a.funded_wallet("1000.00", "SIMPLIFIED")
        payments = [(await a.init_payment(wallet_id, "150.00")).json()["paymentId"] for _ in range(10)]
        confirms = [side.confirm(wallet_id, pid) for pid in payments for side in (a, b)]
        withdrawals = [side.withdraw(wallet_id, "40.00") for side in (a, b) for _ in range(5)]
        answers = await asyncio.gather(*confirms, *withdrawals)
        paid = {answer.json()["paymentId"] for answer in answers[:20] if answer.status_code == 200}
        # Both servers answer a confirmed payment with the same operation.
        by_payment: dict[str, set[str]] = {}
        for answer in answers[:20]:
            if answer.status_code == 200:
                by_payment.setdefault(answer.json()["paymentId"], set()).add(answer.json()["operationId"])
        assert all(len(operations) == 1 for operations in by_payment.values())
        withdrawn = sum(1 for answer in answers[20:] if answer.status_code == 202)
        expected = Decimal("1000.00") - len(paid) * Decimal("150.00") - withdrawn * Decimal("50.00")
        assert expected >= 0
        assert await a.balance(wallet_id) == await b.balance(wallet_id) == expected
        # Nothing more would have fit: no payment, and no withdrawal unless all were taken.
        assert expected < Decimal("150.00")
        assert expected < Decimal("50.00") or withdrawn == 10
        history = await b.history(wallet_id)
        assert ledger_sum(history) == expected
        assert sum(1 for op in history if op["type"] == "PAYMENT") == len(paid)

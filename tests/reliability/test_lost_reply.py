"""Item 1 — the reply is lost after the server committed: `dropAfterCommitRate` 1 makes every
refill, payment confirmation and withdrawal do its work, keep its answer, and then fail the
exchange (a 500 or a connection cut half-way through the body). The client's repeat with the
same Idempotency-Key must get the kept answer: each operation done exactly once."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from wallet_tui.client import Exchange, WalletClient
from wallet_tui.protocol import Operation, Withdrawal, withdrawal_fee

from .ledger_audit import audit
from .served import ServedSandbox
from .support import LEDGER_TYPE, Op, faults, full_wallets, make_client, perform_all, script, tally

MONEY_PATHS = ("/refill", "/payment", "/wifhdrawal")
FUNDS = Decimal("100000")


def expected_balances(wallets: list[str], ops: list[Op]) -> dict[str, Decimal]:
    balances = dict.fromkeys(wallets, FUNDS)
    for op in ops:
        if op.kind == "refill":
            balances[op.wallet_id] += op.amount
        elif op.kind == "payment":
            balances[op.wallet_id] -= op.amount  # sandbox tariff: payments are free
        else:
            balances[op.wallet_id] -= op.amount + withdrawal_fee(op.amount)
    return balances


def money_attempts(exchanges: list[Exchange]) -> dict[str, list[Exchange]]:
    """The exchanges of money-moving POSTs, by idempotency key, in order."""
    by_key: dict[str, list[Exchange]] = defaultdict(list)
    for exchange in exchanges:
        if (exchange.method == "POST" and exchange.idempotency_key
                and exchange.path.endswith(MONEY_PATHS)):
            by_key[exchange.idempotency_key].append(exchange)
    return by_key


def how_lost(exchange: Exchange) -> str:
    return "5xx" if exchange.status is not None and exchange.status >= 500 else "cut"


async def run_and_check(client: WalletClient, exchanges: list[Exchange], db_path, *,
                        count: int, concurrency: int, prefix: str) -> dict:
    wallets = await full_wallets(client, 8, str(FUNDS))
    await faults(client, drop_after_commit_rate=1)
    ops = script(wallets, count, prefix=prefix, seed=count)
    exchanges.clear()
    await perform_all(client, ops, concurrency=concurrency)

    unfinished = [(op.external_id, repr(op.error)) for op in ops if not op.done]
    assert unfinished == [], "every operation must end with its outcome, not an error"
    for op in ops:
        assert isinstance(op.result, Withdrawal if op.kind == "withdrawal" else Operation)

    ledger = audit(db_path)
    assert ledger.problems == []
    assert [op.external_id for op in ops
            if ledger.count(op.external_id, LEDGER_TYPE[op.kind]) != 1] == []
    for wallet_id, balance in expected_balances(wallets, ops).items():
        assert (await client.get_wallet(wallet_id)).balance == balance

    # Each money move: one attempt whose answer was lost, then the kept answer replayed.
    attempts = money_attempts(exchanges)
    money_keys = [op.keys[-1] for op in ops]
    assert sorted(attempts) == sorted(money_keys)
    lost = []
    for key in money_keys:
        first, *rest = attempts[key]
        assert not first.replayed and (first.error or first.status >= 500), first
        assert [(e.replayed, e.status in (200, 202)) for e in rest] == [(True, True)]
        lost.append(how_lost(first))
    return {"operations": count, "ledger_lines_per_operation": 1,
            "lost_replies": tally(lost), "kinds": tally(op.kind for op in ops)}


async def test_every_operation_whose_reply_was_lost_is_done_exactly_once(sandbox, figures):
    exchanges: list[Exchange] = []
    client = sandbox.client(exchanges=exchanges)
    figures.update(await run_and_check(client, exchanges, sandbox.db_path, count=240,
                                       concurrency=12, prefix="lost"))


@pytest.mark.slow
async def test_over_real_sockets_a_cut_connection_is_repeated_and_done_once(tmp_path, figures):
    served = ServedSandbox(tmp_path / "served.sqlite3", "--reset")
    url = served.start()
    exchanges: list[Exchange] = []
    try:
        async with make_client(None, base_url=url, exchanges=exchanges) as client:
            figures.update(await run_and_check(client, exchanges, served.db_path, count=90,
                                               concurrency=6, prefix="lost-http"))
    finally:
        served.stop()

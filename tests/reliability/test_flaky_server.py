"""Item 2 — a flaky server: `errorRate` 0.3 (500 and 503 before doing anything) while the
latency wanders between 0 and 1 s. A scripted mix of 500 operations must end with each one
done exactly once, or reported failed with a message that says what to do — never done
twice, never lost without a word — and every balance equal to its ledger."""

from __future__ import annotations

import asyncio
import random
from contextlib import asynccontextmanager
from decimal import Decimal

import pytest

from wallet_tui.client import Exchange, OutcomeUnknown, WalletClient
from wallet_tui.protocol import withdrawal_fee

from .ledger_audit import audit
from .support import LEDGER_TYPE, Op, faults, full_wallets, perform, perform_all, script, tally

OPERATIONS = 500
FUNDS = Decimal("200000")
LATENCIES_MS = (0, 100, 250, 500, 750, 1000)


@asynccontextmanager
async def wandering_latency(client: WalletClient, rng: random.Random):
    """Changes the sandbox's latency every 150 ms while the body runs."""
    seen: list[int] = []

    async def weather() -> None:
        while True:
            latency = rng.choice(LATENCIES_MS)
            seen.append(latency)
            await faults(client, latency_ms=latency)
            await asyncio.sleep(0.15)

    task = asyncio.create_task(weather())
    try:
        yield seen
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def net_effect(op: Op) -> Decimal:
    if op.kind == "refill":
        return op.amount
    if op.kind == "payment":
        return -op.amount
    return -(op.amount + withdrawal_fee(op.amount))


@pytest.mark.slow
async def test_a_flaky_server_never_doubles_nor_drops_an_operation(sandbox, figures):
    exchanges: list[Exchange] = []
    client = sandbox.client(exchanges=exchanges)
    wallets = await full_wallets(client, 10, str(FUNDS))
    ops = script(wallets, OPERATIONS, prefix="flaky", seed=7)

    await faults(client, error_rate=0.3)
    exchanges.clear()
    async with wandering_latency(client, random.Random(7)) as latencies:
        await perform_all(client, ops, concurrency=40)
    await faults(client, error_rate=0, latency_ms=0)

    answered = [e for e in exchanges if e.path.startswith("/api/")]
    failed = [op for op in ops if not op.done]
    # Whatever failed says so, names its key and how to learn the outcome.
    for op in failed:
        assert isinstance(op.error, OutcomeUnknown), repr(op.error)
        assert op.error.idempotency_key in op.keys
        assert "unknown" in str(op.error) and op.error.idempotency_key in str(op.error)

    # The ledger holds each done operation once and each failed one not at all
    # (errorRate fails calls before they do anything).
    ledger = audit(sandbox.db_path)
    assert ledger.problems == []
    counts = {op.external_id: ledger.count(op.external_id, LEDGER_TYPE[op.kind]) for op in ops}
    assert [op.external_id for op in ops if counts[op.external_id] != int(op.done)] == []

    # The operator retries the failed ones with their keys, as the desk offers to.
    for op in failed:
        await perform(client, op)
    assert [op.external_id for op in ops if not op.done] == []
    ledger = audit(sandbox.db_path)
    assert ledger.problems == []
    assert [op.external_id for op in ops
            if ledger.count(op.external_id, LEDGER_TYPE[op.kind]) != 1] == []
    for wallet_id in wallets:
        expected = FUNDS + sum((net_effect(op) for op in ops if op.wallet_id == wallet_id),
                               Decimal(0))
        assert (await client.get_wallet(wallet_id)).balance == expected

    statuses = tally(e.status or "no answer" for e in answered)
    assert statuses.get(500, 0) and statuses.get(503, 0), "the faults must have happened"
    figures.update(
        operations=OPERATIONS, kinds=tally(op.kind for op in ops),
        exchanges=len(answered), answers=statuses,
        failed_then_retried=len(failed), done_twice=0,
        latencies_ms=sorted(set(latencies)),
    )

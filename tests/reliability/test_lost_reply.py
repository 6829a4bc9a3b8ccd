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


# --- what the operator sees ---------------------------------------------------------------------

DESK_ROUNDS = 1
FULL_WALLET = "100000000003"


@pytest.mark.slow
async def test_the_desk_shows_the_outcome_when_the_reply_was_lost(tmp_path, home, figures):
    from wallet_tui.protocol import FaultsUpdate
    from wallet_tui.sandbox.clock import ManualClock
    from wallet_tui.ui.screens.modals import ConfirmModal
    from wallet_tui.ui.screens.payment import STEP_CONFIRM, STEP_RESULT

    from .desk import SandboxConnect, banner_text, desk, look_up, settle, show, text_of, type_into

    clock = ManualClock()
    connect = SandboxConnect(tmp_path / "desk.sqlite3", clock=clock)
    shown = []
    async with desk(connect) as (app, pilot):
        await look_up(pilot, FULL_WALLET)
        await app.gateway.client.set_faults(FaultsUpdate(drop_after_commit_rate=1))
        for n in range(DESK_ROUNDS):
            screen = await show(pilot, "refill")
            await type_into(pilot, "refill-amount", "1 000,10")
            await type_into(pilot, "refill-external-id", f"desk-refill-{n}")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await settle(pilot)
            assert banner_text(screen) == ""
            assert "operationId" in text_of(screen, "#refill-result")
            shown.append("refill")

            screen = await show(pilot, "payment")
            screen.clock = clock.now  # its countdown runs on the sandbox's time
            await type_into(pilot, "pay-amount", "250,50")
            await type_into(pilot, "pay-external-id", f"desk-payment-{n}")
            await pilot.press("enter")
            await settle(pilot)
            assert screen.step == STEP_CONFIRM, banner_text(screen)
            await pilot.press("y")
            await settle(pilot)
            assert banner_text(screen) == "" and screen.step == STEP_RESULT
            assert screen.operation is not None and "250" in text_of(screen, "#pay-result")
            await pilot.press("n")  # a new payment for the next round
            await settle(pilot)
            shown.append("payment")

            screen = await show(pilot, "withdrawal")
            await type_into(pilot, "wd-bank-filter", "100000000111")
            await pilot.press("enter")  # takes the highlighted bank
            await type_into(pilot, "wd-amount", "300")
            await type_into(pilot, "wd-external-id", f"desk-withdrawal-{n}")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal), banner_text(screen)
            await pilot.press("y")
            await settle(pilot)
            assert banner_text(screen) == ""
            assert screen.withdrawal is not None
            assert screen.withdrawal.withdrawal_id in text_of(screen, "#wd-status")
            clock.advance(3)  # the bank settles it
            screen.action_poll()
            await settle(pilot)
            assert screen.withdrawal.status.value == "SUCCEEDED"
            await pilot.press("n")
            await settle(pilot)
            shown.append("withdrawal")

        replayed = sum(e.replayed for e in app.gateway.exchanges)
    ledger = audit(connect.db_path)
    assert ledger.problems == []
    for n in range(DESK_ROUNDS):
        for kind in ("refill", "payment", "withdrawal"):
            assert ledger.count(f"desk-{kind}-{n}", LEDGER_TYPE[kind]) == 1
    assert replayed == 3 * DESK_ROUNDS
    figures.update(operations_through_the_desk=len(shown), outcomes_shown=len(shown),
                   errors_shown=0, answers_replayed=replayed)

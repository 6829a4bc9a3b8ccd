"""The guided demo's story without any UI, on the in-process sandbox."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from wallet_tui.client import Exchange, OutcomeUnknown
from wallet_tui.protocol import FaultsUpdate, wire
from wallet_tui.protocol import ApiError
from wallet_tui.protocol.errors import WalletAlreadyExistsError
from wallet_tui.scenario import (
    DemoSettings,
    Scenario,
    ScenarioError,
    StepStatus,
    fresh_phone,
)

from .support import DEMO_CREDENTIALS, SandboxConnect

STEP_NAMES = ["login", "register", "identify", "refill", "payment-init", "payment-confirm",
              "banks", "withdraw", "withdrawal-status", "lookup"]


@pytest.fixture
def sandbox(tmp_path: Path) -> SandboxConnect:
    return SandboxConnect(tmp_path / "sandbox.sqlite3")


@pytest.fixture
async def recorded(sandbox: SandboxConnect):
    """(client, exchanges): a client logged in as the demo partner, and what it sent."""
    exchanges: list[Exchange] = []
    client = sandbox(on_exchange=exchanges.append, credentials=DEMO_CREDENTIALS)
    await client.login()
    yield client, exchanges
    await client.aclose()


def settings_moving(sandbox: SandboxConnect, **kwargs) -> DemoSettings:
    """Waiting between status calls moves the sandbox's clock instead of real time."""

    async def sleep(seconds: float) -> None:
        sandbox.advance(seconds)

    return DemoSettings(sleep=sleep, **kwargs)


async def test_the_whole_story_ends_with_the_right_balance_and_history(sandbox, recorded):
    client, exchanges = recorded
    scenario = Scenario(settings_moving(sandbox))
    assert [record.step.name for record in scenario.records] == STEP_NAMES

    story = await scenario.run_to_end(client)

    assert scenario.finished
    assert all(record.status is StepStatus.DONE for record in scenario.records)
    # 5000 in, 1200 paid, 1000 withdrawn with the sandbox's minimum fee of 10.00.
    assert story.wallet is not None and story.wallet.balance == Decimal("2790.00")
    assert story.wallet.identification.value == "SIMPLIFIED"
    assert story.withdrawal is not None and story.withdrawal.status.value == "SUCCEEDED"
    assert story.polls >= 2, "the first status call should have found it PROCESSING"
    assert story.history is not None
    assert [op.type.value for op in story.history.items] == ["WITHDRAWAL", "PAYMENT", "REFILL"]
    assert "balance RUB 2,790.00" in str(scenario.records[-1].lines[0])


def rubles(text: str) -> list[Decimal]:
    return [Decimal(figure.replace(",", "")) for figure in re.findall(r"RUB ([\d,]+\.\d\d)", text)]


async def test_the_summary_figures_add_up_fee_included(sandbox, recorded):
    """Issue 11: the last step's rows left the withdrawal's fee out (3 800 − 1 000 ≠ 2 790)."""
    client, _exchanges = recorded
    scenario = Scenario(settings_moving(sandbox))
    await scenario.run_to_end(client)
    rows = [str(line) for line in scenario.records[-1].lines[1:]]
    balance = Decimal("0")
    for row in reversed(rows):  # oldest first
        figures = rubles(row)
        *moved, after = figures
        amount, fee = moved[0], sum(moved[1:], Decimal("0"))
        expected = balance + amount if "REFILL" in row else balance - amount - fee
        assert after == expected, row
        balance = after
    assert balance == Decimal("2790.00")
    assert "fee RUB 10.00" in rows[0]


async def test_it_uses_only_the_providers_calls(sandbox, recorded):
    client, exchanges = recorded
    await Scenario(settings_moving(sandbox)).run_to_end(client)
    paths = [exchange.path for exchange in exchanges]
    assert not [path for path in paths if not path.startswith("/api/")]
    assert wire.BANKS in paths


async def test_each_plan_is_what_is_then_sent(sandbox, recorded):
    client, exchanges = recorded
    scenario = Scenario(settings_moving(sandbox))
    while not scenario.finished:
        record = scenario.prepare(client)
        first = len(exchanges)
        await scenario.run_current(client)
        sent = exchanges[first]
        planned = record.plan.requests[0]
        assert (sent.method, sent.path) == (planned.method, planned.path)
        if planned.body is not None and planned.path != wire.TOKEN:
            assert json.loads(sent.request_body or "null") == planned.body
        assert sent.idempotency_key == record.idempotency_key


async def test_the_login_plan_masks_the_secret(recorded):
    client, _ = recorded
    record = Scenario().prepare(client)
    shown = record.plan.requests[0].body_text()
    assert '"clientSecret": "****"' in shown
    assert wire.DEMO_CLIENT_SECRET not in shown


def test_fresh_phones_are_russian_and_never_the_demo_ones():
    phones = {fresh_phone() for _ in range(200)}
    assert len(phones) > 190
    for phone in phones:
        assert phone.startswith("+7999") and len(phone) == 12 and phone[1:].isdigit()
        assert not phone.startswith("+7999000")


async def _run_until(scenario: Scenario, client, name: str) -> None:
    while scenario.current is not None and scenario.current.step.name != name:
        await scenario.run_current(client)


async def test_an_unknown_outcome_is_retried_with_the_same_key(sandbox, recorded):
    client, exchanges = recorded
    scenario = Scenario(settings_moving(sandbox))
    await _run_until(scenario, client, "refill")
    await client.set_faults(FaultsUpdate(error_rate=1))

    with pytest.raises(OutcomeUnknown):
        await scenario.run_current(client)
    record = scenario.current
    assert record.step.name == "refill" and record.status is StepStatus.FAILED
    assert record.outcome_unknown
    key = record.idempotency_key

    await client.set_faults(FaultsUpdate(error_rate=0))
    await scenario.run_current(client)
    assert record.status is StepStatus.DONE
    refills = [e for e in exchanges if e.path.endswith("/refill")]
    assert len(refills) >= 2 and {e.idempotency_key for e in refills} == {key}
    assert scenario.story.wallet.balance == Decimal("5000.00")  # applied once


async def test_a_definite_refusal_plans_afresh_with_a_new_key(sandbox, recorded):
    client, exchanges = recorded
    phones = iter(["+79990000001", "+79991234567"])  # the first is a demo wallet's
    scenario = Scenario(DemoSettings(phone_source=lambda: next(phones)))
    await scenario.run_current(client)  # login

    with pytest.raises(WalletAlreadyExistsError):
        await scenario.run_current(client)
    record = scenario.current
    assert record.status is StepStatus.FAILED and not record.outcome_unknown
    first_key = [e for e in exchanges if e.path == wire.REGISTRATION][0].idempotency_key

    retry = scenario.prepare(client)
    assert retry.plan.requests[0].body == {"phone": "+79991234567"}
    assert retry.idempotency_key != first_key
    await scenario.run_current(client)
    assert scenario.story.wallet.phone == "+79991234567"


async def test_a_failed_read_stops_the_story_and_a_retry_goes_on(sandbox, recorded):
    client, _ = recorded
    scenario = Scenario(settings_moving(sandbox))
    await _run_until(scenario, client, "banks")
    await client.set_faults(FaultsUpdate(error_rate=1))
    with pytest.raises(ApiError) as raised:
        await scenario.run_current(client)
    assert raised.value.http_status >= 500 and raised.value.request_id
    assert scenario.current.step.name == "banks"  # stopped there

    await client.set_faults(FaultsUpdate(error_rate=0))
    await scenario.run_to_end(client)
    assert scenario.finished


async def test_a_withdrawal_that_does_not_settle_in_time_can_be_waited_for_again(
    sandbox, recorded
):
    client, _ = recorded
    scenario = Scenario(settings_moving(sandbox, poll_interval=10, poll_limit_seconds=30))
    await _run_until(scenario, client, "withdraw")
    await client.set_faults(FaultsUpdate(withdrawal_settle_seconds=60))
    await scenario.run_current(client)  # the withdrawal, settling in 60 s

    with pytest.raises(ScenarioError, match="still PROCESSING after 30 s"):
        await scenario.run_current(client)
    assert scenario.story.polls == 4  # at 0, 10, 20 and 30 s

    await scenario.run_current(client)  # 40, 50, 60: settled
    assert scenario.story.withdrawal.status.value == "SUCCEEDED"


async def test_progress_tells_each_wait(sandbox, recorded):
    client, _ = recorded
    scenario = Scenario(settings_moving(sandbox))
    await _run_until(scenario, client, "withdrawal-status")
    said: list[str] = []
    await scenario.run_current(client, lambda sentence: said.append(str(sentence)))
    assert said and said[0].startswith("asked 1 time: PROCESSING")


async def test_stopping_the_wait_keeps_the_plan_and_key_for_the_retry(sandbox, recorded):
    import asyncio

    client, exchanges = recorded
    scenario = Scenario(settings_moving(sandbox))
    await _run_until(scenario, client, "refill")
    await client.set_faults(FaultsUpdate(latency_ms=60000))
    running = asyncio.create_task(scenario.run_current(client))
    for _ in range(50):  # until the refill has gone out
        await asyncio.sleep(0.01)
        if any(e.path.endswith("/refill") for e in exchanges) or running.done():
            break
    record = scenario.current
    planned = record.plan
    running.cancel()
    scenario.stopped_waiting()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert record.status is StepStatus.FAILED and record.outcome_unknown
    assert record.plan is planned and record.idempotency_key

    await client.set_faults(FaultsUpdate(latency_ms=0))
    await scenario.run_current(client)
    assert record.status is StepStatus.DONE
    refills = [e for e in exchanges if e.path.endswith("/refill")]
    assert {e.idempotency_key for e in refills} == {record.idempotency_key}
    assert scenario.story.wallet.balance == Decimal("5000.00")


class SeedSpelling:
    """A transport that hands the sandbox the seed's `wifhdrawal` for a respelled path."""

    def __init__(self, inner) -> None:
        self.inner = inner

    async def handle_async_request(self, request):
        import httpx

        seed = request.url.copy_with(path=request.url.path.replace("/withdrawal", "/wifhdrawal"))
        sent = httpx.Request(request.method, seed, headers=request.headers,
                             content=await request.aread())
        return await self.inner.handle_async_request(sent)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_the_plans_show_the_paths_a_profile_respelled(sandbox):
    """A provider that spells `withdrawal` right: the demo shows and sends its paths."""
    from wallet_tui.client import WalletClient
    from wallet_tui.protocol.paths import PathTable

    respelled = PathTable({
        "banks": "/api/wallet/v1/account/withdrawal/bank",
        "withdrawal_create": "/api/wallet/v1/account/{walletId}/withdrawal",
        "withdrawal": "/api/wallet/v1/account/{walletId}/withdrawal/{withdrawalId}",
    })
    exchanges: list[Exchange] = []
    client = WalletClient(
        base_url=sandbox.base_url, credentials=DEMO_CREDENTIALS, paths=respelled,
        transport=SeedSpelling(sandbox.transport()),
        on_exchange=exchanges.append, clock=sandbox.client_clock,
    )
    scenario = Scenario(settings_moving(sandbox))
    planned_paths = []
    try:
        while not scenario.finished:
            record = scenario.prepare(client)
            first = len(exchanges)
            await scenario.run_current(client)
            planned = record.plan.requests[0]
            planned_paths.append(planned.path)
            assert exchanges[first].path == planned.path
    finally:
        await client.aclose()
    assert "/api/wallet/v1/account/withdrawal/bank" in planned_paths
    assert not any("wifhdrawal" in path for path in planned_paths)
    assert sum("/withdrawal" in path for path in planned_paths) >= 3

"""Run-time faults and the sandbox's own endpoints."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

import pytest

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.models import Faults, FaultsUpdate
from wallet_tui.sandbox.faults import Drop, FaultState

from conftest import assert_error

DEFAULTS = {
    "latencyMs": 0, "errorRate": 0.0, "dropAfterCommitRate": 0.0,
    "tokenTtlSeconds": 300, "paymentTtlSeconds": 900, "withdrawalSettleSeconds": 2,
    "rateLimitPerMinute": 0,
}


async def test_faults_start_at_their_defaults(sandbox):
    response = await sandbox.client.get(wire.SANDBOX_FAULTS, headers=sandbox.auth)
    assert response.status_code == 200 and response.json() == DEFAULTS


async def test_put_changes_the_fields_given_and_keeps_the_others(sandbox):
    changed = await sandbox.faults(paymentTtlSeconds=60, errorRate=0)
    assert changed == {**DEFAULTS, "paymentTtlSeconds": 60}
    assert await sandbox.faults(latencyMs=10) == {**DEFAULTS, "paymentTtlSeconds": 60, "latencyMs": 10}


@pytest.mark.parametrize(
    "change",
    [
        {"latencyMs": -1}, {"latencyMs": 60001}, {"errorRate": 1.5}, {"errorRate": -0.1},
        {"dropAfterCommitRate": 2}, {"tokenTtlSeconds": 0}, {"tokenTtlSeconds": 86401},
        {"paymentTtlSeconds": 0}, {"paymentTtlSeconds": 86401},
        {"withdrawalSettleSeconds": -1}, {"withdrawalSettleSeconds": 3601}, {"latencyMs": "slow"},
        {"rateLimitPerMinute": -1}, {"rateLimitPerMinute": 60001}, {"rateLimitPerMinute": 1.5},
    ],
)
async def test_out_of_range_faults_are_invalid_request_and_change_nothing(sandbox, change):
    response = await sandbox.client.put(wire.SANDBOX_FAULTS, headers=sandbox.auth, json=change)
    error = assert_error(response, ErrorName.INVALID_REQUEST)
    assert [problem["field"] for problem in error["details"]["fields"]] == list(change)
    current = await sandbox.client.get(wire.SANDBOX_FAULTS, headers=sandbox.auth)
    assert current.json() == DEFAULTS


async def test_sandbox_endpoints_need_a_token(sandbox):
    for method, path in (("GET", wire.SANDBOX_FAULTS), ("POST", wire.SANDBOX_RESET),
                         ("POST", wire.SANDBOX_CLOCK)):
        assert_error(await sandbox.client.request(method, path), ErrorName.UNAUTHORIZED)


async def test_error_rate_fails_api_calls_but_never_the_sandboxs_own(sandbox):
    await sandbox.faults(errorRate=1)
    seen = set()
    for _ in range(12):
        response = await sandbox.get(wire.wallet("100000000003"))
        name = ErrorName(response.json()["name"])
        assert name in (ErrorName.INTERNAL_ERROR, ErrorName.SERVICE_UNAVAILABLE)
        assert_error(response, name)
        if name is ErrorName.SERVICE_UNAVAILABLE:
            assert response.headers[wire.RETRY_AFTER] == "1"
        seen.add(name)
    assert seen == {ErrorName.INTERNAL_ERROR, ErrorName.SERVICE_UNAVAILABLE}
    assert (await sandbox.login()).status_code in (500, 503)
    before = (await sandbox.client.get(wire.SANDBOX_FAULTS, headers=sandbox.auth)).json()
    assert before["errorRate"] == 1.0
    assert (await sandbox.faults(errorRate=0))["errorRate"] == 0.0
    assert (await sandbox.refill("100000000003", "1.00")).status_code == 200


async def test_error_rate_fails_before_doing_anything(sandbox):
    await sandbox.faults(errorRate=1)
    for _ in range(5):
        assert (await sandbox.refill("100000000003", "1.00")).status_code in (500, 503)
    await sandbox.faults(errorRate=0)
    assert (await sandbox.balance("100000000003")) == 150000


async def test_latency_delays_api_calls(sandbox):
    await sandbox.faults(latencyMs=300)
    started = time.perf_counter()
    assert (await sandbox.refill("100000000003", "1.00")).status_code == 200
    assert time.perf_counter() - started >= 0.3


async def test_clock_moves_only_forward(sandbox):
    before = await sandbox.now()
    assert (await sandbox.now()) >= before
    response = await sandbox.post(wire.SANDBOX_CLOCK, {"advanceSeconds": -1})
    assert_error(response, ErrorName.INVALID_REQUEST)
    moved = datetime.fromisoformat(await sandbox.advance(3600))
    assert moved - before >= timedelta(seconds=3600)
    assert moved.utcoffset() == timedelta(0)


def test_fault_draws_repeat_for_the_same_seed():
    def draws(seed):
        state = FaultState(Faults(), random.Random(seed))
        state.update(FaultsUpdate(error_rate=0.5, drop_after_commit_rate=0.5))
        return [(state.draw_error(), state.draw_drop()) for _ in range(50)]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)


def test_fault_rates_are_honoured_in_the_long_run():
    state = FaultState(Faults(), random.Random(1))
    state.update(FaultsUpdate(error_rate=0.25, drop_after_commit_rate=0.1))
    errors = sum(state.draw_error() is not None for _ in range(4000))
    drops = [state.draw_drop() for _ in range(4000)]
    assert 850 < errors < 1150
    assert 300 < sum(d is not None for d in drops) < 500
    assert {Drop.CUT, Drop.SERVER_ERROR} <= set(drops)
    state.update(FaultsUpdate(error_rate=0))
    assert all(state.draw_error() is None for _ in range(100))

"""The `rateLimitPerMinute` fault: 429 TOO_MANY_REQUESTS with Retry-After, per partner, before
any work or idempotency key; never on the token call or /sandbox/."""

from __future__ import annotations

import random
import uuid

import httpx
import pytest

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.models import Faults, FaultsUpdate
from wallet_tui.sandbox.faults import FaultState

from conftest import OTHER, Sandbox, assert_error

VERA = "100000000003"
SECOND = 1_000_000  # µs


def retry_after(response: httpx.Response) -> int:
    """The 429's wait: whole seconds, at least 1, at most the 60 s window."""
    body = assert_error(response, ErrorName.TOO_MANY_REQUESTS)
    assert "rateLimitPerMinute" in body["message"]
    seconds = int(response.headers[wire.RETRY_AFTER])
    assert 1 <= seconds <= 60
    return seconds


async def use_up(sandbox: Sandbox, calls: int) -> None:
    for _ in range(calls):
        assert (await sandbox.get(wire.wallet(VERA))).status_code == 200


async def test_calls_past_the_limit_are_429_until_the_window_frees(sandbox):
    assert (await sandbox.faults(rateLimitPerMinute=3))["rateLimitPerMinute"] == 3
    await use_up(sandbox, 3)
    wait = retry_after(await sandbox.get(wire.wallet(VERA)))
    if sandbox.mode == "inprocess":  # the clock stands still: the first call left 60 s ago
        assert wait == 60
        await sandbox.advance(59.5)
        assert retry_after(await sandbox.get(wire.wallet(VERA))) == 1
        await sandbox.advance(0.5)
    else:
        await sandbox.advance(wait)
    assert (await sandbox.get(wire.wallet(VERA))).status_code == 200


async def test_each_partner_has_its_own_count(sandbox):
    await sandbox.faults(rateLimitPerMinute=2)
    await use_up(sandbox, 2)
    retry_after(await sandbox.get(wire.wallet(VERA)))
    other = await sandbox.as_partner(OTHER)
    for _ in range(2):
        assert (await other.get(wire.wallet("100000000005"))).status_code == 200
    retry_after(await other.get(wire.wallet("100000000005")))


async def test_a_limited_call_does_nothing_and_its_key_runs_afresh_later(sandbox):
    before = await sandbox.balance(VERA)
    await sandbox.faults(rateLimitPerMinute=2)
    await use_up(sandbox, 2)
    key = str(uuid.uuid4())
    refused = await sandbox.refill(VERA, "7.00", key=key)
    wait = retry_after(refused)
    assert wire.IDEMPOTENT_REPLAYED not in refused.headers
    await sandbox.advance(wait)
    done = await sandbox.refill(VERA, "7.00", key=key)
    assert done.status_code == 200, done.text
    assert wire.IDEMPOTENT_REPLAYED not in done.headers  # run, not replayed: the 429 was not kept
    await sandbox.faults(rateLimitPerMinute=0)
    again = await sandbox.refill(VERA, "7.00", key=key)
    assert again.headers[wire.IDEMPOTENT_REPLAYED] == "true" and again.content == done.content
    assert await sandbox.balance(VERA) == before + 7


async def test_the_limit_comes_after_unauthorized_and_before_invalid_request(sandbox):
    await sandbox.faults(rateLimitPerMinute=1)
    await use_up(sandbox, 1)
    no_token = await sandbox.client.get(wire.wallet(VERA))
    assert_error(no_token, ErrorName.UNAUTHORIZED)
    broken = await sandbox.post(wire.refill(VERA), content=b"{not json",
                                headers={"Content-Type": "application/json"})
    retry_after(broken)


async def test_the_token_call_and_sandbox_endpoints_are_never_limited(sandbox):
    await sandbox.faults(rateLimitPerMinute=1)
    await use_up(sandbox, 1)
    for _ in range(3):
        assert (await sandbox.login()).status_code == 200
        assert (await sandbox.faults(latencyMs=0))["rateLimitPerMinute"] == 1
        await sandbox.now()
    retry_after(await sandbox.get(wire.wallet(VERA)))
    await sandbox.reset()
    assert (await sandbox.faults())["rateLimitPerMinute"] == 0
    await use_up(sandbox, 3)


async def test_setting_the_limit_again_starts_a_new_count(sandbox):
    await sandbox.faults(rateLimitPerMinute=1)
    await use_up(sandbox, 1)
    retry_after(await sandbox.get(wire.wallet(VERA)))
    await sandbox.faults(rateLimitPerMinute=1)
    await use_up(sandbox, 1)


def limiter(per_minute: int) -> FaultState:
    state = FaultState(Faults(), random.Random(0))
    state.update(FaultsUpdate(rate_limit_per_minute=per_minute))
    return state


def test_the_window_slides_and_retry_after_rounds_up_to_whole_seconds():
    state = limiter(2)
    assert state.admit("1001", 0) is None
    assert state.admit("1001", 10 * SECOND) is None
    assert state.admit("1001", 20 * SECOND) == 40         # the call at 0 leaves at 60
    assert state.admit("1001", 20 * SECOND + 300_000) == 40  # 39.7 s, rounded up
    assert state.admit("1001", 59 * SECOND + 1) == 1
    assert state.admit("1001", 60 * SECOND) is None       # the call at 0 has left
    assert state.admit("1001", 61 * SECOND) == 9          # now the one at 10 s is oldest
    assert state.admit("1002", 61 * SECOND) is None


def test_refused_calls_do_not_count_and_off_means_off():
    state = limiter(1)
    assert state.admit("1001", 0) is None
    for second in range(1, 60):
        assert state.admit("1001", second * SECOND) == 60 - second
    assert state.admit("1001", 60 * SECOND) is None
    state.update(FaultsUpdate(rate_limit_per_minute=0))
    assert all(state.admit("1001", 60 * SECOND) is None for _ in range(100))
    state.update(FaultsUpdate(rate_limit_per_minute=1))
    state.reset()
    assert all(state.admit("1001", 60 * SECOND) is None for _ in range(100))


@pytest.mark.parametrize("path", [wire.wallet("{wallet_id}"), wire.refill("{wallet_id}")])
def test_the_openapi_document_describes_the_429_and_the_fault(tmp_path, path):
    from urllib.parse import unquote

    from wallet_tui.sandbox.app import create_app

    app = create_app(tmp_path / "doc.sqlite3")
    document, controls = app.openapi(), app.openapi(path="/sandbox/openapi.json")
    operations = document["paths"][unquote(path)]
    for operation in operations.values():
        answer = operation["responses"]["429"]
        assert answer["headers"][wire.RETRY_AFTER]["required"] is True
    for sandbox_path in (wire.SANDBOX_FAULTS, wire.SANDBOX_RESET):
        for operation in controls["paths"][sandbox_path].values():
            assert "429" not in operation["responses"]
    assert "429" not in document["paths"][wire.TOKEN]["post"]["responses"]
    fault = controls["components"]["schemas"]["Faults"]["properties"]["rateLimitPerMinute"]
    assert (fault["minimum"], fault["maximum"], fault["default"]) == (0, 60000, 0)

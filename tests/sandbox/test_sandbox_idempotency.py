"""Idempotency keys: replay byte for byte, what is kept and what is not, conflicts, a key in
flight, partners apart, 24 hours, and an answer lost after the work was done."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal

import httpx
import pytest

from wallet_tui.protocol import ErrorName, wire

from conftest import OTHER, SBER, assert_error, fresh_phone

REPLAYED = wire.IDEMPOTENT_REPLAYED


def key() -> str:
    return str(uuid.uuid4())


@pytest.mark.parametrize("call", ["register", "identify", "refill", "init", "confirm", "withdraw"])
async def test_a_repeat_replays_the_first_answer_byte_for_byte(sandbox, call):
    payment_id = (await sandbox.init_payment("100000000002", "5.00")).json()["paymentId"]
    requests = {
        "register": (wire.REGISTRATION, {"phone": fresh_phone()}),
        "identify": (wire.identification("100000000002", "FULL"), None),
        "refill": (wire.refill("100000000002"), {"amount": "5.00", "currency": "RUB"}),
        "init": (wire.payment_initialization("100000000002"), {"amount": "5.00", "currency": "RUB"}),
        "confirm": (wire.payment_confirmation("100000000002"), {"paymentId": payment_id}),
        "withdraw": (wire.withdrawal_create("100000000002"),
                     {"bankId": SBER, "phone": "+79161234567", "amount": "5.00", "currency": "RUB"}),
    }
    path, body = requests[call]
    the_key = key()
    first = await sandbox.post(path, body, key=the_key)
    assert first.status_code in (200, 201, 202), first.text
    assert REPLAYED not in first.headers
    balance = await sandbox.balance("100000000002")
    repeat = await sandbox.post(path, body, key=the_key, headers={wire.REQUEST_ID: "again"})
    assert repeat.status_code == first.status_code
    assert repeat.content == first.content
    assert repeat.headers[REPLAYED] == "true"
    assert repeat.headers[wire.REQUEST_ID] == "again"
    assert await sandbox.balance("100000000002") == balance


async def test_json_body_equality_ignores_key_order_and_spacing(sandbox):
    the_key = key()
    first = await sandbox.post(wire.refill("100000000003"), content=b'{"amount":"1.00","currency":"RUB"}',
                               key=the_key, headers={"Content-Type": "application/json"})
    repeat = await sandbox.post(wire.refill("100000000003"), content=b'{ "currency": "RUB",  "amount": "1.00" }',
                                key=the_key, headers={"Content-Type": "application/json"})
    assert repeat.headers[REPLAYED] == "true" and repeat.content == first.content


async def test_business_refusals_are_kept_even_when_the_world_changes(sandbox):
    the_key = key()
    refused = await sandbox.refill("100000000001", "14000.00", key=the_key)
    first = assert_error(refused, ErrorName.BALANCE_LIMIT_EXCEEDED)
    assert (await sandbox.set_level("100000000001", "SIMPLIFIED")).status_code == 200
    repeat = await sandbox.refill("100000000001", "14000.00", key=the_key)
    assert repeat.headers[REPLAYED] == "true" and repeat.content == refused.content
    assert repeat.json()["requestId"] == first["requestId"]
    assert (await sandbox.refill("100000000001", "14000.00", key=key())).status_code == 200


async def test_validation_errors_are_not_kept(sandbox):
    the_key = key()
    first = await sandbox.refill("100000000003", "-1", key=the_key)
    assert_error(first, ErrorName.INVALID_REQUEST)
    second = await sandbox.refill("100000000003", "-1", key=the_key)
    assert_error(second, ErrorName.INVALID_REQUEST)
    assert REPLAYED not in second.headers
    fixed = await sandbox.refill("100000000003", "1.00", key=the_key)
    assert fixed.status_code == 200 and REPLAYED not in fixed.headers


async def test_unauthorized_calls_do_not_touch_keys(sandbox):
    the_key = key()
    anonymous = await sandbox.client.post(
        wire.refill("100000000003"), json={"amount": "1.00", "currency": "RUB"}, headers={wire.IDEMPOTENCY_KEY: the_key}
    )
    assert_error(anonymous, ErrorName.UNAUTHORIZED)
    response = await sandbox.refill("100000000003", "2.00", key=the_key)
    assert response.status_code == 200 and REPLAYED not in response.headers


async def test_another_body_or_path_with_the_same_key_is_a_conflict(sandbox):
    the_key = key()
    first = await sandbox.refill("100000000003", "1.00", key=the_key)
    assert_error(await sandbox.refill("100000000003", "2.00", key=the_key), ErrorName.IDEMPOTENCY_CONFLICT)
    assert_error(await sandbox.refill("100000000002", "1.00", key=the_key), ErrorName.IDEMPOTENCY_CONFLICT)
    other_call = await sandbox.init_payment("100000000003", "1.00", key=the_key)
    assert_error(other_call, ErrorName.IDEMPOTENCY_CONFLICT)
    # Conflicts are not kept: the original repeat still replays.
    repeat = await sandbox.refill("100000000003", "1.00", key=the_key)
    assert repeat.content == first.content and repeat.headers[REPLAYED] == "true"


async def test_a_repeat_while_the_first_still_runs_is_request_in_progress(sandbox):
    await sandbox.faults(latencyMs=1000)
    the_key = key()
    first = asyncio.create_task(sandbox.refill("100000000003", "1.00", key=the_key))
    await asyncio.sleep(0.1)
    second = await sandbox.refill("100000000003", "1.00", key=the_key)
    answers = sorted([await first, second], key=lambda answer: answer.status_code)
    done, refused = answers  # whichever held the key first did the work
    assert done.status_code == 200
    assert_error(refused, ErrorName.REQUEST_IN_PROGRESS)
    replay = await sandbox.refill("100000000003", "1.00", key=the_key)
    assert replay.headers[REPLAYED] == "true" and replay.content == done.content
    await sandbox.faults(latencyMs=0)
    assert await sandbox.balance("100000000003") == Decimal("150001.00")


async def test_keys_of_different_partners_never_meet(sandbox):
    other = await sandbox.as_partner(OTHER)
    the_key = key()
    mine = await sandbox.refill("100000000003", "1.00", key=the_key)
    theirs = await other.refill("100000000005", "2.00", key=the_key)
    assert mine.status_code == theirs.status_code == 200
    assert REPLAYED not in theirs.headers and theirs.json()["walletId"] == "100000000005"


async def test_keys_are_kept_24_hours(sandbox):
    the_key = key()
    first = await sandbox.refill("100000000003", "1.00", key=the_key)
    await sandbox.travel(24 * 3600 - 60)
    assert (await sandbox.refill("100000000003", "1.00", key=the_key)).headers[REPLAYED] == "true"
    await sandbox.travel(61)
    later = await sandbox.refill("100000000003", "1.00", key=the_key)
    assert later.status_code == 200 and REPLAYED not in later.headers
    assert later.json()["operationId"] != first.json()["operationId"]


async def test_reset_forgets_keys(sandbox):
    the_key = key()
    await sandbox.refill("100000000003", "1.00", key=the_key)
    await sandbox.reset()
    again = await sandbox.refill("100000000003", "1.00", key=the_key)
    assert REPLAYED not in again.headers and again.json()["balance"] == "150001.00"


@pytest.mark.parametrize("bad_key", ["", "k" * 65])
async def test_keys_must_be_1_to_64_characters(sandbox, bad_key):
    response = await sandbox.refill("100000000003", "1.00", key=bad_key)
    error = assert_error(response, ErrorName.INVALID_REQUEST)
    assert error["details"]["fields"][0]["field"] == wire.IDEMPOTENCY_KEY
    assert (await sandbox.refill("100000000003", "1.00", key="k" * 64)).status_code == 200


@pytest.mark.parametrize("call", ["refill", "confirm", "withdraw"])
async def test_an_answer_lost_after_the_work_is_replayed_to_the_retry(sandbox, call):
    payment_id = (await sandbox.init_payment("100000000003", "7.00")).json()["paymentId"]
    send = {
        "refill": lambda k: sandbox.refill("100000000003", "7.00", key=k),
        "confirm": lambda k: sandbox.confirm("100000000003", payment_id, key=k),
        "withdraw": lambda k: sandbox.withdraw("100000000003", "7.00", key=k),
    }[call]
    before = await sandbox.balance("100000000003")
    await sandbox.faults(dropAfterCommitRate=1)
    the_key = key()
    try:
        lost = await send(the_key)
        body = assert_error(lost, ErrorName.INTERNAL_ERROR)
        assert "dropAfterCommitRate" in body["message"]
    except httpx.RemoteProtocolError:
        pass  # the other way to lose it: the connection was cut mid-answer
    after_work = await sandbox.balance("100000000003")
    assert after_work != before  # the work was done
    retry = await send(the_key)  # replays are never dropped
    assert retry.status_code in (200, 202) and retry.headers[REPLAYED] == "true"
    assert await sandbox.balance("100000000003") == after_work

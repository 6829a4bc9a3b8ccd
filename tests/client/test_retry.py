"""Retries: only where a repeat is safe, bounded, honouring Retry-After, same key."""

import asyncio
from datetime import timedelta
from email.utils import format_datetime

import httpx
import pytest

from wallet_tui.client import NoAnswer, OutcomeUnknown, ServerUnreachable
from wallet_tui.protocol import (
    InsufficientFundsError,
    InternalError,
    RefillRequest,
    ServiceUnavailableError,
    TooManyRequestsError,
    wire,
)

from .fakes import BASE_URL, error_response, make_client, operation_json, wallet_json

WALLET_ID = "100000000001"
WALLET = wire.wallet(WALLET_ID)
REFILL = wire.refill(WALLET_ID)


def scripted(api, method, path, answers):
    """The route answers with ``answers`` in turn (the last one repeats); an exception
    in the list is raised, as a transport would."""
    calls = []

    def handler(request):
        calls.append(request)
        answer = answers[min(len(calls), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    api.route(method, path)(handler)
    return calls


def unavailable(retry_after=None):
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    response = error_response("SERVICE_UNAVAILABLE", 5003, 503)
    response.headers.update(headers)
    return response


def ok_wallet():
    return httpx.Response(200, json=wallet_json())


def ok_refill():
    return httpx.Response(200, json=operation_json())


async def test_retry_after_seconds_is_waited_before_the_next_try(client, api, clock):
    calls = scripted(api, "GET", WALLET, [unavailable("3"), ok_wallet()])
    await client.login()

    wallet = await client.get_wallet(WALLET_ID)

    assert wallet.wallet_id == WALLET_ID
    assert len(calls) == 2
    assert clock.sleeps == [3.0]


async def test_retry_after_as_an_http_date_is_honoured(client, api, clock):
    when = format_datetime(clock.now() + timedelta(seconds=7), usegmt=True)
    scripted(api, "GET", WALLET, [unavailable(when), ok_wallet()])
    await client.login()
    await client.get_wallet(WALLET_ID)
    assert clock.sleeps == [7.0]


async def test_backoff_grows_between_attempts(api, clock):
    scripted(api, "GET", WALLET, [unavailable()] * 3 + [ok_wallet()])
    async with make_client(api, clock, retry_budget_seconds=60) as client:
        await client.get_wallet(WALLET_ID)
    first, second, third = clock.sleeps
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 0.75 and 1.0 <= third <= 1.25


async def test_attempts_are_bounded_and_the_last_answer_is_reported(api, clock, exchanges):
    calls = scripted(api, "GET", WALLET, [unavailable("1")])
    async with make_client(api, clock, exchanges=exchanges, max_attempts=3) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.get_wallet(WALLET_ID)
    assert len(calls) == 3
    assert [e.status for e in exchanges if e.path == WALLET] == [503, 503, 503]


async def test_a_wait_past_the_time_budget_is_not_started(api, clock):
    calls = scripted(api, "GET", WALLET, [unavailable("30"), ok_wallet()])
    async with make_client(api, clock, retry_budget_seconds=20) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.get_wallet(WALLET_ID)
    assert len(calls) == 1
    assert clock.sleeps == []


async def test_the_time_budget_ends_retries_before_the_count_does(api, clock):
    calls = scripted(api, "GET", WALLET, [unavailable("4")])
    async with make_client(api, clock, max_attempts=10, retry_budget_seconds=10) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.get_wallet(WALLET_ID)
    assert len(calls) == 3  # waits of 4 + 4 fit in 10 s; a third would not
    assert sum(clock.sleeps) <= 10


async def test_every_attempt_of_a_post_carries_the_same_key_and_its_own_request_id(
    client, api
):
    calls = scripted(api, "POST", REFILL, [error_response("INTERNAL_ERROR", 5002, 500),
                                           httpx.ReadTimeout("slow"), ok_refill()])
    operation = await client.refill(WALLET_ID, RefillRequest(amount="100"))

    assert operation.amount == 100
    keys = {r.headers[wire.IDEMPOTENCY_KEY] for r in calls}
    request_ids = {r.headers[wire.REQUEST_ID] for r in calls}
    assert len(calls) == 3 and len(keys) == 1 and len(request_ids) == 3


async def test_the_callers_key_is_the_one_sent(client, api):
    calls = scripted(api, "POST", REFILL, [ok_refill()])
    await client.refill(WALLET_ID, RefillRequest(amount="100"), idempotency_key="op-42")
    assert calls[0].headers[wire.IDEMPOTENCY_KEY] == "op-42"


async def test_each_call_gets_a_fresh_key(client, api):
    calls = scripted(api, "POST", REFILL, [ok_refill()])
    await client.refill(WALLET_ID, RefillRequest(amount="100"))
    await client.refill(WALLET_ID, RefillRequest(amount="100"))
    assert calls[0].headers[wire.IDEMPOTENCY_KEY] != calls[1].headers[wire.IDEMPOTENCY_KEY]


async def test_an_unanswered_post_ends_in_outcome_unknown_with_its_key(client, api):
    calls = scripted(api, "POST", REFILL, [error_response("INTERNAL_ERROR", 5002, 500)])

    with pytest.raises(OutcomeUnknown) as caught:
        await client.refill(WALLET_ID, RefillRequest(amount="100"), idempotency_key="op-7")

    assert caught.value.idempotency_key == "op-7"
    assert caught.value.operation == "refill"
    assert isinstance(caught.value.__cause__, InternalError)
    assert len(calls) == 4


async def test_timeouts_on_a_post_end_in_outcome_unknown(client, api):
    scripted(api, "POST", REFILL, [httpx.ReadTimeout("no answer")])
    with pytest.raises(OutcomeUnknown) as caught:
        await client.refill(WALLET_ID, RefillRequest(amount="100"))
    sent_key = api.wallet_requests()[0].headers[wire.IDEMPOTENCY_KEY]
    assert caught.value.idempotency_key == sent_key


async def test_a_post_still_running_on_the_server_is_retried_then_unknown(client, api, clock):
    in_progress = error_response("REQUEST_IN_PROGRESS", 4002, 409)
    calls = scripted(api, "POST", REFILL, [in_progress, ok_refill()])
    await client.refill(WALLET_ID, RefillRequest(amount="100"))
    assert len(calls) == 2

    scripted(api, "POST", REFILL, [in_progress])
    with pytest.raises(OutcomeUnknown):
        await client.refill(WALLET_ID, RefillRequest(amount="100"))


async def test_a_post_that_never_connected_is_unreachable_not_unknown(client, api):
    await client.login()
    calls = scripted(api, "POST", REFILL, [httpx.ConnectError("connection refused")])
    with pytest.raises(ServerUnreachable) as caught:
        await client.refill(WALLET_ID, RefillRequest(amount="100"))
    assert BASE_URL in str(caught.value)
    assert len(calls) == 4


async def test_an_unreachable_server_names_its_address(clock, exchanges):
    def refuse(request):
        raise httpx.ConnectError("[Errno 111] Connection refused")

    async with make_client(refuse, clock, exchanges=exchanges) as client:
        with pytest.raises(ServerUnreachable) as caught:
            await client.get_wallet(WALLET_ID)
    assert "https://wallet.test" in str(caught.value)
    assert len(exchanges) == 4 and all(e.error and e.status is None for e in exchanges)


async def test_a_read_that_times_out_every_time_is_no_answer(client, api):
    await client.login()
    scripted(api, "GET", WALLET, [httpx.ReadTimeout("slow")])
    with pytest.raises(NoAnswer):
        await client.get_wallet(WALLET_ID)


async def test_rate_limiting_on_a_post_is_a_definite_refusal(client, api, clock):
    too_many = error_response("TOO_MANY_REQUESTS", 5001, 429)
    too_many.headers["Retry-After"] = "2"
    calls = scripted(api, "POST", REFILL, [too_many])
    with pytest.raises(TooManyRequestsError):
        await client.refill(WALLET_ID, RefillRequest(amount="100"))
    assert len(calls) == 4
    assert clock.sleeps == [2.0, 2.0, 2.0]


async def test_a_business_refusal_is_not_retried(client, api):
    calls = scripted(api, "POST", REFILL, [error_response("INSUFFICIENT_FUNDS", 3001, 422)])
    with pytest.raises(InsufficientFundsError):
        await client.refill(WALLET_ID, RefillRequest(amount="100"))
    assert len(calls) == 1


async def test_the_raw_console_sends_once_and_shows_the_error(client, api):
    calls = scripted(api, "POST", REFILL, [error_response("INTERNAL_ERROR", 5002, 500)])
    reply = await client.send_raw("POST", REFILL, {"amount": "1", "currency": "RUB"})
    assert reply.status == 500 and len(calls) == 1
    assert reply.json["name"] == "INTERNAL_ERROR"
    assert reply.idempotency_key == calls[0].headers[wire.IDEMPOTENCY_KEY]


async def test_moving_the_sandbox_clock_is_never_repeated(client, api):
    calls = scripted(api, "POST", wire.SANDBOX_CLOCK, [unavailable("1")])
    with pytest.raises(ServiceUnavailableError):
        await client.sandbox_advance_clock(60)
    assert len(calls) == 1


async def test_login_retries_are_bounded_too(api, clock):
    attempts = []

    def always_busy(request):
        attempts.append(request)
        return unavailable("1")

    async with make_client(always_busy, clock, max_attempts=3) as client:
        with pytest.raises(ServiceUnavailableError):
            await client.login()
    assert len(attempts) == 3


async def test_a_bad_idempotency_key_is_refused_before_sending(client, api):
    with pytest.raises(ValueError):
        await client.refill(WALLET_ID, RefillRequest(amount="1"), idempotency_key="k" * 65)
    assert api.requests == []


async def test_on_attempt_learns_each_attempts_request_id_before_it_is_sent(api, clock):
    told: list[tuple[str, str, int]] = []
    calls: list[httpx.Request] = []

    def handler(request):
        calls.append(request)
        return unavailable() if len(calls) == 1 else ok_refill()

    api.route("POST", REFILL)(handler)
    async with make_client(api, clock) as client:
        # Each call records how many requests had reached the server when it was told.
        async def attempting(key: str, request_id: str) -> None:
            told.append((key, request_id, len(calls)))

        client.on_attempt = attempting
        await client.refill(WALLET_ID, RefillRequest(amount="10"), idempotency_key="k-1")
    assert [(key, seen) for key, _, seen in told] == [("k-1", 0), ("k-1", 1)]
    assert [request_id for _, request_id, _ in told] == [
        request.headers[wire.REQUEST_ID] for request in calls]
    assert told[0][1] != told[1][1]  # a new id per attempt, each told before it left


async def test_on_attempt_learns_the_request_id_of_the_resend_after_a_401(api, clock):
    calls = scripted(api, "POST", REFILL, [ok_refill()])
    told: list[str] = []
    async with make_client(api, clock) as client:
        await client.login()
        api.revoke_access_tokens()  # the refill meets a 401, then goes again with a new id
        async def attempting(key: str, request_id: str) -> None:
            told.append(request_id)

        client.on_attempt = attempting
        await client.refill(WALLET_ID, RefillRequest(amount="10"), idempotency_key="k-2")
    assert len(told) == 2 and told[0] != told[1]
    assert told[-1] == calls[-1].headers[wire.REQUEST_ID]  # the one that was done


async def test_an_attempt_leaves_only_once_on_attempt_is_done(api, clock):
    # The desk's hook writes the attempt's requestId to its journal on another thread:
    # the request must wait for that line, however long the disk takes.
    calls = scripted(api, "POST", REFILL, [ok_refill()])
    written = asyncio.Event()
    seen_while_writing: list[int] = []

    async def attempting(key: str, request_id: str) -> None:
        await asyncio.sleep(0)
        seen_while_writing.append(len(calls))
        written.set()

    async with make_client(api, clock) as client:
        client.on_attempt = attempting
        await client.refill(WALLET_ID, RefillRequest(amount="10"), idempotency_key="k-3")
    assert written.is_set() and seen_while_writing == [0] and len(calls) == 1

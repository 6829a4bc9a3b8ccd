"""Exchange records: one per HTTP exchange, secrets masked at creation, curl and JSON."""

import json
import shlex

import httpx
import pytest

from wallet_tui.client import Exchange, exchanges_to_json
from wallet_tui.client.exchange import mask_text
from wallet_tui.protocol import RefillRequest, wire

from .fakes import CREDENTIALS, START, make_client, operation_json, wallet_json

WALLET_ID = "100000000001"


def secrets_of(api) -> set[str]:
    return {CREDENTIALS.client_secret, *api.issued}


def record_text(exchange: Exchange) -> str:
    return "\n".join([json.dumps(exchange.to_dict(), ensure_ascii=False), exchange.as_curl()])


async def test_no_secret_reaches_any_record(client, api, clock, exchanges):
    api.route("GET", wire.wallet(WALLET_ID))(lambda r: httpx.Response(200, json=wallet_json()))
    await client.login()
    await client.get_wallet(WALLET_ID)
    clock.advance(290)
    await client.get_wallet(WALLET_ID)  # refreshes first: the refresh token travels too
    api.revoke_access_tokens()
    await client.get_wallet(WALLET_ID)  # 401, refresh, resend

    secrets = secrets_of(api)
    assert len(secrets) == 7  # the secret, 3 access tokens, 3 refresh tokens
    assert len(exchanges) == 7
    everything = "\n".join(record_text(e) for e in exchanges) + exchanges_to_json(exchanges)
    leaked = [secret for secret in secrets if secret in everything]
    assert leaked == []
    wallet_call = {k.lower(): v for k, v in exchanges[1].request_headers.items()}
    assert wallet_call["authorization"] == "Bearer ****"
    login_body = json.loads(exchanges[0].request_body)
    assert login_body["clientSecret"] == "****" and login_body["clientId"] == "demo-client"
    assert json.loads(exchanges[0].response_body)["accessToken"] == "****"


def test_a_record_built_by_hand_is_masked_too():
    exchange = Exchange(
        id=1, started_at=START, method="POST", url="https://x.test/t?refreshToken=abc",
        path="/t", request_headers={"Authorization": "Bearer tok-1", "Cookie": "sid=9"},
        request_body='{"clientSecret": "pa\\"ss", "n": 1}',
        response_headers={"Set-Cookie": "sid=9"},
        response_body='{"accessToken":"tok-2","refreshToken":"tok-3"}',
    )
    text = record_text(exchange)
    for secret in ("tok-1", "tok-2", "tok-3", 'pa\\"ss', "sid=9", "abc"):
        assert secret not in text
    assert exchange.request_headers["Authorization"] == "Bearer ****"


@pytest.mark.parametrize(
    "body",
    [
        '{"client\\u0053ecret": "hidden-1"}',  # the key spelled with an escape
        '{"accessToken": 12345678}',  # not a string
        '{"nested": [{"refreshToken": "hidden-1"}]}',
        'grantType=refresh_token&refreshToken=hidden-1',
        '{"clientSecret": "hidden-1", ',  # cut short: not JSON at all
    ],
)
def test_secrets_are_masked_however_they_are_written(body):
    masked = mask_text(body)
    assert "hidden-1" not in masked and "12345678" not in masked


async def test_curl_command_reads_like_the_request(client, api, exchanges):
    api.route("POST", wire.refill(WALLET_ID))(lambda r: httpx.Response(200, json=operation_json()))
    await client.refill(WALLET_ID, RefillRequest(amount="100.50"), idempotency_key="key-1")

    curl = exchanges[-1].as_curl()
    words = shlex.split(curl)
    assert words[:4] == ["curl", "-X", "POST", f"https://wallet.test{wire.refill(WALLET_ID)}"]
    assert "Idempotency-Key: key-1" in words
    assert "authorization: bearer ****" in [w.lower() for w in words]
    body = json.loads(words[words.index("--data-raw") + 1])
    assert body == {"amount": "100.50", "currency": "RUB"}


async def test_every_attempt_and_failure_is_recorded(client, api, exchanges):
    answers = iter([httpx.ConnectError("refused"), httpx.Response(200, json=operation_json())])

    def flaky(request):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    api.route("POST", wire.refill(WALLET_ID))(flaky)
    await client.refill(WALLET_ID, RefillRequest(amount="1"))

    failed, done = exchanges[-2:]
    assert failed.status is None and "ConnectError" in failed.error
    assert done.status == 200 and done.error is None
    assert failed.idempotency_key == done.idempotency_key
    assert failed.request_id != done.request_id
    ids = [e.id for e in exchanges]
    assert ids == list(range(ids[0], ids[0] + len(ids)))


async def test_clients_built_one_after_another_never_repeat_a_number(api, clock):
    # The desk builds a client per login: a failed login's exchanges and the next
    # client's belong to one session and must stay apart by id.
    first: list[Exchange] = []
    second: list[Exchange] = []
    async with make_client(api, clock, exchanges=first) as client:
        await client.login()
    async with make_client(api, clock, exchanges=second) as client:
        await client.login()
    ids = [e.id for e in first + second]
    assert len(ids) == 2 and ids[0] < ids[1]


async def test_a_replayed_answer_is_marked(client, api, exchanges):
    api.route("POST", wire.refill(WALLET_ID))(
        lambda r: httpx.Response(200, json=operation_json(),
                                 headers={"Idempotent-Replayed": "true"})
    )
    await client.refill(WALLET_ID, RefillRequest(amount="1"))
    assert exchanges[-1].replayed


async def test_a_broken_listener_does_not_break_the_call(api, clock):
    def broken(exchange):
        raise RuntimeError("inspector bug")

    api.route("GET", wire.wallet(WALLET_ID))(lambda r: httpx.Response(200, json=wallet_json()))
    async with make_client(api, clock) as client:
        client._http._transport._on_exchange = broken  # noqa: SLF001 - listener swap
        wallet = await client.get_wallet(WALLET_ID)
    assert wallet.wallet_id == WALLET_ID


def test_exchanges_export_as_a_json_array():
    exchange = Exchange(id=3, started_at=START, method="GET", url="https://x.test/a", path="/a",
                        status=200, duration_ms=1.5)
    exported = json.loads(exchanges_to_json([exchange]))
    assert exported[0]["id"] == 3 and exported[0]["started_at"] == "2026-11-29T09:00:00+00:00"

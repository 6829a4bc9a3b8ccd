"""What the server should never send becomes a typed error, never a crash."""

import asyncio
import gzip
import json
from collections import Counter

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wallet_tui.client import MAX_BODY_BYTES, BadResponse, ClientError, OutcomeUnknown
from wallet_tui.protocol import ApiError, Operation, RefillRequest, UnknownApiError, Wallet, wire

from .fakes import FakeApi, FakeClock, make_client, operation_json, wallet_json

WALLET_ID = "100000000001"
WALLET = wire.wallet(WALLET_ID)


def answer_wallet_with(api, response):
    api.route("GET", WALLET)(lambda request: response)


async def test_an_html_page_is_a_bad_response(client, api):
    answer_wallet_with(api, httpx.Response(200, html="<html><title>Portal login</title></html>"))
    with pytest.raises(BadResponse, match="HTML page.*Portal login"):
        await client.get_wallet(WALLET_ID)


async def test_an_html_error_page_from_a_proxy_is_a_bad_response(client, api):
    answer_wallet_with(api, httpx.Response(404, html="<h1>Not Found</h1>"))
    with pytest.raises(BadResponse, match="HTTP 404"):
        await client.get_wallet(WALLET_ID)


async def test_truncated_json_is_a_bad_response(client, api):
    text = json.dumps(wallet_json())[:-20]
    answer_wallet_with(api, httpx.Response(200, text=text,
                                           headers={"Content-Type": "application/json"}))
    with pytest.raises(BadResponse, match="not valid JSON"):
        await client.get_wallet(WALLET_ID)


async def test_money_as_a_json_number_is_a_bad_response_naming_the_field(client, api):
    body = wallet_json() | {"balance": 1500.0}
    answer_wallet_with(api, httpx.Response(200, json=body))
    with pytest.raises(BadResponse, match="balance"):
        await client.get_wallet(WALLET_ID)


async def test_an_unknown_error_code_is_kept_whole(client, api):
    body = {"code": 7001, "name": "LIMIT_OF_THE_DAY", "message": "Try tomorrow", "requestId": "r-1"}
    answer_wallet_with(api, httpx.Response(409, json=body))
    with pytest.raises(UnknownApiError) as caught:
        await client.get_wallet(WALLET_ID)
    assert (caught.value.code, caught.value.error_name) == (7001, "LIMIT_OF_THE_DAY")
    assert caught.value.http_status == 409 and caught.value.message == "Try tomorrow"


async def test_an_error_without_an_api_body_is_a_bad_response(client, api):
    answer_wallet_with(api, httpx.Response(404, json={"detail": "Not Found"}))
    with pytest.raises(BadResponse, match="without an API error body"):
        await client.get_wallet(WALLET_ID)


async def test_a_redirect_is_not_followed(client, api):
    answer_wallet_with(api, httpx.Response(302, headers={"Location": "https://elsewhere.test/"}))
    with pytest.raises(BadResponse, match="redirect to https://elsewhere.test/"):
        await client.get_wallet(WALLET_ID)
    assert all(r.url.host == "wallet.test" for r in api.requests)


class EndlessJson(httpx.AsyncByteStream):
    """A body that never ends; counts what was pulled from it."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self):
        yield b'{"walletId": "'
        while True:
            self.sent += 65536
            yield b"9" * 65536


class OneChunk(httpx.AsyncByteStream):
    def __init__(self, chunk: bytes) -> None:
        self.chunk = chunk

    async def __aiter__(self):
        yield self.chunk


async def test_an_endless_body_is_read_only_up_to_the_cap(client, api, exchanges):
    stream = EndlessJson()
    answer_wallet_with(api, httpx.Response(200, stream=stream,
                                           headers={"Content-Type": "application/json"}))
    with pytest.raises(BadResponse, match=f"larger than {MAX_BODY_BYTES} bytes"):
        await client.get_wallet(WALLET_ID)
    assert stream.sent <= MAX_BODY_BYTES + 65536
    assert len(exchanges[-1].response_body) < MAX_BODY_BYTES + 100


async def test_a_broken_compressed_body_is_a_bad_response(client, api):
    answer_wallet_with(api, httpx.Response(200, stream=OneChunk(b"not gzip at all"),
                                           headers={"Content-Encoding": "gzip"}))
    with pytest.raises(BadResponse, match="decoded"):
        await client.get_wallet(WALLET_ID)


async def test_a_compressed_body_is_read(client, api):
    body = gzip.compress(json.dumps(wallet_json()).encode())
    answer_wallet_with(api, httpx.Response(200, content=body, headers={
        "Content-Encoding": "gzip", "Content-Type": "application/json"}))
    assert (await client.get_wallet(WALLET_ID)).wallet_id == WALLET_ID


async def test_an_unreadable_success_of_a_post_is_an_unknown_outcome(client, api):
    api.route("POST", wire.refill(WALLET_ID))(lambda r: httpx.Response(200, html="<p>OK</p>"))
    with pytest.raises(OutcomeUnknown) as caught:
        await client.refill(WALLET_ID, RefillRequest(amount="1"), idempotency_key="op-9")
    assert caught.value.idempotency_key == "op-9"
    assert isinstance(caught.value.__cause__, BadResponse)


# --- anything at all --------------------------------------------------------------------------

def _json_bytes(value) -> bytes:
    return json.dumps(value).encode()


def _with_changes(changes: dict) -> dict:
    return wallet_json() | changes


def _nested(inner):
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)


# Named functions, not lambdas: hypothesis reads a lambda's source to describe it, slowly.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    _nested,
    max_leaves=12,
)
error_bodies = st.fixed_dictionaries({
    "code": st.one_of(st.sampled_from([1001, 2001, 3001, 4002, 5002, 9999]), st.integers(),
                      st.text(max_size=5), st.none()),
    "name": st.one_of(st.sampled_from(["WALLET_NOT_FOUND", "NOPE"]), st.integers(), st.none()),
    "message": st.one_of(st.text(max_size=30), st.integers(), st.none()),
    "details": st.one_of(st.none(), json_values),
})
wallet_bodies = st.builds(
    _with_changes,
    st.dictionaries(st.sampled_from(["balance", "status", "createdAt", "limits", "walletId"]),
                    json_values, max_size=2),
)
bodies = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    json_values.map(_json_bytes),
    error_bodies.map(_json_bytes),
    wallet_bodies.map(_json_bytes),
    st.just(json.dumps(wallet_json()).encode()),
    st.just(json.dumps(operation_json()).encode()),
    st.just(b"<html><body>502 Bad Gateway</body></html>"),
)
statuses = st.one_of(st.sampled_from([200, 201, 202, 204, 302, 400, 401, 404, 409, 422, 429,
                                      500, 502, 503, 504]), st.integers(200, 599))
content_types = st.sampled_from([
    "application/json", "application/json; charset=utf-8", "text/html", "text/plain",
    "application/octet-stream", None,
])


EXAMPLES = 200


def test_any_answer_gives_a_model_or_a_typed_error():
    outcomes: Counter[str] = Counter()
    runner = asyncio.Runner()  # one event loop for every case: a new one each is slow

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(status=statuses, content_type=content_types, body=bodies,
           call=st.sampled_from(["get_wallet", "refill"]))
    def one_case(status, content_type, body, call):
        headers = {"Content-Type": content_type} if content_type else {}

        async def run():
            clock = FakeClock()
            api = FakeApi(clock)
            def answer(request):
                return httpx.Response(status, content=body, headers=headers)

            for method, path in (("GET", WALLET), ("POST", wire.refill(WALLET_ID))):
                api.route(method, path)(answer)
            async with make_client(api, clock) as client:
                if call == "get_wallet":
                    return await client.get_wallet(WALLET_ID)
                return await client.refill(WALLET_ID, RefillRequest(amount="1"))

        try:
            result = runner.run(run())
        except (ClientError, ApiError) as error:
            outcomes[type(error).__name__] += 1
        else:
            assert isinstance(result, Wallet | Operation)
            outcomes[type(result).__name__] += 1

    with runner:
        one_case()
    print(f"\n{sum(outcomes.values())} random answers: {dict(outcomes.most_common())}")
    assert sum(outcomes.values()) >= EXAMPLES
    assert {"BadResponse", "Wallet"} <= set(outcomes)
    assert sum(n for name, n in outcomes.items() if name.endswith("Error")) > 0


async def test_an_error_excerpt_never_repeats_a_secret(client, api):
    answer_wallet_with(api, httpx.Response(400, text="bad: refreshToken=rt-secret-1 rejected"))
    with pytest.raises(BadResponse) as caught:
        await client.get_wallet(WALLET_ID)
    assert "rt-secret-1" not in str(caught.value) and "rejected" in str(caught.value)

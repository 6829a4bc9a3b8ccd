"""Tokens: the caller never sees one expire, and a renewal happens once per expiry."""

import asyncio
from datetime import timedelta

import httpx
import pytest

from wallet_tui.client import Credentials, NotLoggedIn, SessionExpired
from wallet_tui.protocol import InvalidClientError, UnauthorizedError, wire

from .fakes import CREDENTIALS, START, error_response, make_client, wallet_json

WALLET = "/api/wallet/v1/account/100000000001"


@pytest.fixture(autouse=True)
def wallet_route(api):
    api.route("GET", WALLET)(lambda request: httpx.Response(200, json=wallet_json()))


async def test_login_then_calls_carry_the_bearer_token(client, api):
    token = await client.login()
    wallet = await client.get_wallet("100000000001")

    assert wallet.wallet_id == "100000000001"
    assert api.wallet_requests()[0].headers["Authorization"] == f"Bearer {token.access_token}"
    state = client.token_state
    assert state.logged_in and state.access_expires_at == START + timedelta(seconds=300)
    assert (state.refreshes, state.logins) == (0, 1)


async def test_first_call_logs_in_with_the_stored_credentials(client, api):
    await client.get_wallet("100000000001")
    assert api.grants == ["client_credentials"]


async def test_a_call_without_credentials_says_to_log_in(api, clock):
    async with make_client(api, clock, credentials=None) as anonymous:
        with pytest.raises(NotLoggedIn):
            await anonymous.get_wallet("100000000001")
    assert api.requests == []


async def test_wrong_secret_is_refused_and_not_kept(api, clock):
    async with make_client(api, clock, credentials=None) as fresh:
        with pytest.raises(InvalidClientError):
            await fresh.login(Credentials("demo-client", "wrong", "1001"))
        assert fresh.credentials is None
        assert not fresh.token_state.logged_in


async def test_token_is_refreshed_ahead_of_expiry_without_a_401(client, api, clock, exchanges):
    await client.login()
    clock.advance(275)  # inside the last 30 s of a 300 s token
    await client.get_wallet("100000000001")

    assert api.grants == ["client_credentials", "refresh_token"]
    assert client.token_state.refreshes == 1
    assert [e.status for e in exchanges] == [200, 200, 200]  # login, refresh, call: no 401


async def test_token_is_not_refreshed_while_it_has_time_left(client, api, clock):
    await client.login()
    clock.advance(265)
    await client.get_wallet("100000000001")
    assert api.grants == ["client_credentials"]


async def test_a_401_is_answered_with_one_refresh_and_one_resend(client, api, exchanges):
    await client.login()
    api.revoke_access_tokens()  # the server forgot the token before its time

    wallet = await client.get_wallet("100000000001")

    assert wallet.wallet_id == "100000000001"
    assert client.token_state.refreshes == 1
    calls = [(e.path, e.status) for e in exchanges]
    assert calls == [(wire.TOKEN, 200), (WALLET, 401), (wire.TOKEN, 200), (WALLET, 200)]
    assert exchanges[1].request_id != exchanges[3].request_id


async def test_twenty_calls_on_an_expired_token_share_one_refresh(client, api, clock):
    await client.login()
    clock.advance(301)

    wallets = await asyncio.gather(*(client.get_wallet("100000000001") for _ in range(20)))

    assert len(wallets) == 20
    assert api.grants == ["client_credentials", "refresh_token"]
    assert client.token_state.refreshes == 1
    tokens = {r.headers["Authorization"] for r in api.wallet_requests()}
    assert len(tokens) == 1  # every call used the one new token


async def test_twenty_calls_rejected_with_401_share_one_refresh(client, api):
    await client.login()
    api.revoke_access_tokens()

    await asyncio.gather(*(client.get_wallet("100000000001") for _ in range(20)))

    assert api.grants.count("refresh_token") == 1
    assert client.token_state.refreshes == 1
    assert len(api.wallet_requests()) == 40  # each call: once rejected, once resent


async def test_twenty_calls_before_any_login_log_in_once(client, api):
    await asyncio.gather(*(client.get_wallet("100000000001") for _ in range(20)))
    assert api.grants == ["client_credentials"]


async def test_one_refresh_per_expiry_over_several_expiries(client, api, clock):
    await client.login()
    for expiry in range(1, 4):
        clock.advance(301)
        await asyncio.gather(*(client.get_wallet("100000000001") for _ in range(5)))
        assert client.token_state.refreshes == expiry


async def test_a_refused_refresh_token_falls_back_to_logging_in_again(client, api):
    await client.login()
    api.revoke_access_tokens()
    api.refresh.clear()  # every refresh token dead, e.g. revoked after reuse

    await client.get_wallet("100000000001")

    assert api.grants == ["client_credentials", "refresh_token", "client_credentials"]
    assert client.token_state.logins == 2


async def test_session_expired_when_refresh_and_login_are_both_refused(client, api):
    await client.login()
    api.revoke_access_tokens()
    api.refresh.clear()
    api.secret = "rotated-by-the-provider"

    with pytest.raises(SessionExpired):
        await client.get_wallet("100000000001")
    assert not client.token_state.logged_in


async def test_an_old_refresh_token_goes_straight_to_a_new_login(client, api, clock):
    await client.login()
    clock.advance(86400 + 1)

    await client.get_wallet("100000000001")

    assert api.grants == ["client_credentials", "client_credentials"]


async def test_a_second_401_after_a_refresh_is_reported_not_looped(api, clock, exchanges):
    api.route("GET", WALLET)(lambda request: error_response("UNAUTHORIZED", 1002, 401))
    async with make_client(api, clock, exchanges=exchanges) as client:
        await client.login()
        with pytest.raises(UnauthorizedError):
            await client.get_wallet("100000000001")
        assert client.token_state.refreshes == 1
    assert [e.status for e in exchanges if e.path == WALLET] == [401, 401]


async def test_logout_forgets_tokens_and_the_next_call_logs_in(client, api):
    await client.login()
    client.logout()
    assert not client.token_state.logged_in
    await client.get_wallet("100000000001")
    assert api.grants == ["client_credentials", "client_credentials"]


def test_credentials_never_show_the_secret_in_repr():
    assert CREDENTIALS.client_secret not in repr(CREDENTIALS)

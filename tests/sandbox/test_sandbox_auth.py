"""Authorization: login, refresh rotation, reuse detection, lifetimes, partner isolation."""

from __future__ import annotations

import pytest

from wallet_tui.protocol import ErrorName, wire

from conftest import DEMO, OTHER, assert_error


async def test_login_gives_random_bearer_tokens_not_to_be_cached(sandbox):
    first = await sandbox.login()
    second = await sandbox.login()
    assert first.status_code == 200
    assert first.headers[wire.CACHE_CONTROL] == "no-store"
    body = first.json()
    assert body["tokenType"] == "Bearer"
    assert (body["expiresIn"], body["refreshExpiresIn"]) == (300, 86400)
    assert len(body["accessToken"]) >= 40 and body["accessToken"] != body["refreshToken"]
    assert body["accessToken"] != second.json()["accessToken"]


@pytest.mark.parametrize(
    "partner",
    [
        ("demo-client", "wrong-secret", "1001"),
        ("demo-client", "demo-secret", "1002"),
        ("nobody", "demo-secret", "1001"),
        ("other-client", "demo-secret", "1002"),
    ],
)
async def test_wrong_client_credentials_are_invalid_client(sandbox, partner):
    assert_error(await sandbox.login(partner), ErrorName.INVALID_CLIENT)


@pytest.mark.parametrize(
    "body",
    [
        {"clientId": "demo-client", "clientSecret": "demo-secret", "partnerId": "1001"},
        {"grantType": "password", "clientId": "demo-client"},
        {"grantType": "client_credentials", "clientId": "demo-client"},
        {"grantType": "refresh_token", "clientId": "demo-client"},
        ["not", "an", "object"],
    ],
)
async def test_ill_formed_token_requests_are_invalid_request(sandbox, body):
    response = await sandbox.client.post(wire.TOKEN, json=body)
    error = assert_error(response, ErrorName.INVALID_REQUEST)
    assert error["details"]["fields"]


async def test_refresh_rotates_and_the_old_refresh_token_dies(sandbox):
    old_refresh = sandbox.refresh_token
    refreshed = await _refresh(sandbox, old_refresh)
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["refreshToken"] != old_refresh
    sandbox.token = new["accessToken"]
    assert (await sandbox.get(wire.wallet("100000000001"))).status_code == 200
    # A second refresh with the new token works: rotation continues.
    assert (await _refresh(sandbox, new["refreshToken"])).status_code == 200


async def test_reusing_a_dead_refresh_token_revokes_the_whole_login(sandbox):
    stolen = sandbox.refresh_token
    rotated = (await _refresh(sandbox, stolen)).json()
    assert_error(await _refresh(sandbox, stolen), ErrorName.INVALID_GRANT)
    # Every token of that login is dead now: the rightful owner's new ones too.
    sandbox.token = rotated["accessToken"]
    assert_error(await sandbox.get(wire.wallet("100000000001")), ErrorName.UNAUTHORIZED)
    assert_error(await _refresh(sandbox, rotated["refreshToken"]), ErrorName.INVALID_GRANT)
    # Another login is not touched.
    assert (await sandbox.login()).status_code == 200
    assert (await sandbox.get(wire.wallet("100000000001"))).status_code == 200


async def test_refresh_with_another_client_id_is_refused_and_the_token_stays_usable(sandbox):
    response = await _refresh(sandbox, sandbox.refresh_token, client_id=wire.OTHER_CLIENT_ID)
    assert_error(response, ErrorName.INVALID_GRANT)
    assert (await _refresh(sandbox, sandbox.refresh_token)).status_code == 200


async def test_unknown_refresh_token_is_invalid_grant(sandbox):
    assert_error(await _refresh(sandbox, "not-a-token"), ErrorName.INVALID_GRANT)


async def test_refresh_token_expires_after_its_lifetime(sandbox):
    refresh = sandbox.refresh_token
    await sandbox.advance(86_400)
    assert_error(await _refresh(sandbox, refresh), ErrorName.INVALID_GRANT)


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer nonsense", "Basic ZGVtbzpkZW1v", "Token abc"]
)
async def test_missing_or_unknown_access_token_is_unauthorized(sandbox, authorization):
    headers = {} if authorization is None else {wire.AUTHORIZATION: authorization}
    response = await sandbox.client.get(wire.wallet("100000000001"), headers=headers)
    assert_error(response, ErrorName.UNAUTHORIZED)
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_access_token_expires_after_its_lifetime(sandbox):
    await sandbox.advance(290)  # 10 s to spare for a slow machine's real clock
    assert (await sandbox.get(wire.wallet("100000000001"))).status_code == 200
    await sandbox.advance(11)
    assert_error(await sandbox.get(wire.wallet("100000000001")), ErrorName.UNAUTHORIZED)


async def test_token_lifetime_fault_applies_to_tokens_issued_after_it(sandbox):
    await sandbox.faults(tokenTtlSeconds=5)
    issued = await sandbox.login()
    assert issued.json()["expiresIn"] == 5
    await sandbox.advance(6)
    assert_error(await sandbox.get(wire.wallet("100000000001")), ErrorName.UNAUTHORIZED)


async def test_a_partner_sees_only_its_own_wallets(sandbox):
    other = await sandbox.as_partner(OTHER)
    assert (await other.wallet("100000000005"))["balance"] == "100.00"
    for wallet_id in ("100000000001", "100000000002", "100000000003", "100000000004"):
        body = assert_error(await other.get(wire.wallet(wallet_id)), ErrorName.WALLET_NOT_FOUND)
        assert "balance" not in body
        assert_error(await other.get(wire.operations(wallet_id)), ErrorName.WALLET_NOT_FOUND)
        assert_error(await other.refill(wallet_id, "1.00"), ErrorName.WALLET_NOT_FOUND)
    assert_error(await sandbox.get(wire.wallet("100000000005")), ErrorName.WALLET_NOT_FOUND)
    by_phone = await other.get(wire.WALLET_BY_PHONE, params={"phone": "+79990000001"})
    assert_error(by_phone, ErrorName.WALLET_NOT_FOUND)


async def test_two_partners_may_register_the_same_phone(sandbox):
    other = await sandbox.as_partner(OTHER)
    mine = await sandbox.post(wire.REGISTRATION, {"phone": "+79990000005"})
    assert mine.status_code == 201
    assert mine.json()["walletId"] != "100000000005"
    theirs = await other.post(wire.REGISTRATION, {"phone": "+79990000001"})
    assert theirs.status_code == 201


async def _refresh(sandbox, refresh_token, client_id=DEMO[0]):
    return await sandbox.client.post(wire.TOKEN, json={
        "grantType": wire.GRANT_REFRESH_TOKEN, "refreshToken": refresh_token, "clientId": client_id,
    })

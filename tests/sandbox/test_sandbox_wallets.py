"""Wallets: registration, look-ups, history, identification levels, demo data, reset, and the
general rules (request ids, unknown calls, error bodies)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wallet_tui.protocol import ErrorName, wire

from conftest import OTHER, assert_error, fresh_phone, ledger_sum

DEMO_WALLETS = {
    "100000000001": ("+79990000001", "Анна", "Смирнова", "ANONYMOUS", "ACTIVE", "1500.00"),
    "100000000002": ("+79990000002", "Борис", "Иванов", "SIMPLIFIED", "ACTIVE", "25000.00"),
    "100000000003": ("+79990000003", "Вера", "Кузнецова", "FULL", "ACTIVE", "150000.00"),
    "100000000004": ("+79990000004", "Григорий", "Попов", "FULL", "BLOCKED", "500.00"),
}


async def test_demo_wallets_are_as_the_contract_lists_them(sandbox):
    for wallet_id, (phone, first, last, level, status, balance) in DEMO_WALLETS.items():
        wallet = await sandbox.wallet(wallet_id)
        assert (wallet["phone"], wallet["firstName"], wallet["lastName"]) == (phone, first, last)
        assert (wallet["identification"], wallet["status"]) == (level, status)
        assert wallet["balance"] == balance and wallet["currency"] == "RUB"
        history = await sandbox.history(wallet_id)
        assert 1 <= len(history) <= 5
        assert ledger_sum(history) == Decimal(balance)
        assert history[0]["balance"] == balance  # newest first, balance after it
    other = await sandbox.as_partner(OTHER)
    fifth = await other.wallet("100000000005")
    assert (fifth["phone"], fifth["identification"], fifth["balance"]) == (
        "+79990000005", "ANONYMOUS", "100.00"
    )
    assert ledger_sum(await other.history("100000000005")) == Decimal("100.00")


async def test_limits_follow_the_identification_level(sandbox):
    limits = {w: (await sandbox.wallet(w))["limits"] for w in DEMO_WALLETS}
    assert limits["100000000001"]["balanceLimit"] == "15000.00"
    assert limits["100000000001"]["monthlyTurnoverLimit"] == "40000.00"
    assert limits["100000000002"]["balanceLimit"] == "60000.00"
    assert limits["100000000002"]["monthlyTurnoverLimit"] == "200000.00"
    assert limits["100000000003"]["balanceLimit"] == "600000.00"
    assert limits["100000000003"]["monthlyTurnoverLimit"] is None


async def test_registration_creates_an_empty_anonymous_wallet(sandbox):
    phone = fresh_phone()
    response = await sandbox.post(wire.REGISTRATION, {
        "phone": phone, "firstName": "Дарья", "lastName": "Орлова", "email": "d@example.ru",
    })
    assert response.status_code == 201
    wallet = response.json()
    assert len(wallet["walletId"]) == 12 and wallet["walletId"].isdigit()
    assert (wallet["phone"], wallet["firstName"], wallet["email"]) == (phone, "Дарья", "d@example.ru")
    assert (wallet["identification"], wallet["status"], wallet["balance"]) == (
        "ANONYMOUS", "ACTIVE", "0.00"
    )
    assert wallet["limits"]["monthlyTurnoverUsed"] == "0.00"
    assert wallet["createdAt"].endswith("Z")
    assert (await sandbox.wallet(wallet["walletId"])) == wallet


async def test_registering_a_phone_twice_names_the_existing_wallet(sandbox):
    first = await sandbox.register()
    again = await sandbox.post(wire.REGISTRATION, {"phone": first["phone"]})
    error = assert_error(again, ErrorName.WALLET_ALREADY_EXISTS)
    assert error["details"]["walletId"] == first["walletId"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "phone"),
        ({"phone": "89161234567"}, "phone"),
        ({"phone": "+12025550100"}, "phone"),
        ({"phone": 79161234567}, "phone"),
        ({"phone": "+79161234567", "email": "not-an-email"}, "email"),
        ({"phone": "+79161234567", "firstName": ""}, "firstName"),
    ],
)
async def test_ill_formed_registrations_name_the_field(sandbox, body, field):
    error = assert_error(await sandbox.post(wire.REGISTRATION, body), ErrorName.INVALID_REQUEST)
    assert field in [problem["field"] for problem in error["details"]["fields"]]


async def test_malformed_json_is_invalid_request(sandbox):
    response = await sandbox.post(
        wire.REGISTRATION, content=b'{"phone": "+7916', headers={"Content-Type": "application/json"}
    )
    assert_error(response, ErrorName.INVALID_REQUEST)


async def test_lookup_by_phone_reads_plus_escaped_or_not(sandbox):
    for query in ("phone=%2B79990000002", "phone=+79990000002"):
        response = await sandbox.get(f"{wire.WALLET_BY_PHONE}?{query}")
        assert response.status_code == 200, response.text
        assert response.json()["walletId"] == "100000000002"
    assert_error(await sandbox.get(wire.WALLET_BY_PHONE, params={"phone": "+79161110000"}),
                 ErrorName.WALLET_NOT_FOUND)
    assert_error(await sandbox.get(wire.WALLET_BY_PHONE), ErrorName.INVALID_REQUEST)
    assert_error(await sandbox.get(wire.WALLET_BY_PHONE, params={"phone": "12"}),
                 ErrorName.INVALID_REQUEST)


async def test_unknown_wallet_is_not_found(sandbox):
    assert_error(await sandbox.get(wire.wallet("999999999999")), ErrorName.WALLET_NOT_FOUND)
    assert_error(await sandbox.get(wire.operations("999999999999")), ErrorName.WALLET_NOT_FOUND)


async def test_history_pages_newest_first(sandbox):
    wallet_id = (await sandbox.register())["walletId"]
    for amount in ("1.00", "2.00", "3.00", "4.00", "5.00"):
        assert (await sandbox.refill(wallet_id, amount)).status_code == 200
    page = (await sandbox.get(wire.operations(wallet_id), params={"limit": 2, "offset": 1})).json()
    assert page["total"] == 5
    assert [op["amount"] for op in page["items"]] == ["4.00", "3.00"]
    default = (await sandbox.get(wire.operations(wallet_id))).json()
    assert [op["amount"] for op in default["items"]] == ["5.00", "4.00", "3.00", "2.00", "1.00"]
    assert [op["balance"] for op in default["items"]] == ["15.00", "10.00", "6.00", "3.00", "1.00"]
    beyond = (await sandbox.get(wire.operations(wallet_id), params={"offset": 10})).json()
    assert beyond == {"items": [], "total": 5}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"limit": "x"}, {"offset": -1}])
async def test_history_paging_out_of_bounds_is_invalid_request(sandbox, params):
    response = await sandbox.get(wire.operations("100000000001"), params=params)
    error = assert_error(response, ErrorName.INVALID_REQUEST)
    assert error["details"]["fields"][0]["field"] in params


async def test_identification_upgrade_keeps_person_data_and_raises_limits(sandbox):
    wallet_id = (await sandbox.register(firstName="Ольга"))["walletId"]
    response = await sandbox.post(
        wire.identification(wallet_id, "SIMPLIFIED"), {"lastName": "Белова", "middleName": "Ивановна"}
    )
    assert response.status_code == 200, response.text
    wallet = response.json()
    assert wallet["identification"] == "SIMPLIFIED"
    assert (wallet["firstName"], wallet["lastName"], wallet["middleName"]) == (
        "Ольга", "Белова", "Ивановна"
    )
    assert wallet["limits"]["balanceLimit"] == "60000.00"
    full = (await sandbox.set_level(wallet_id, "FULL")).json()
    assert full["limits"]["monthlyTurnoverLimit"] is None


async def test_setting_the_current_level_again_changes_nothing(sandbox):
    before = await sandbox.wallet("100000000002")
    again = await sandbox.post(wire.identification("100000000002", "SIMPLIFIED"), {"firstName": "X"})
    assert again.status_code == 200
    assert again.json() == before


async def test_downgrade_below_the_balance_is_refused(sandbox):
    response = await sandbox.set_level("100000000002", "ANONYMOUS")  # 25000 > 15000
    assert_error(response, ErrorName.BALANCE_LIMIT_EXCEEDED)
    assert (await sandbox.wallet("100000000002"))["identification"] == "SIMPLIFIED"
    small = await sandbox.funded_wallet("100.00", "FULL")
    assert (await sandbox.set_level(small, "ANONYMOUS")).json()["identification"] == "ANONYMOUS"


@pytest.mark.parametrize("level", ["PREMIUM", "full", "anonymous"])
async def test_unknown_level_is_invalid_request(sandbox, level):
    assert_error(await sandbox.set_level("100000000001", level), ErrorName.INVALID_REQUEST)


async def test_blocked_wallet_can_be_looked_up_but_changes_no_level(sandbox):
    assert (await sandbox.wallet("100000000004"))["status"] == "BLOCKED"
    assert_error(await sandbox.set_level("100000000004", "SIMPLIFIED"), ErrorName.WALLET_BLOCKED)


async def test_reset_brings_the_demo_data_back_and_keeps_tokens(sandbox):
    registered = await sandbox.register()
    assert (await sandbox.refill("100000000001", "100.00")).status_code == 200
    await sandbox.faults(latencyMs=5)
    await sandbox.reset()
    assert (await sandbox.balance("100000000001")) == Decimal("1500.00")
    assert_error(await sandbox.get(wire.wallet(registered["walletId"])), ErrorName.WALLET_NOT_FOUND)
    faults = (await sandbox.client.get(wire.SANDBOX_FAULTS, headers=sandbox.auth)).json()
    assert faults["latencyMs"] == 0


async def test_request_id_is_echoed_or_made_up_and_errors_carry_it(sandbox):
    mine = await sandbox.get(wire.wallet("100000000001"), headers={wire.REQUEST_ID: "req-42"})
    assert mine.headers[wire.REQUEST_ID] == "req-42"
    error = await sandbox.get(wire.wallet("nope"), headers={wire.REQUEST_ID: "req-43"})
    assert assert_error(error, ErrorName.WALLET_NOT_FOUND)["requestId"] == "req-43"
    made = await sandbox.get(wire.wallet("nope"))
    assert made.headers[wire.REQUEST_ID] and made.json()["requestId"] == made.headers[wire.REQUEST_ID]
    other = await sandbox.get(wire.wallet("nope"))
    assert other.headers[wire.REQUEST_ID] != made.headers[wire.REQUEST_ID]


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/wallet/v1/nothing"), ("GET", "/")])
async def test_calls_outside_the_contract_answer_with_the_contract_body(sandbox, method, path):
    response = await sandbox.client.request(method, path, headers=sandbox.auth)
    assert_error(response, ErrorName.INVALID_REQUEST)

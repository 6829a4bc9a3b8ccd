"""Money: refills, two-step payments with expiry, limits by level, and the contract's order of
errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.sandbox.units import MOSCOW

from conftest import assert_error


async def test_refill_adds_to_the_balance_and_records_an_operation(sandbox):
    wallet_id = (await sandbox.register())["walletId"]
    response = await sandbox.post(wire.refill(wallet_id), {
        "amount": "0.1", "currency": "RUB", "externalId": "ext-1", "description": "с карты",
    })
    assert response.status_code == 200, response.text
    operation = response.json()
    assert (operation["type"], operation["status"]) == ("REFILL", "SUCCEEDED")
    assert (operation["amount"], operation["fee"], operation["balance"]) == ("0.10", "0.00", "0.10")
    assert (operation["externalId"], operation["description"]) == ("ext-1", "с карты")
    assert operation["walletId"] == wallet_id and len(operation["operationId"]) == 36
    assert (await sandbox.refill(wallet_id, "0.2")).json()["balance"] == "0.30"
    assert await sandbox.balance(wallet_id) == Decimal("0.30")


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [
        ("0", "RUB", "amount"), ("0.00", "RUB", "amount"), ("-1", "RUB", "amount"),
        ("100.001", "RUB", "amount"), ("600000.01", "RUB", "amount"), (100, "RUB", "amount"),
        (100.5, "RUB", "amount"), ("1e3", "RUB", "amount"), ("", "RUB", "amount"),
        ("100", "USD", "currency"),
    ],
)
async def test_ill_formed_amounts_and_currencies_are_invalid_request(sandbox, amount, currency, field):
    response = await sandbox.post(wire.refill("100000000003"), {"amount": amount, "currency": currency})
    error = assert_error(response, ErrorName.INVALID_REQUEST)
    assert [problem["field"] for problem in error["details"]["fields"]] == [field]
    assert await sandbox.balance("100000000003") == Decimal("150000.00")


async def test_the_largest_single_amount_is_accepted(sandbox):
    wallet_id = await sandbox.funded_wallet("0", "FULL")
    assert (await sandbox.refill(wallet_id, "600000.00")).json()["balance"] == "600000.00"


async def test_refill_past_the_levels_balance_limit_is_refused(sandbox):
    assert_error(await sandbox.refill("100000000001", "13500.01"), ErrorName.BALANCE_LIMIT_EXCEEDED)
    assert await sandbox.balance("100000000001") == Decimal("1500.00")
    assert (await sandbox.refill("100000000001", "13500.00")).json()["balance"] == "15000.00"


async def test_payment_step_one_holds_nothing_and_expires_in_15_minutes(sandbox):
    now = await sandbox.now()
    response = await sandbox.init_payment("100000000002", "1000.50", key="init-1")
    assert response.status_code == 201, response.text
    payment = response.json()
    assert (payment["status"], payment["amount"], payment["fee"], payment["totalAmount"]) == (
        "CREATED", "1000.50", "0.00", "1000.50"
    )
    assert payment["walletId"] == "100000000002" and payment["description"] == "test"
    expires = payment["expiresAt"]
    assert abs(datetime.fromisoformat(expires) - now - timedelta(seconds=900)) < timedelta(seconds=5)
    assert await sandbox.balance("100000000002") == Decimal("25000.00")
    status = await sandbox.get(wire.payment("100000000002", payment["paymentId"]))
    assert status.json() == payment


async def test_payment_step_two_debits_once_however_often_it_is_confirmed(sandbox):
    payment = (await sandbox.init_payment("100000000002", "300.00")).json()
    first = await sandbox.confirm("100000000002", payment["paymentId"])
    assert first.status_code == 200, first.text
    operation = first.json()
    assert (operation["type"], operation["status"], operation["amount"], operation["balance"]) == (
        "PAYMENT", "SUCCEEDED", "300.00", "24700.00"
    )
    assert operation["paymentId"] == payment["paymentId"]
    again = await sandbox.confirm("100000000002", payment["paymentId"])
    assert again.status_code == 200 and again.json() == operation
    assert await sandbox.balance("100000000002") == Decimal("24700.00")
    status = (await sandbox.get(wire.payment("100000000002", payment["paymentId"]))).json()
    assert status["status"] == "SUCCEEDED"


async def test_an_expired_payment_cannot_be_confirmed(sandbox):
    await sandbox.faults(tokenTtlSeconds=3600)
    await sandbox.login()
    payment = (await sandbox.init_payment("100000000002", "10.00")).json()
    await sandbox.advance(890)
    assert (await sandbox.get(wire.payment("100000000002", payment["paymentId"]))).json()["status"] == "CREATED"
    await sandbox.advance(11)
    status = (await sandbox.get(wire.payment("100000000002", payment["paymentId"]))).json()
    assert status["status"] == "EXPIRED"
    response = await sandbox.confirm("100000000002", payment["paymentId"])
    assert_error(response, ErrorName.PAYMENT_EXPIRED)
    assert await sandbox.balance("100000000002") == Decimal("25000.00")


async def test_payment_lifetime_fault_shortens_step_one(sandbox):
    await sandbox.faults(paymentTtlSeconds=30)
    payment = (await sandbox.init_payment("100000000002", "10.00")).json()
    await sandbox.advance(31)
    assert_error(await sandbox.confirm("100000000002", payment["paymentId"]), ErrorName.PAYMENT_EXPIRED)


async def test_a_failed_recheck_leaves_the_payment_created(sandbox):
    wallet_id = await sandbox.funded_wallet("100.00")
    first = (await sandbox.init_payment(wallet_id, "80.00")).json()
    second = (await sandbox.init_payment(wallet_id, "80.00")).json()
    assert (await sandbox.confirm(wallet_id, first["paymentId"])).status_code == 200
    assert_error(await sandbox.confirm(wallet_id, second["paymentId"]), ErrorName.INSUFFICIENT_FUNDS)
    assert (await sandbox.get(wire.payment(wallet_id, second["paymentId"]))).json()["status"] == "CREATED"
    await sandbox.refill(wallet_id, "100.00")
    assert (await sandbox.confirm(wallet_id, second["paymentId"])).json()["balance"] == "40.00"


async def test_step_one_refuses_what_the_balance_cannot_cover(sandbox):
    assert_error(await sandbox.init_payment("100000000001", "1500.01"), ErrorName.INSUFFICIENT_FUNDS)
    assert (await sandbox.init_payment("100000000001", "1500.00")).status_code == 201


async def test_unknown_payments_are_not_found_even_on_another_wallet(sandbox):
    payment = (await sandbox.init_payment("100000000002", "10.00")).json()
    assert_error(await sandbox.confirm("100000000003", payment["paymentId"]), ErrorName.PAYMENT_NOT_FOUND)
    assert_error(await sandbox.get(wire.payment("100000000003", payment["paymentId"])),
                 ErrorName.PAYMENT_NOT_FOUND)
    assert_error(await sandbox.confirm("100000000002", "no-such-payment"), ErrorName.PAYMENT_NOT_FOUND)
    assert_error(await sandbox.confirm("100000000002", ""), ErrorName.INVALID_REQUEST)


async def test_monthly_outgoing_turnover_is_capped_by_level(sandbox):
    wallet_id = (await sandbox.register())["walletId"]  # ANONYMOUS: 40 000 a month
    for amount in ("15000.00", "15000.00", "10000.00"):
        assert (await sandbox.refill(wallet_id, amount)).status_code == 200
        assert (await sandbox.pay(wallet_id, amount)).status_code == 200
    await sandbox.refill(wallet_id, "5000.00")
    wallet = await sandbox.wallet(wallet_id)
    assert wallet["limits"]["monthlyTurnoverUsed"] == "40000.00"
    assert_error(await sandbox.init_payment(wallet_id, "0.01"), ErrorName.TURNOVER_LIMIT_EXCEEDED)
    # Insufficient funds is reported before the turnover limit.
    assert_error(await sandbox.init_payment(wallet_id, "5000.01"), ErrorName.INSUFFICIENT_FUNDS)
    simplified = await sandbox.set_level(wallet_id, "SIMPLIFIED")
    assert simplified.json()["limits"]["monthlyTurnoverLimit"] == "200000.00"
    assert (await sandbox.pay(wallet_id, "5000.00")).status_code == 200


async def test_a_payment_created_before_the_cap_was_reached_is_rechecked(sandbox):
    wallet_id = (await sandbox.register())["walletId"]
    await sandbox.refill(wallet_id, "15000.00")
    await sandbox.pay(wallet_id, "15000.00")
    await sandbox.refill(wallet_id, "15000.00")
    await sandbox.pay(wallet_id, "15000.00")
    await sandbox.refill(wallet_id, "15000.00")
    early = (await sandbox.init_payment(wallet_id, "6000.00")).json()
    assert (await sandbox.pay(wallet_id, "5000.00")).status_code == 200  # 35 000 used
    assert_error(await sandbox.confirm(wallet_id, early["paymentId"]), ErrorName.TURNOVER_LIMIT_EXCEEDED)


async def test_turnover_counts_calendar_months_in_moscow_time(sandbox):
    now = (await sandbox.now()).astimezone(MOSCOW)
    next_month = (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
                  + timedelta(days=32)).replace(day=1)
    await sandbox.travel((next_month - now).total_seconds() - 600)  # 23:50 MSK, 20:50 UTC
    wallet_id = await sandbox.funded_wallet("1000.00")
    await sandbox.pay(wallet_id, "100.00")
    assert (await sandbox.wallet(wallet_id))["limits"]["monthlyTurnoverUsed"] == "100.00"
    after = await sandbox.travel(1200)  # 00:10 MSK: a new month there, still the old one in UTC
    assert after.astimezone(MOSCOW).month == next_month.month
    assert after.astimezone(UTC).month != next_month.month
    assert (await sandbox.wallet(wallet_id))["limits"]["monthlyTurnoverUsed"] == "0.00"


async def test_a_blocked_wallet_moves_no_money(sandbox):
    blocked = "100000000004"
    assert_error(await sandbox.refill(blocked, "1.00"), ErrorName.WALLET_BLOCKED)
    assert_error(await sandbox.init_payment(blocked, "1.00"), ErrorName.WALLET_BLOCKED)
    assert_error(await sandbox.confirm(blocked, "any"), ErrorName.WALLET_BLOCKED)
    assert_error(await sandbox.withdraw(blocked, "1.00"), ErrorName.WALLET_BLOCKED)
    assert await sandbox.balance(blocked) == Decimal("500.00")


@pytest.mark.parametrize(
    ("wallet_id", "bank_id", "amount", "expected"),
    [
        ("999999999999", "000000000000", "100.00", ErrorName.WALLET_NOT_FOUND),
        ("100000000004", "000000000000", "100000.00", ErrorName.WALLET_BLOCKED),
        ("100000000001", "000000000000", "100000.00", ErrorName.IDENTIFICATION_REQUIRED),
        ("100000000002", "000000000000", "599000.00", ErrorName.BANK_NOT_FOUND),
        ("100000000002", "100000000111", "599000.00", ErrorName.INSUFFICIENT_FUNDS),
    ],
)
async def test_withdrawal_errors_come_in_the_contracts_order(sandbox, wallet_id, bank_id, amount, expected):
    assert_error(await sandbox.withdraw(wallet_id, amount, bank_id), expected)


async def test_no_token_comes_before_a_bad_body_which_comes_before_a_missing_wallet(sandbox):
    path = wire.refill("999999999999")
    response = await sandbox.client.post(path, content=b"{not json")
    assert_error(response, ErrorName.UNAUTHORIZED)
    assert_error(await sandbox.post(path, {"amount": "-1"}), ErrorName.INVALID_REQUEST)
    assert_error(await sandbox.post(path, {"amount": "1", "currency": "RUB"}), ErrorName.WALLET_NOT_FOUND)

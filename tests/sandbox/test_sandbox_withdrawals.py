"""Withdrawals to an SBP bank: the bank list, fees, debit at once, settlement, bank refusals
(amounts ending in .13) refunded by a WITHDRAWAL_REFUND operation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wallet_tui.protocol import ErrorName, wire

from conftest import SBER, assert_error, ledger_sum


async def test_banks_are_real_sbp_participants(sandbox):
    response = await sandbox.get(wire.BANKS)
    assert response.status_code == 200
    banks = {bank["bankId"]: bank for bank in response.json()["banks"]}
    assert len(banks) >= 20
    assert banks["100000000111"]["name"] == "Сбербанк"
    assert banks["100000000004"]["name"] == "Т-Банк"
    assert banks["100000000008"]["name"] == "Альфа-Банк"
    assert all(len(bank_id) == 12 and bank_id.isdigit() for bank_id in banks)
    assert all(len(bank["bic"]) == 9 for bank in banks.values() if "bic" in bank)


@pytest.mark.parametrize(
    ("amount", "fee", "total"),
    [
        ("100.00", "10.00", "110.00"),
        ("999.99", "10.00", "1009.99"),
        ("1500.00", "15.00", "1515.00"),
        ("1234.50", "12.35", "1246.85"),
        ("1234.49", "12.34", "1246.83"),
    ],
)
async def test_withdrawal_debits_amount_plus_fee_at_once(sandbox, amount, fee, total):
    await sandbox.faults(withdrawalSettleSeconds=3600)
    response = await sandbox.withdraw("100000000002", amount, key=f"fee-{amount}")
    assert response.status_code == 202, response.text
    withdrawal = response.json()
    assert (withdrawal["status"], withdrawal["amount"], withdrawal["fee"], withdrawal["totalAmount"]) == (
        "PROCESSING", amount, fee, total
    )
    assert (withdrawal["bankId"], withdrawal["phone"]) == (SBER, "+79161234567")
    expected = Decimal("25000.00") - Decimal(total)
    assert Decimal(withdrawal["balance"]) == expected
    assert await sandbox.balance("100000000002") == expected
    newest = (await sandbox.history("100000000002"))[0]
    assert (newest["type"], newest["status"], newest["withdrawalId"]) == (
        "WITHDRAWAL", "PROCESSING", withdrawal["withdrawalId"]
    )
    assert Decimal(
        (await sandbox.wallet("100000000002"))["limits"]["monthlyTurnoverUsed"]
    ) >= Decimal(total)


async def test_the_fee_counts_against_the_balance(sandbox):
    wallet_id = await sandbox.funded_wallet("100.00", "SIMPLIFIED")
    assert_error(await sandbox.withdraw(wallet_id, "90.01"), ErrorName.INSUFFICIENT_FUNDS)
    assert (await sandbox.withdraw(wallet_id, "90.00")).json()["balance"] == "0.00"


async def test_withdrawal_settles_after_the_banks_delay(sandbox):
    withdrawal = (await sandbox.withdraw("100000000003", "500.00")).json()
    path = wire.withdrawal("100000000003", withdrawal["withdrawalId"])
    await sandbox.advance(2)
    settled = (await sandbox.get(path)).json()
    assert settled["status"] == "SUCCEEDED" and "failureReason" not in settled
    assert settled["balance"] == withdrawal["balance"]
    history = await sandbox.history("100000000003")
    assert history[0]["status"] == "SUCCEEDED" and history[0]["type"] == "WITHDRAWAL"
    assert await sandbox.balance("100000000003") == Decimal("149490.00")


async def test_the_bank_rejects_amounts_ending_in_13_kopecks_and_the_money_comes_back(sandbox):
    before = await sandbox.wallet("100000000003")
    withdrawal = (await sandbox.withdraw("100000000003", "1000.13")).json()
    assert withdrawal["totalAmount"] == "1010.13"
    await sandbox.advance(3)
    failed = (await sandbox.get(wire.withdrawal("100000000003", withdrawal["withdrawalId"]))).json()
    assert (failed["status"], failed["failureReason"]) == ("FAILED", "BANK_REJECTED")
    after = await sandbox.wallet("100000000003")
    assert after["balance"] == before["balance"]
    assert after["limits"]["monthlyTurnoverUsed"] == before["limits"]["monthlyTurnoverUsed"]
    history = await sandbox.history("100000000003")
    refund, debit = history[0], history[1]
    assert (refund["type"], refund["status"], refund["amount"]) == ("WITHDRAWAL_REFUND", "SUCCEEDED", "1010.13")
    assert refund["withdrawalId"] == withdrawal["withdrawalId"] and refund["balance"] == after["balance"]
    assert (debit["type"], debit["status"]) == ("WITHDRAWAL", "FAILED")
    assert ledger_sum(history) == Decimal(after["balance"])


async def test_settlement_delay_is_a_fault_setting(sandbox):
    await sandbox.faults(withdrawalSettleSeconds=60)
    withdrawal = (await sandbox.withdraw("100000000003", "10.00")).json()
    path = wire.withdrawal("100000000003", withdrawal["withdrawalId"])
    await sandbox.advance(50)
    assert (await sandbox.get(path)).json()["status"] == "PROCESSING"
    await sandbox.advance(10)
    assert (await sandbox.get(path)).json()["status"] == "SUCCEEDED"
    await sandbox.faults(withdrawalSettleSeconds=0)
    instant = (await sandbox.withdraw("100000000003", "10.13")).json()
    assert instant["status"] == "PROCESSING"  # the answer itself; the bank replies right after
    after = (await sandbox.get(wire.withdrawal("100000000003", instant["withdrawalId"]))).json()
    assert after["status"] == "FAILED"


async def test_anonymous_wallets_cannot_withdraw_to_a_bank(sandbox):
    assert_error(await sandbox.withdraw("100000000001", "10.00"), ErrorName.IDENTIFICATION_REQUIRED)
    assert await sandbox.balance("100000000001") == Decimal("1500.00")


async def test_unknown_bank_is_bank_not_found(sandbox):
    assert_error(await sandbox.withdraw("100000000002", "10.00", "100000009999"), ErrorName.BANK_NOT_FOUND)


async def test_unknown_withdrawal_is_not_found_even_on_another_wallet(sandbox):
    withdrawal = (await sandbox.withdraw("100000000002", "10.00")).json()
    assert_error(await sandbox.get(wire.withdrawal("100000000003", withdrawal["withdrawalId"])),
                 ErrorName.PAYMENT_NOT_FOUND)
    assert_error(await sandbox.get(wire.withdrawal("100000000002", "nope")), ErrorName.PAYMENT_NOT_FOUND)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"bankId": None}, "bankId"), ({"phone": "+1202555"}, "phone"), ({"amount": "0"}, "amount")],
)
async def test_ill_formed_withdrawals_name_the_field(sandbox, change, field):
    body = {"bankId": SBER, "phone": "+79161234567", "amount": "10.00", "currency": "RUB", **change}
    body = {key: value for key, value in body.items() if value is not None}
    response = await sandbox.post(wire.withdrawal_create("100000000002"), body)
    error = assert_error(response, ErrorName.INVALID_REQUEST)
    assert [problem["field"] for problem in error["details"]["fields"]] == [field]

"""The wire room: money, phones, models and error codes behave as protocol.md says."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from wallet_tui import protocol as p


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 000,50", "1000.50"),
        ("1000.5", "1000.50"),
        ("100", "100.00"),
        ("1\u00a0000", "1000.00"),
        ("0,01", "0.01"),
        ("600 000", "600000.00"),
        (" 25,5 ₽", "25.50"),
    ],
)
def test_operator_amounts_are_read_as_cashiers_type_them(typed, expected):
    assert p.parse_amount(typed) == Decimal(expected)


@pytest.mark.parametrize(
    "typed", ["", "0", "-1", "1e3", "10,555", "1 000 000 000", "abc", "1.000,50", "0,00", "600000.01"]
)
def test_bad_operator_amounts_are_refused_with_a_message(typed):
    with pytest.raises(p.AmountError) as caught:
        p.parse_amount(typed)
    assert str(caught.value)


@pytest.mark.parametrize("amount", ["100", "100.5", "100.50", "600000.00", "0.01"])
def test_wire_amounts_accept_decimal_strings(amount):
    request = p.RefillRequest.model_validate({"amount": amount, "currency": "RUB"})
    assert request.to_wire()["amount"] == f"{Decimal(amount):.2f}"


@pytest.mark.parametrize("amount", [100, 100.5, "0", "-5", "1e3", "100.123", "600000.01", "", True])
def test_wire_amounts_refuse_numbers_zero_negative_and_overlimit(amount):
    with pytest.raises(ValidationError):
        p.RefillRequest.model_validate({"amount": amount, "currency": "RUB"})


def test_only_rubles_are_accepted():
    with pytest.raises(ValidationError):
        p.RefillRequest.model_validate({"amount": "1", "currency": "USD"})


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("600000"), places=2))
def test_money_round_trips_through_the_wire_as_two_digit_strings(amount):
    body = p.RefillRequest(amount=amount).to_wire()
    assert isinstance(body["amount"], str)
    assert p.RefillRequest.model_validate(body).amount == amount


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+7 916 123-45-67", "+79161234567"),
        ("89161234567", "+79161234567"),
        ("8 (916) 123 45 67", "+79161234567"),
        ("9161234567", "+79161234567"),
        ("+79990000001", "+79990000001"),
    ],
)
def test_phones_typed_any_usual_way_become_e164(typed, e164):
    assert p.parse_phone(typed) == e164


@pytest.mark.parametrize("typed", ["", "12345", "+1 202 555 0100", "phone", "+7 916 123-45-6"])
def test_bad_phones_are_refused_with_a_message(typed):
    with pytest.raises(p.PhoneError):
        p.parse_phone(typed)


def test_wire_phone_accepts_a_plus_decoded_as_space():
    assert p.RegistrationRequest.model_validate({"phone": " 79161234567"}).phone == "+79161234567"


def test_wallet_keeps_a_null_turnover_limit_for_full_level_and_times_in_utc():
    wallet = p.Wallet.model_validate(
        {
            "walletId": "100000000003", "phone": "+79990000003", "status": "ACTIVE",
            "identification": "FULL", "balance": "150000.00", "currency": "RUB",
            "limits": {"balanceLimit": "600000.00", "monthlyTurnoverLimit": None,
                       "monthlyTurnoverUsed": "0.00"},
            "createdAt": "2026-11-29T12:15:00+03:00", "updatedAt": "2026-11-29T09:15:00Z",
            "someFutureField": 1,
        }
    )
    body = wallet.to_wire(keep_nulls=True)
    assert body["limits"]["monthlyTurnoverLimit"] is None
    assert body["createdAt"] == "2026-11-29T09:15:00Z"


def test_unknown_error_codes_become_a_readable_typed_error():
    error = p.error_from_body(
        code=9999, name="NEW_THING", message="m", details=None, request_id="r1", http_status=418
    )
    assert isinstance(error, p.UnknownApiError)
    assert "NEW_THING" in str(error) and "r1" in str(error)


def test_each_error_name_has_its_own_class_with_code_and_status():
    error = p.error_from_body(
        code=3001, name="INSUFFICIENT_FUNDS", message="m", details={}, request_id="x", http_status=422
    )
    assert isinstance(error, p.InsufficientFundsError)
    assert (error.code, error.http_status) == (3001, 422)
    assert len(p.ERROR_CLASSES) == len(p.ErrorName)


def test_field_problems_are_read_from_details():
    error = p.InvalidRequestError("bad", details={"fields": [{"field": "amount", "problem": "too big"}]})
    assert error.field_problems == {"amount": "too big"}


def test_levels_carry_the_161_fz_limits():
    assert p.limits_of("ANONYMOUS").balance_limit == Decimal("15000.00")
    assert not p.limits_of("ANONYMOUS").can_withdraw_to_bank
    assert p.limits_of("FULL").monthly_outgoing_limit is None


@pytest.mark.parametrize(("amount", "fee"), [("100", "10.00"), ("1000", "10.00"), ("1500", "15.00"), ("1234.50", "12.35")])
def test_withdrawal_fee_is_one_percent_half_up_at_least_ten(amount, fee):
    assert p.withdrawal_fee(Decimal(amount)) == Decimal(fee)


def test_ids_in_paths_cannot_smuggle_segments():
    assert p.wire.wallet("1/../x?y") == "/api/wallet/v1/account/1%2F..%2Fx%3Fy"

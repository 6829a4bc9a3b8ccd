"""The screens' pure parts: reading what operators type, the idempotency key's life, the
card's bars and the history rows."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from wallet_tui.client import OutcomeUnknown, ServerUnreachable
from wallet_tui.protocol import (
    InsufficientFundsError,
    IdentificationRequest,
    InternalError,
    Operation,
    RefillRequest,
    RequestInProgressError,
    Wallet,
)
from wallet_tui.ui.screens import field_checks
from wallet_tui.ui.screens.history import operation_row, page_caption
from wallet_tui.journal import REFILL, Draft, Journal
from wallet_tui.ui.screens.pending_key import PendingKey, outcome_unknown
from wallet_tui.ui.widgets.wallet_card import bar, card_text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("100000000002", ("id", "100000000002")),
        ("  100000000002 ", ("id", "100000000002")),
        ("+7 916 123-45-67", ("phone", "+79161234567")),
        ("8 (916) 123 45 67", ("phone", "+79161234567")),
        ("89161234567", ("phone", "+79161234567")),
        ("9161234567", ("phone", "+79161234567")),
        ("wallet-A_1", ("id", "wallet-A_1")),
    ],
)
def test_wallet_id_or_phone_is_told_by_shape(typed, expected):
    assert field_checks.wallet_id_or_phone(typed) == expected


@pytest.mark.parametrize("typed", ["", "12345", "1234567890123", "+1 212 555 0100", "a/b", "id?x"])
def test_neither_id_nor_phone_is_refused_in_words(typed):
    with pytest.raises(ValueError) as problem:
        field_checks.wallet_id_or_phone(typed)
    assert str(problem.value)


def test_optional_fields_accept_blank_and_refuse_too_long():
    assert field_checks.optional_email("  ") is None
    assert field_checks.optional_email("a@b.ru") == "a@b.ru"
    assert field_checks.optional_external_id("x" * 64) == "x" * 64
    for check, text in (
        (field_checks.optional_email, "a@b"),
        (field_checks.optional_name, "R2D2"),
        (field_checks.optional_external_id, "x" * 65),
        (field_checks.optional_description, "d" * 256),
    ):
        with pytest.raises(field_checks.Invalid):
            check(text)


@pytest.mark.parametrize(
    ("check", "field", "model"),
    [
        (field_checks.optional_name, "first_name", IdentificationRequest),
        (field_checks.optional_email, "email", IdentificationRequest),
        (field_checks.optional_external_id, "external_id", RefillRequest),
        (field_checks.optional_description, "description", RefillRequest),
    ],
)
@pytest.mark.parametrize(
    "typed",
    ["Анна", "a" * 100, "a" * 101, "x" * 64 + "@b.ru", "a@b.ru", "a@b", "a b@c.ru", "d" * 255,
     "d" * 256, "x" * 64, "x" * 65, "anna@пример.рф", "a@b.c\u00a0d"],
)
def test_a_form_refuses_what_the_request_would_refuse(check, field, model, typed):
    """The forms check the bounds the request models enforce: what passes the form is sent,
    never refused on the way out."""
    try:
        value = check(typed)
    except field_checks.Invalid:
        return
    body = {"amount": "1.00", field: value} if model is RefillRequest else {field: value}
    model.model_validate(body)


def test_key_is_new_per_operation_and_kept_only_while_the_outcome_is_unknown(tmp_path):
    journal = Journal(tmp_path, "sandbox", "1001")
    key = PendingKey()

    def send(draft: Draft) -> str:
        key.begin(journal.begin(draft))  # as the gateway does before the request leaves
        return key.sent().key

    hundred = Draft(REFILL, {"walletId": "100000000001"}, {"amount": "100.00"})
    first = send(hundred)
    journal.settle(first, "SUCCEEDED")  # a definite answer (the gateway settles it)
    second = send(hundred)
    assert second != first  # submitted again: a new operation
    key.mark_unknown()  # Esc while waiting
    assert key.is_retry_pending
    assert send(hundred) == second  # the retry reuses it
    key.mark_unknown()
    other = Draft(REFILL, {"walletId": "100000000001"}, {"amount": "200.00"})
    assert send(other) != second  # other data: another operation
    key.settle(InsufficientFundsError("no money"))  # a definite answer
    assert key.key is None and not key.is_retry_pending


def test_which_answers_leave_the_outcome_open():
    assert outcome_unknown(OutcomeUnknown(idempotency_key="k-1", operation="refill"))
    assert outcome_unknown(ServerUnreachable("http://x"))
    assert outcome_unknown(InternalError("boom"))
    assert outcome_unknown(RequestInProgressError("busy"))
    assert not outcome_unknown(InsufficientFundsError("no money"))


def test_bar_fills_in_proportion_and_caps_at_the_limit():
    assert bar(Decimal("0"), Decimal("100"), 10).plain == "░" * 10
    assert bar(Decimal("50"), Decimal("100"), 10).plain == "█" * 5 + "░" * 5
    assert bar(Decimal("0.01"), Decimal("100"), 10).plain == "█" + "░" * 9  # some is not none
    assert bar(Decimal("150"), Decimal("100"), 10).plain == "█" * 10


def _wallet(**limits) -> Wallet:
    return Wallet.model_validate({
        "walletId": "100000000003", "phone": "+79990000003", "firstName": "Вера",
        "lastName": "Кузнецова", "status": "ACTIVE", "identification": "FULL",
        "balance": "150000.00", "limits": {"balanceLimit": "600000.00",
                                          "monthlyTurnoverLimit": None,
                                          "monthlyTurnoverUsed": "1000.00", **limits},
        "createdAt": "2026-11-01T00:00:00Z", "updatedAt": "2026-11-01T00:00:00Z",
    })


def test_card_says_when_there_is_no_monthly_cap():
    text = card_text(_wallet()).plain.replace("\xa0", " ")
    assert "+7 999 000-00-03" in text and "Вера Кузнецова" in text
    assert "RUB 150,000.00 of RUB 600,000.00" in text
    assert "RUB 1,000.00 used, no monthly cap" in text


def test_history_row_signs_money_by_direction_and_shows_moscow_time():
    operation = Operation.model_validate({
        "operationId": "op-1", "walletId": "100000000002", "type": "WITHDRAWAL",
        "status": "FAILED", "amount": "500.13", "fee": "10.00", "balance": "24489.87",
        "createdAt": datetime(2026, 11, 14, 21, 30, tzinfo=UTC).isoformat(),
    })
    when, kind, amount, fee, balance, status, _ = operation_row(operation)
    assert when == "15.11.26 00:30"  # past midnight in Moscow
    assert kind == "Withdrawal" and str(status) == "Failed"
    assert str(amount).replace("\xa0", " ") == "−RUB 500.13"
    assert str(fee).replace("\xa0", " ") == "RUB 10.00"


def test_page_caption_names_the_pages_there_are():
    assert page_caption(0, 0, 0) == "History: no operations yet"
    assert "PgDn/] older" in page_caption(0, 20, 35) and "newer" not in page_caption(0, 20, 35)
    assert "History 21–35 of 35" in page_caption(20, 15, 35)

"""Money on the wire and as operators type it. Decimal end to end; a float never enters."""

from __future__ import annotations

import re

from .sentence import say
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

KOPECK = Decimal("0.01")
MAX_OPERATION_AMOUNT = Decimal("600000.00")

# ASCII digits only, matched whole: Python's \d takes "٥" and "０", and its $ a final newline.
_WIRE_AMOUNT = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?")
# What a request's amount may be, as a JSON Schema pattern: a decimal string above zero and at
# most MAX_OPERATION_AMOUNT (600000.00) with up to two fraction digits, no leading zeros.
AMOUNT_PATTERN = (
    r"^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,4}(\.[0-9]{1,2})?"
    r"|[1-5][0-9]{5}(\.[0-9]{1,2})?|600000(\.00?)?)$"
)
# Spaces of every kind operators and spreadsheets use as thousands separators.
_GROUP_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


class AmountError(ValueError):
    """An amount that is not acceptable; the message is meant for the operator."""


def quantize(value: Decimal) -> Decimal:
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


def format_wire(value: Decimal) -> str:
    return f"{quantize(value):.2f}"


def _decimal_from_wire(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError("must be a decimal string such as \"100.50\", not a JSON number")
    if not _WIRE_AMOUNT.fullmatch(value):
        raise ValueError("must be a decimal string with at most 2 fraction digits")
    return Decimal(value)


def _wire_money(value: Any) -> Decimal:
    return _decimal_from_wire(value)


def _wire_amount(value: Any) -> Decimal:
    amount = _decimal_from_wire(value)
    if amount <= 0:
        raise ValueError("must be greater than zero")
    if amount > MAX_OPERATION_AMOUNT:
        raise ValueError(f"must be at most {MAX_OPERATION_AMOUNT}")
    if amount != amount.quantize(KOPECK):
        raise ValueError("must have at most 2 fraction digits")
    return amount


_serialize = PlainSerializer(format_wire, return_type=str, when_used="always")

# What JSON schemas (the sandbox's OpenAPI document) say: a decimal string, never a number;
# answers always carry exactly two fraction digits.
_ANSWERED = WithJsonSchema(
    {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,14})\.[0-9]{2}$", "examples": ["1500.00"]},
    mode="serialization",
)
_SENT_MONEY = WithJsonSchema(
    {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$", "examples": ["100.5"]},
    mode="validation",
)
_SENT_AMOUNT = WithJsonSchema(
    {"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["100.50"]}, mode="validation"
)

# A non-negative sum of money: balances, limits, fees.
Money = Annotated[Decimal, BeforeValidator(_wire_money), _serialize, _ANSWERED, _SENT_MONEY]
# The amount of one operation: > 0 and at most 600 000.00.
Amount = Annotated[Decimal, BeforeValidator(_wire_amount), _serialize, _ANSWERED, _SENT_AMOUNT]


def parse_amount(text: str) -> Decimal:
    """Reads an amount the way operators type it: "1 000,50", "1000.5", "100".

    Refuses what a careful cashier would: empty, zero, negative, exponent, more than two
    fraction digits, over the per-operation limit, anything that is not a plain number.
    """
    cleaned = _GROUP_SPACES.sub("", text.strip())
    if cleaned.endswith(("₽", "р", "р.", "руб", "руб.", "RUB")):
        cleaned = re.sub(r"(₽|р\.?|руб\.?|RUB)$", "", cleaned)
    if not cleaned:
        raise AmountError(say("Enter an amount, e.g. 1 000,50"))
    if cleaned.startswith("-"):
        raise AmountError(say("The amount must be positive"))
    if cleaned.count(",") + cleaned.count(".") > 1:
        raise AmountError(say("Use one decimal separator: 1000,50 or 1000.50"))
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d*)?", cleaned):
        raise AmountError(say("Only digits and one decimal separator, e.g. 1 000,50"))
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the regex already guards it
        raise AmountError(say("Not a number")) from error
    if amount != amount.quantize(KOPECK):
        raise AmountError(say("At most two digits after the separator (kopecks)"))
    if amount <= 0:
        raise AmountError(say("The amount must be greater than zero"))
    if amount > MAX_OPERATION_AMOUNT:
        raise AmountError(say("At most 600 000,00 ₽ per operation"))
    return quantize(amount)


def format_rub(value: Decimal, *, language: str = "ru") -> str:
    """How a person reads money: "1 000,50 ₽" in Russian, "RUB 1,000.50" in English."""
    amount = quantize(value)
    grouped = f"{abs(amount):,.2f}"
    sign = "-" if amount < 0 else ""
    if language == "ru":
        nbsp = "\u00a0"
        return sign + grouped.replace(",", nbsp).replace(".", ",") + nbsp + "₽"
    return f"{sign}RUB {grouped}"

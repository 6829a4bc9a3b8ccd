"""Phones: E.164 on the wire; operators may type them any usual Russian way."""

from __future__ import annotations

import re

from .sentence import say
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

# ASCII digits only, matched whole: Python's \d takes "٩" and "９", and its $ a final newline,
# and either would let one wallet per phone be bypassed.
_E164_RU = re.compile(r"\+7[0-9]{10}")
# A phone in a query: the contract reads a leading space there as "+" (an unescaped plus).
QUERY_PHONE_PATTERN = r"^[+ ]7[0-9]{10}$"


class PhoneError(ValueError):
    """A phone that cannot be read; the message is meant for the operator."""


def _wire_phone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string in E.164 form, e.g. +79161234567")
    # A '+' sent unescaped in a query arrives as a space.
    candidate = "+" + value[1:] if value.startswith(" ") else value
    if not _E164_RU.fullmatch(candidate):
        raise ValueError("must be a Russian number in E.164 form, e.g. +79161234567")
    return candidate


Phone = Annotated[
    str,
    BeforeValidator(_wire_phone),
    WithJsonSchema({"type": "string", "pattern": r"^\+7[0-9]{10}$", "examples": ["+79161234567"]}),
]


# What parse_phone says more than once.
NOT_RUSSIAN = say("Only Russian numbers: +7 or 8, then 10 digits")
TOO_SHORT = say("Too short: a Russian number has 10 digits after +7 or 8")
TOO_LONG = say("Too long: a Russian number has 10 digits after +7 or 8")


def _national_digits(raw: str) -> str | None:
    """The digits after the country part as a Russian operator types it (+7, 7 or 8 before
    ten digits, or the ten alone); None when the number is another country's."""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        return digits[1:] if digits.startswith("7") else None
    if len(digits) >= 11 and digits[0] in "78":
        return digits[1:]
    return digits


def parse_phone(text: str) -> str:
    """"+7 916 123-45-67", "8 (916) 123 45 67", "9161234567" -> "+79161234567".

    A refusal says what is wrong: too few or too many digits, another country's number, or
    ten digits that are no Russian number."""
    import phonenumbers  # imported here: its metadata takes a while to load

    raw = text.strip()
    if not raw:
        raise PhoneError(say("Enter a phone, e.g. +7 916 123-45-67"))
    if re.search(r"[^\d\s()+\-.]", raw):
        raise PhoneError(say("A phone has digits, spaces, ( ) + - only"))
    if not re.search(r"\d", raw):
        raise PhoneError(say("Not a phone number, e.g. +7 916 123-45-67"))
    national = _national_digits(raw)
    if national is None:
        raise PhoneError(NOT_RUSSIAN)
    if len(national) < 10:
        raise PhoneError(TOO_SHORT)
    if len(national) > 10:
        raise PhoneError(TOO_LONG)
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException as error:
        raise PhoneError(say("Not a phone number, e.g. +7 916 123-45-67")) from error
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.country_code != 7 or not _E164_RU.fullmatch(e164):
        raise PhoneError(NOT_RUSSIAN)
    if not phonenumbers.is_valid_number(number):
        if not raw.startswith("+") and national.startswith("89"):
            raise PhoneError(TOO_SHORT)  # 8, then a mobile number of nine digits
        raise PhoneError(say("No such Russian number: check the digits"))
    return e164


def format_phone(e164: str) -> str:
    """+79161234567 -> +7 916 123-45-67, for people to read."""
    if not _E164_RU.fullmatch(e164):
        return e164
    d = e164[2:]
    return f"+7 {d[0:3]} {d[3:6]}-{d[6:8]}-{d[8:10]}"

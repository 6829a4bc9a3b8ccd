"""Phones: E.164 on the wire; operators may type them any usual Russian way."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

_E164_RU = re.compile(r"^\+7\d{10}$")


class PhoneError(ValueError):
    """A phone that cannot be read; the message is meant for the operator."""


def _wire_phone(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string in E.164 form, e.g. +79161234567")
    # A '+' sent unescaped in a query arrives as a space.
    candidate = "+" + value[1:] if value.startswith(" ") else value
    if not _E164_RU.match(candidate):
        raise ValueError("must be a Russian number in E.164 form, e.g. +79161234567")
    return candidate


Phone = Annotated[
    str,
    BeforeValidator(_wire_phone),
    WithJsonSchema({"type": "string", "pattern": r"^\+7[0-9]{10}$", "examples": ["+79161234567"]}),
]


def parse_phone(text: str) -> str:
    """"+7 916 123-45-67", "8 (916) 123 45 67", "9161234567" -> "+79161234567"."""
    import phonenumbers  # imported here: its metadata takes a while to load

    raw = text.strip()
    if not raw:
        raise PhoneError("Enter a phone, e.g. +7 916 123-45-67")
    if re.search(r"[^\d\s()+\-.]", raw):
        raise PhoneError("A phone has digits, spaces, ( ) + - only")
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException as error:
        raise PhoneError("Not a phone number, e.g. +7 916 123-45-67") from error
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if number.country_code != 7 or not _E164_RU.match(e164):
        raise PhoneError("Only Russian numbers (+7 and 10 digits)")
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("No such Russian number: check the digits")
    return e164


def format_phone(e164: str) -> str:
    """+79161234567 -> +7 916 123-45-67, for people to read."""
    if not _E164_RU.match(e164):
        return e164
    d = e164[2:]
    return f"+7 {d[0:3]} {d[3:6]}-{d[6:8]}-{d[8:10]}"

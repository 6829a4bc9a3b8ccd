"""Checks of what operators type, each putting its complaint under the field it is about.

Every check returns the value the API wants, or None after showing the problem; a screen
sends nothing unless every check of its form returned a value."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from wallet_tui.protocol import AmountError, PhoneError, parse_amount, parse_phone, wire
from wallet_tui.ui.i18n import N_, _
from wallet_tui.ui.widgets.form import Field

# The API's bounds are the protocol's (wire.py), the ones its models enforce.
_EMAIL = re.compile(wire.EMAIL_PATTERN)
# Wallet ids are opaque; the sandbox's are 12 digits. Anything fit for a URL path segment.
_WALLET_ID = re.compile(rf"^[A-Za-z0-9_-]{{1,{wire.ID_MAX_LENGTH}}}$")
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.]+$")
_SANDBOX_WALLET_ID = re.compile(wire.SANDBOX_WALLET_ID_PATTERN)

_T = TypeVar("_T")

# The protocol room's complaints about typed amounts and phones, word for word, so they are
# shown translated (tests/ui/test_i18n.py checks they are still the ones it raises).
PROTOCOL_PROBLEMS = (
    N_("Enter an amount, e.g. 1 000,50"),
    N_("The amount must be positive"),
    N_("Use one decimal separator: 1000,50 or 1000.50"),
    N_("Only digits and one decimal separator, e.g. 1 000,50"),
    N_("Not a number"),
    N_("At most two digits after the separator (kopecks)"),
    N_("The amount must be greater than zero"),
    N_("At most 600 000,00 ₽ per operation"),
    N_("Enter a phone, e.g. +7 916 123-45-67"),
    N_("A phone has digits, spaces, ( ) + - only"),
    N_("Not a phone number, e.g. +7 916 123-45-67"),
    N_("Only Russian numbers: +7 or 8, then 10 digits"),
    N_("Too short: a Russian number has 10 digits after +7 or 8"),
    N_("Too long: a Russian number has 10 digits after +7 or 8"),
    N_("No such Russian number: check the digits"),
)


class Invalid(ValueError):
    """Raised by a check; the message goes under the field."""


class FormCheck:
    """Checks fields one by one, showing each problem under its field; `ok` stays True
    only if every field passed.

        check = FormCheck()
        amount = check(amount_field, field_checks.amount)
        if not check.ok: return
    """

    def __init__(self) -> None:
        self.ok = True

    def __call__(self, field: Field, text_check: Callable[[str], _T]) -> _T | None:
        try:
            value = text_check(field.value)
        except (Invalid, AmountError, PhoneError) as problem:
            field.show_error(_(str(problem)))  # ours are translated already; the protocol's here
            self.ok = False
            return None
        field.clear_error()
        return value


def amount(text: str) -> Decimal:
    return parse_amount(text)


def phone(text: str) -> str:
    return parse_phone(text)


def optional_phone(text: str) -> str | None:
    return parse_phone(text) if text.strip() else None


def _printable(value: str) -> str:
    """Refuses control and invisible formatting characters (NUL, bidi overrides, zero-width
    marks): pasted junk that would travel to the provider and show up garbled later."""
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise Invalid(_("Contains invisible or control characters: retype it"))
    return value


def optional_email(text: str) -> str | None:
    value = _printable(text.strip())
    if not value:
        return None
    if len(value) > wire.EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(value):
        raise Invalid(_("Not an email address, e.g. anna@example.ru"))
    return value


def optional_name(text: str) -> str | None:
    value = _printable(text.strip())
    if not value:
        return None
    if len(value) > wire.NAME_MAX_LENGTH:
        raise Invalid(_("At most {count} characters").format(count=wire.NAME_MAX_LENGTH))
    if any(ch.isdigit() for ch in value):
        raise Invalid(_("A name has no digits"))
    return value


def optional_external_id(text: str) -> str | None:
    value = _printable(text.strip())
    if not value:
        return None
    if len(value) > wire.EXTERNAL_ID_MAX_LENGTH:
        raise Invalid(_("At most {count} characters").format(count=wire.EXTERNAL_ID_MAX_LENGTH))
    return value


def optional_description(text: str) -> str | None:
    value = _printable(text.strip())
    if not value:
        return None
    if len(value) > wire.DESCRIPTION_MAX_LENGTH:
        raise Invalid(_("At most {count} characters").format(count=wire.DESCRIPTION_MAX_LENGTH))
    return value


def wallet_id(text: str) -> str:
    value = text.strip()
    if not value:
        raise Invalid(_("Enter a wallet id, e.g. 100000000002"))
    if not _WALLET_ID.match(value):
        raise Invalid(_("A wallet id has letters, digits, - or _ only"))
    return value


def wallet_id_or_phone(text: str) -> tuple[str, str]:
    """Decides by shape: ("id", walletId) or ("phone", E.164).

    Twelve digits are a wallet id (the sandbox's shape); ten or eleven digits, or anything
    with + ( ) - or spaces between digits, is a phone; other letters-and-digits are an id."""
    value = text.strip()
    if not value:
        raise Invalid(_("Enter a wallet id (12 digits) or a phone, e.g. +7 916 123-45-67"))
    if _SANDBOX_WALLET_ID.fullmatch(value):
        return "id", value
    if _PHONE_CHARS.match(value):
        digits = re.sub(r"\D", "", value)
        if value.isdigit() and len(digits) not in (10, 11):
            raise Invalid(_("A wallet id has 12 digits; a phone 10 or 11"))
        return "phone", parse_phone(value)
    if _WALLET_ID.match(value):
        return "id", value
    raise Invalid(_("Not a wallet id (12 digits) or a phone (+7 916 123-45-67)"))

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
from wallet_tui.ui.i18n import _, ngettext, said
from wallet_tui.ui.widgets.form import Field

# The API's bounds are the protocol's (wire.py), the ones its models enforce.
_EMAIL = re.compile(wire.EMAIL_PATTERN)
# Wallet ids are opaque; the sandbox's are 12 digits. Anything fit for a URL path segment.
_WALLET_ID = re.compile(rf"^[A-Za-z0-9_-]{{1,{wire.ID_MAX_LENGTH}}}$")
_PHONE_CHARS = re.compile(r"^[\d\s()+\-.]+$")
_SANDBOX_WALLET_ID = re.compile(wire.SANDBOX_WALLET_ID_PATTERN)

_T = TypeVar("_T")

def at_most(count: int) -> str:
    return ngettext("At most {count} character", "At most {count} characters", count).format(
        count=count)


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
            # Ours are Words, the protocol room's a say() sentence: both follow the language.
            field.show_error(said(problem.args[0] if problem.args else str(problem)))
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
        raise Invalid(at_most(wire.NAME_MAX_LENGTH))
    if any(ch.isdigit() for ch in value):
        raise Invalid(_("A name has no digits"))
    return value


def optional_external_id(text: str) -> str | None:
    value = _printable(text.strip())
    if not value:
        return None
    if len(value) > wire.EXTERNAL_ID_MAX_LENGTH:
        raise Invalid(at_most(wire.EXTERNAL_ID_MAX_LENGTH))
    return value


def optional_description(text: str) -> str | None:
    value = _printable(text.strip())
    if not value:
        return None
    if len(value) > wire.DESCRIPTION_MAX_LENGTH:
        raise Invalid(at_most(wire.DESCRIPTION_MAX_LENGTH))
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

"""The desk's two languages, gettext-style: the English text in the code is the key, a
catalogue per other language maps it to the translation, and English is the fallback.

    from wallet_tui.ui.i18n import _, N_
    label = _("Look up")                                   # translated now
    hint = _("Balance {amount}").format(amount=format_money(balance))
    TITLE = N_("Profiles")     # marked for the catalogue; translated where shown: _(TITLE)

Catalogues are TOML files beside this module (`locales/<language>.toml`), a flat table of
English = translation. `tests/ui/test_i18n.py` checks that every text passed to `_()` or `N_()`
has a translation, that none is left over, and that no label reaches a widget untranslated.
Wire names (clientId, walletId, INSUFFICIENT_FUNDS, ANONYMOUS, GET ...) are never translated:
operators and the provider's support speak in them."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = ("ru", "en")
SOURCE_LANGUAGE: Language = "en"
LOCALES_DIR = Path(__file__).with_name("locales")

# What each language is called in the palette, in that language: whoever cannot read the
# current one still finds their own.
LANGUAGE_COMMANDS: dict[Language, tuple[str, str]] = {  # i18n: keep
    "ru": ("Язык: русский", "Интерфейс на русском языке"),
    "en": ("Language: English", "The interface in English"),
}

_language: Language = SOURCE_LANGUAGE
_catalogue: dict[str, str] = {}


class CatalogueError(ValueError):
    """A catalogue file that cannot be used (not TOML, or not a table of texts)."""


@cache
def load_catalogue(language: Language) -> dict[str, str]:
    """English -> `language`; empty for English itself."""
    if language == SOURCE_LANGUAGE:
        return {}
    path = LOCALES_DIR / f"{language}.toml"
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from error
    for key, value in data.items():
        if not isinstance(value, str) or not value:
            raise CatalogueError(f"{path}: {key!r} must map to a non-empty text")
    return data


def set_language(language: str) -> None:
    """Makes `language` the one `_()` translates into from now on."""
    global _language, _catalogue
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _catalogue = load_catalogue(language)  # type: ignore[arg-type]
    _language = language  # type: ignore[assignment]


def current_language() -> Language:
    return _language


def _(english: str) -> str:
    """`english` in the current language (itself when there is no translation)."""
    return _catalogue.get(english, english)


def N_(english: str) -> str:  # noqa: N802 - the gettext name
    """Marks a text for the catalogue where it cannot be translated yet (class attributes,
    module constants); it is translated where it is shown, with `_()`."""
    return english


def format_money(value: Decimal) -> str:
    """Money as the current language writes it: `1 000,50 ₽` or `RUB 1,000.50`."""
    from wallet_tui.protocol.money import format_rub

    return format_rub(value, language=_language)

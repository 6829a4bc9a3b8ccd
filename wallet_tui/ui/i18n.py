"""The desk's two languages, gettext: the English text in the code is the msgid, a compiled
catalogue per other language (`locales/<language>/LC_MESSAGES/wallet_tui.mo`, from the `.po`
beside it) maps it to the translation, and English is the fallback.

    from wallet_tui.ui.i18n import _, N_, ngettext
    yield Button(_("Look up"), id="look-up")                  # shown and kept: see Words
    hint = _("Balance {amount}").format(amount=format_money(balance))
    saved = ngettext("{count} exchange saved", "{count} exchanges saved", n).format(count=n)
    TITLE = N_("Profiles")     # marked for the catalogue; translated where shown: _(TITLE)

`_()` and `ngettext()` return `Words`: the text in the current language that remembers how it
was made, so a widget holding it can be drawn again in another language without composing
the screen again (ui/retranslate.py). `scripts/update-catalogue` extracts the texts with
Babel, merges them into the `.po` and compiles the `.mo`; at run time only stdlib `gettext`
reads it. `tests/ui/test_i18n.py` checks that every text has a translation, that none is
left over, that the `.mo` is the `.po` compiled and that no label reaches a widget
untranslated. Wire names (clientId, walletId, INSUFFICIENT_FUNDS, ANONYMOUS, GET ...) are
never translated: operators and the provider's support speak in them."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = ("ru", "en")
SOURCE_LANGUAGE: Language = "en"
DOMAIN = "wallet_tui"
LOCALES_DIR = Path(__file__).with_name("locales")

# What each language is called in the palette, in that language: whoever cannot read the
# current one still finds their own.
LANGUAGE_COMMANDS: dict[Language, tuple[str, str]] = {  # i18n: keep
    "ru": ("Язык: русский", "Интерфейс на русском языке"),
    "en": ("Language: English", "The interface in English"),
}

_language: Language = SOURCE_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()


class CatalogueError(ValueError):
    """A catalogue file that cannot be used (missing, or not a compiled gettext catalogue)."""


@cache
def load_catalogue(language: Language) -> gettext.NullTranslations:
    """The compiled catalogue of `language`; English itself needs none."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALES_DIR, languages=[language])
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{LOCALES_DIR}/{language}: {error}") from error


def set_language(language: str) -> None:
    """Makes `language` the one `_()` translates into from now on."""
    global _language, _translations
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _translations = load_catalogue(language)  # type: ignore[arg-type]
    _language = language  # type: ignore[assignment]


def current_language() -> Language:
    return _language


class Words(str):
    """A text in the language current when it was made, that knows how to make itself again.

    It is a `str` (widgets take it as they take any text) that keeps its source: the
    msgid, the plural and the count, the fields given to `format()`. A widget that holds it
    (a Static's content, an input's placeholder, a screen's title, the label of the desk's
    Button, Checkbox or Select) is drawn again in a new language by `again()`. Joined with
    `+` it stays Words; an f-string or `str.join` makes a plain `str` that cannot."""

    __slots__ = ("_make",)
    _make: Callable[[], Words]

    def __new__(cls, text: str, make: Callable[[], Words]) -> Words:
        made = super().__new__(cls, text)
        made._make = make
        return made

    def again(self) -> Words:
        """The same text, in the language current now."""
        return self._make()

    def __add__(self, other: str) -> Words:  # type: ignore[override]
        return Words(str.__add__(self, other), lambda: self.again() + other)

    def __radd__(self, other: str) -> Words:
        return Words(other + str(self), lambda: other + self.again())

    def format(self, *args: Any, **fields: Any) -> Words:  # type: ignore[override]
        return Words(
            str.format(self, *args, **fields),
            lambda: self.again().format(*args, **fields),
        )


def _(english: str) -> Words:
    """`english` in the current language (itself when there is no translation)."""
    return Words(_translations.gettext(english), lambda: _(english))


def ngettext(singular: str, plural: str, count: int) -> Words:
    """The form of the text for `count` things in the current language (Russian has three:
    1 операция, 2 операции, 5 операций); format the count in with `{count}`."""
    return Words(_translations.ngettext(singular, plural, count),
                 lambda: ngettext(singular, plural, count))


def N_(english: str) -> str:  # noqa: N802 - the gettext name
    """Marks a text for the catalogue where it cannot be translated yet (class attributes,
    module constants); it is translated where it is shown, with `_()`."""
    return english


def format_money(value: Decimal) -> str:
    """Money as the current language writes it: `1 000,50 ₽` or `RUB 1,000.50`."""
    from wallet_tui.protocol.money import format_rub

    return format_rub(value, language=_language)


def said(text: object) -> Words:
    """`text` as Words: a sentence of the rooms below the ui (`say()`) is read again in each
    new language; Words stay as they are; any other text is the same in every language."""
    if isinstance(text, Words):
        return text
    return Words(str(text), lambda: said(text))


class Later:
    """Content a screen builds itself (a card, a table of labels, a result made of several
    texts), kept as the function that builds it: a Static given `Later(build)` draws
    `build()`, and draws it again in a new language (ui/retranslate.py)."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[], Any]) -> None:
        self.build = build

    def visualize(self) -> Any:
        """Textual's visual protocol: asked each time the Static is given this content."""
        from rich.text import Text
        from textual.content import Content

        built = self.build()
        return Content.from_text(built) if isinstance(built, str | Text) else built

    def __str__(self) -> str:
        built = self.build()
        return str(getattr(built, "plain", built))

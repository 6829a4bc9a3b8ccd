"""Sentences for the operator, read in the desk's language at the moment they are read.

The rooms below the ui (protocol, config, scenario) may not import its catalogue
(`ui/locales/ru/LC_MESSAGES/wallet_tui.po`). They write what they tell the operator in English, a template with
fields, through `say()`:

    raise ProfileError(say("a profile named {name} already exists", name=repr(name)))
    self._warning = say("The config file could not be used ({reason}).", reason=reason)

A `Sentence` keeps the template and its fields and becomes text only when read: `str()`,
an f-string, an exception's message. The ui hands its translator down once, at start
(`speak_through(_, format_money)`), as cli.py hands the ui its `connect`; from then on
every sentence reads in the language of that moment, even one made before the language was
known (a broken config file is found before the language in it can be read). Without the
ui (the command line, these rooms' own tests) sentences read in English.

Fields: a Sentence is said in the same language, a Decimal is money (`RUB 1,000.50` in
English, `1 000,50 ₽` in Russian), anything else is formatted as it is (`{seconds:g}`).
Logs take `english()`: support reads them, whatever the operator's language.

No pydantic here: the login's first paint reads sentences (`ProfileView.describe()`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]
FormatMoney = Callable[[Decimal], str]


def _as_written(template: str) -> str:
    return template


def _as_written_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def _english_money(value: Decimal) -> str:
    from wallet_tui.protocol.money import format_rub  # pydantic: only when money is said

    return format_rub(value, language="en")


_translate: Translate = _as_written
_translate_plural: TranslatePlural = _as_written_plural
_money: FormatMoney = _english_money


def speak_through(
    translate: Translate, money: FormatMoney, translate_plural: TranslatePlural | None = None
) -> None:
    """From now on sentences read through `translate` (English template -> the current
    language's) and `translate_plural` (ngettext's singular, plural, count) with money
    written by `money`. The ui calls it once with its `_`, `format_money` and `ngettext`,
    which follow each later language switch by themselves."""
    global _translate, _translate_plural, _money
    _translate, _money = translate, money
    _translate_plural = translate_plural or _as_written_plural


def speak_english() -> None:
    """Back to English as written (tests that installed a translator of their own)."""
    speak_through(_as_written, _english_money, _as_written_plural)


class Sentence:
    """An English template and its fields, said when read. Not a `str`: it must not be
    turned into text before the reader's language is known."""

    __slots__ = ("template", "fields", "plural")

    def __init__(self, template: str, fields: dict[str, Any], plural: str | None = None) -> None:
        self.template = template
        self.fields = fields
        self.plural = plural  # with `template` as the singular, chosen by fields["count"]

    def said(
        self, translate: Translate, money: FormatMoney,
        translate_plural: TranslatePlural = _as_written_plural,
    ) -> str:
        values = {name: _field(value, translate, money) for name, value in self.fields.items()}
        if self.plural is None:
            return translate(self.template).format(**values)
        return translate_plural(self.template, self.plural, self.fields["count"]).format(**values)

    def __str__(self) -> str:
        return self.said(_translate, _money, _translate_plural)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @property
    def english(self) -> str:
        return self.said(_as_written, _english_money)

    def __repr__(self) -> str:
        return f"say({self.english!r})"


def _field(value: Any, translate: Translate, money: FormatMoney) -> Any:
    if isinstance(value, Sentence):
        return value.said(translate, money)
    if isinstance(value, Decimal):
        return money(value)
    return value


def say(template: str, /, **fields: Any) -> Sentence:
    """A sentence for the operator: `template` is English with `{name}` fields, one plain
    literal (tests/ui/test_i18n.py collects them for the catalogue)."""
    return Sentence(template, fields)


def say_n(singular: str, plural: str, /, *, count: int, **fields: Any) -> Sentence:
    """A sentence about `count` things: the form for the number is chosen when read, with
    the reader's language's plural rules (Russian has three). Both are plain literals."""
    return Sentence(singular, {"count": count, **fields}, plural)


def as_is(text: object) -> Sentence:
    """Words from elsewhere (tomllib's, pydantic's, the system's), the same in every
    language, to stand where a sentence is expected."""
    return Sentence("{text}", {"text": str(text)})


def english(text: object) -> str:
    """What goes into a log: a sentence in English, anything else as it is."""
    if isinstance(text, Sentence):
        return text.english
    if isinstance(text, BaseException) and len(text.args) == 1:
        return english(text.args[0])
    return str(text)


def text_or_none(sentence: Sentence | None) -> str | None:
    """A sentence read now, for attributes the ui shows as text."""
    return None if sentence is None else str(sentence)

"""Two languages: every label has its Russian, no label escapes translation, the desk starts
in the operator's language, switches from the palette keeping what was typed, and remembers.

The first tests read the source (i18n_scan.py); the rest drive the desk."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from textual.widgets import Select

from wallet_tui.config import ConfigStore, Profile
from wallet_tui.protocol import AmountError, parse_amount
from wallet_tui.protocol.sentence import speak_english, speak_through
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.i18n import (
    LOCALES_DIR, _, current_language, format_money, load_catalogue, ngettext, set_language,
)

from .helpers import (
    Sandbox, add_profile, drawn_text, make_app, palette_offers, settle, wait_for,
)
from .i18n_scan import extracted_texts, marked_texts, placeholders, unmarked_texts, unsaid_texts

PO_PATH = LOCALES_DIR / "ru" / "LC_MESSAGES" / "wallet_tui.po"
MO_PATH = PO_PATH.with_suffix(".mo")


def catalogue():
    with PO_PATH.open("rb") as file:
        return read_po(file)


def russian() -> dict[str, str]:
    """English -> Russian of the texts without plural forms."""
    return {m.id: m.string for m in catalogue() if m.id and isinstance(m.id, str)}


# -- the catalogue and the code agree ------------------------------------------------------------


def test_no_marker_is_given_anything_but_a_plain_literal():
    _texts, misuses = marked_texts()
    assert not misuses, "\n".join(misuses)


def test_every_marked_text_has_its_russian():
    entries = {m.id: m.string for m in catalogue() if m.id}
    missing = []
    for text, where in extracted_texts().items():
        translated = entries.get(text)
        forms = translated if isinstance(translated, tuple) else (translated,)
        if not all(forms):
            missing.append(f"{where}: {text!r}")
    assert not missing, (
        "texts with no Russian (run scripts/update-catalogue, translate the empty msgstr, run "
        "it again):\n" + "\n".join(missing)
    )


def test_the_catalogue_has_no_text_the_code_no_longer_uses():
    stale = sorted(str(m.id) for m in catalogue() if m.id and m.id not in extracted_texts())
    assert not stale, f"entries no code shows any more (scripts/update-catalogue): {stale}"


def test_translations_keep_the_placeholders_and_are_not_blank():
    for message in catalogue():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            assert len(message.string) == 3, singular  # Russian: one, few, many
            for form in message.string:
                assert form.strip(), singular
                assert placeholders(form) == placeholders(plural), (plural, form)
        else:
            assert message.string.strip(), message.id
            assert placeholders(message.string) == placeholders(message.id), message.id


def _hashable(text):
    return tuple(text) if isinstance(text, list | tuple) else text


def test_the_compiled_catalogue_is_the_po_compiled():
    """The .mo the desk reads is the .po as it is now (scripts/update-catalogue compiles)."""
    with MO_PATH.open("rb") as file:
        compiled = {_hashable(m.id): _hashable(m.string) for m in read_mo(file) if m.id}
    source = {_hashable(m.id): _hashable(m.string) for m in catalogue()
              if m.id and not m.fuzzy}
    assert compiled == source
    assert "nplurals=3;" in catalogue().plural_forms


def test_russian_plurals_take_the_form_of_the_number():
    set_language("ru")
    said = {count: ngettext("{count} exchange saved to {path}",
                            "{count} exchanges saved to {path}", count).format(count=count,
                                                                             path="x")
            for count in (1, 2, 5, 11, 21, 22)}
    assert said == {
        1: "Сохранён 1 обмен, файл x", 2: "Сохранено 2 обмена, файл x",
        5: "Сохранено 5 обменов, файл x", 11: "Сохранено 11 обменов, файл x",
        21: "Сохранён 21 обмен, файл x", 22: "Сохранено 22 обмена, файл x",
    }
    set_language("en")
    assert ngettext("{count} exchange saved to {path}", "{count} exchanges saved to {path}",
                    1).format(count=1, path="x") == "1 exchange saved to x"


def test_no_label_reaches_the_screen_unmarked():
    found = unmarked_texts()
    listed = "\n".join(f"{f.where}: {f.text!r}" for f in found)
    assert not found, f"wrap these in _() (or N_() where it cannot translate yet):\n{listed}"


def test_the_config_and_scenario_rooms_say_every_sentence():
    """What these rooms tell the operator (warnings, refusals, the demo's story) goes through
    say(), so the catalogue has it and the desk reads it in its language."""
    found = unsaid_texts()
    listed = "\n".join(f"{f.where}: {f.text!r}" for f in found)
    assert not found, f"write these with say('... {{name}} ...', name=...):\n{listed}"


def test_the_protocols_complaints_read_in_the_desks_language():
    """One way for the rooms below the ui: the protocol's complaints are say() sentences."""
    set_language("ru")
    speak_through(_, format_money, ngettext)
    try:
        parse_amount("")
    except AmountError as error:
        assert str(error) == "Введите сумму, например 1 000,50"
    finally:
        set_language("en")
        speak_english()


def test_the_catalogue_ships_with_the_package():
    assert load_catalogue("ru").gettext("Log in") == "Войти"
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    shipped = pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert "*.mo" in shipped and "*.po" in shipped
    assert (LOCALES_DIR / "__init__.py").exists()  # a package, so its data is shipped


# -- what the operator sees -----------------------------------------------------------------------


def screen_text(app: WalletApp) -> str:
    """The screen as plain text, the way it is drawn."""
    return drawn_text(app).replace("\xa0", " ")


def english_left(text: str) -> list[str]:
    """Catalogue texts (their sentence-like pieces) still showing in English."""
    flat = re.sub(r"\s+", " ", text)
    left = []
    for english in russian():
        for piece in re.split(r"\{[^}]*\}", english):
            piece = piece.strip(" .:…·()")
            if len(piece) >= 8 and " " in piece and piece in flat:
                left.append(piece)
    return left


def choose_language_in_settings(language: str) -> None:
    store = ConfigStore()
    settings = store.load()
    settings.language = language
    store.save(settings)


async def switch_in_palette(pilot, query: str, title: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await wait_for(pilot, palette_offers(pilot.app, title))
    await pilot.press("enter")
    await settle(pilot)


def test_the_first_start_follows_the_system_locale(tmp_path: Path, monkeypatch):
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    WalletApp(sandbox.connect, store=ConfigStore())
    assert current_language() == "ru"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    WalletApp(sandbox.connect, store=ConfigStore())
    assert current_language() == "en"


async def test_russian_login_and_desk(tmp_path: Path):
    choose_language_in_settings("ru")
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for russian_label in ("Войти", "профиль", "Профили…", "clientSecret"):
            assert russian_label in text
        assert not english_left(text)
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in
        app.action_show("console")
        await settle(pilot)
        text = screen_text(app)
        assert "Отправлено за сеанс" in text and "Отправить" in text
        assert not english_left(text)
        # The demo's frame and its story (wallet_tui.scenario's sentences) alike.
        app.action_show("demo")
        await settle(pilot)
        text = screen_text(app)
        assert "Демонстрация" in text and "Отправить шаг" in text
        assert "Уровень SIMPLIFIED" in text and "вход по client_credentials" in text
        assert not english_left(text)
        await app.gateway.aclose()


async def test_switching_to_english_keeps_what_was_typed_and_is_remembered(tmp_path: Path):
    choose_language_in_settings("ru")
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(sandbox.connect)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.action_show("console")
        await settle(pilot)
        await pilot.press(*"/api/banks")
        assert "Отправлено за сеанс" in screen_text(app)
        await switch_in_palette(pilot, "English", "Language: English")
        assert current_language() == "en"
        text = screen_text(app)
        assert "Sent this session" in text and "Отправлено" not in text
        assert "/api/banks" in app.screen.query_one("#console-path").value
        assert "Language: English" not in text
        await app.gateway.aclose()
    assert ConfigStore().load().language == "en"


async def test_russian_chosen_in_the_palette_is_there_after_a_restart(tmp_path: Path):
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(sandbox.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Log in" in screen_text(app)
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert "Войти" in screen_text(app)
    assert ConfigStore().load().language == "ru"
    again = make_app(sandbox.connect)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert current_language() == "ru"
        assert "Войти" in screen_text(again)


async def test_the_login_keeps_the_profile_chosen_in_the_list(tmp_path: Path):
    add_profile(Profile(name="remote", base_url="https://wallet-test.example.ru",
                        client_id="acme", partner_id="4242"))
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        login.query_one("#profile", Select).value = "remote"
        await settle(pilot)
        assert not login.has_class("-sandbox")  # the base URL field is shown
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert login.query_one("#profile", Select).value == "remote"
        assert login.field("base-url").value == "https://wallet-test.example.ru"
        assert not login.has_class("-sandbox")
        assert "базовый URL" in screen_text(app)

"""Two languages: every label has its Russian, no label escapes translation, the desk starts
in the operator's language, switches from the palette keeping what was typed, and remembers.

The first tests read the source (i18n_scan.py); the rest drive the desk."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

from rich.console import Console

from textual.widgets import Select

from wallet_tui.config import ConfigStore, Profile
from wallet_tui.protocol import AmountError, PhoneError, parse_amount, parse_phone
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.i18n import LOCALES_DIR, current_language, load_catalogue
from wallet_tui.ui.screens.field_checks import PROTOCOL_PROBLEMS

from .helpers import Sandbox, add_profile, make_app, palette_offers, settle, wait_for
from .i18n_scan import marked_texts, placeholders, unmarked_texts, unsaid_texts

def russian() -> dict[str, str]:
    return tomllib.loads((LOCALES_DIR / "ru.toml").read_text(encoding="utf-8"))


# -- the catalogue and the code agree ------------------------------------------------------------


def test_every_marked_text_has_its_russian():
    texts, misuses = marked_texts()
    assert not misuses, "\n".join(misuses)
    catalogue = russian()
    missing = {text: where[0] for text, where in texts.items() if text not in catalogue}
    assert not missing, (
        "texts with no Russian (run `python -m tests.ui.i18n_scan` for the lines to add):\n"
        + "\n".join(f"{where}: {text!r}" for text, where in missing.items())
    )


def test_the_catalogue_has_no_text_the_code_no_longer_uses():
    texts, _ = marked_texts()
    stale = sorted(set(russian()) - set(texts))
    assert not stale, f"entries no code shows any more: {stale}"


def test_translations_keep_the_placeholders_and_are_not_blank():
    for english, translated in russian().items():
        assert translated.strip(), english
        assert placeholders(translated) == placeholders(english), (english, translated)


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


def test_the_protocols_complaints_are_the_ones_translated():
    """field_checks lists the protocol room's sentences to translate them: they must still be
    the sentences it raises, or they would show in English."""
    said = set()
    for typed in ("", "-5", "1,0.5", "12a", "1.234", "0", "700000"):
        try:
            parse_amount(typed)
        except AmountError as error:
            said.add(str(error))
    for typed in ("", "+7 916 abc", "+", "123", "+7 916 123 45 678", "+1 202 555 0100",
                  "+7 000 000-00-00"):
        try:
            parse_phone(typed)
        except PhoneError as error:
            said.add(str(error))
    assert len(said) >= 12
    assert said <= set(PROTOCOL_PROBLEMS), said - set(PROTOCOL_PROBLEMS)


def test_the_catalogue_ships_with_the_package():
    assert load_catalogue("ru")["Log in"] == "Войти"
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    assert "*.toml" in pyproject["tool"]["setuptools"]["package-data"]["*"]
    assert (LOCALES_DIR / "__init__.py").exists()  # a package, so its data is shipped


# -- what the operator sees -----------------------------------------------------------------------


def screen_text(app: WalletApp) -> str:
    """The screen as plain text, the way it is drawn."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False).replace("\xa0", " ")


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

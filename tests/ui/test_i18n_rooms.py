"""The rooms below the ui speak the desk's language too: the config room's warnings, keyring
notes, profile rules and bank-list note, and the guided demo's story, all in Russian when
the desk is (their sentences are said through wallet_tui.protocol.sentence)."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scenario.support import SandboxConnect
from wallet_tui.config import AppPaths, BankCache
from wallet_tui.scenario import DemoSettings
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.i18n import current_language
from wallet_tui.ui.screens.demo import DemoScreen
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.widgets.form import Field

from .helpers import Sandbox, make_app, settle, shown_notices
from .screens_support import desk, set_faults, show, text_of, type_into
from .test_i18n import choose_language_in_settings, english_left, screen_text
from .test_profile_editor import open_editor


async def test_a_broken_config_file_is_reported_in_russian(tmp_path: Path, monkeypatch):
    """The file cannot say which language it wanted: the Russian system locale does, and
    the warning made before the language was known is read in Russian when shown."""
    config = AppPaths.from_env().config_file
    config.parent.mkdir(parents=True)
    config.write_text(textwrap.dedent("""
        [preferences]
        language = "ru"
        inspector_open = "yes"
    """))
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    # Not in test mode: that starts in English whatever the locale says.
    app = WalletApp(Sandbox(tmp_path / "sandbox.sqlite3").connect, test_mode=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert current_language() == "ru"
        said = " ".join(shown_notices(app))
        assert "Файл настроек не удалось использовать (inspector_open: нужно true или false)" \
            in said
        assert f"Он перенесён в {app.store.broken_copy}" in said
        assert "could not be used" not in said
        # No keyring in the tests: the login says so, in Russian too.
        assert isinstance(app.screen, LoginScreen)
        assert "Системного хранилища ключей здесь нет" in screen_text(app)
        assert not english_left(screen_text(app))


async def test_profile_rules_are_said_under_their_fields_in_russian(tmp_path: Path):
    choose_language_in_settings("ru")
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        editor = await open_editor(pilot)
        await pilot.press("ctrl+n")
        await type_into(pilot, "name", "Staging")
        await type_into(pilot, "timeout_seconds", "abc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.query_one("#name", Field).error == (
            "в имени профиля 'Staging' допустимы только строчные латинские буквы, цифры, - и _")
        assert editor.query_one("#timeout_seconds", Field).error == "нужно число"

        await type_into(pilot, "name", "staging")
        await type_into(pilot, "timeout_seconds", "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # A rule between fields, said under the field it is about (not matched by words).
        assert editor.query_one("#base_url", Field).error == (
            "удалённому профилю нужен базовый URL (https://...)")
        await type_into(pilot, "base_url", "https://staging.example.ru")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert editor.query_one("#client_id", Field).error == "удалённому профилю нужен clientId"
        assert not english_left(screen_text(app))


async def test_the_bank_list_note_is_in_russian(tmp_path: Path):
    choose_language_in_settings("ru")
    fetched = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    BankCache(paths=AppPaths.from_env(), clock=lambda: fetched, profile="sandbox",
              partner_id="1001").save(
        [{"bankId": "100000000111", "name": "Сбербанк", "bic": "044525225"}])
    async with desk(tmp_path, size=(100, 30)) as (app, pilot):
        await set_faults(app, error_rate=1)
        screen = await show(pilot, "withdrawal")
        await settle(pilot)
        note = text_of(screen, "#wd-banks-note")
        assert "Не удалось обновить список банков" in note
        assert "показан список от 2025-03-01 09:30 UTC, он может быть устаревшим" in note


@pytest.fixture
def demo_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SandboxConnect:
    sandbox = SandboxConnect(tmp_path / "demo.sqlite3")
    monkeypatch.setattr(DemoScreen, "SETTINGS", DemoSettings(phone_source=lambda: "+79991234567"))
    return sandbox


async def test_the_demo_tells_its_story_in_russian(demo_sandbox: SandboxConnect):
    choose_language_in_settings("ru")
    app = make_app(demo_sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        assert "вход по client_credentials: токен доступа и токен обновления" in text_of(
            screen, "#demo-heading")
        await pilot.press("enter")  # log in
        await settle(pilot)
        assert "токен Bearer на" in text_of(screen, "#demo-reply")
        assert "Шаг 2 из 10 · Регистрация кошелька" in text_of(screen, "#demo-heading")
        await pilot.press("enter")  # register: money as Russian writes it
        await settle(pilot)
        reply = text_of(screen, "#demo-reply")
        assert "на +79991234567: ANONYMOUS, баланс 0,00 ₽" in reply
        assert "Уровень SIMPLIFIED" in text_of(screen, "#demo-heading")
        assert not english_left(screen_text(app))
        await app.gateway.aclose()

"""The login is drawn from a quick reading of the config file and pydantic validates the
file right after the first paint: whatever the validation finds is still said, and a file
that changed in between is what the login ends up offering."""

from __future__ import annotations

import textwrap

from textual.widgets import Select

from wallet_tui.config import AppPaths
from wallet_tui.ui.screens.login import LoginScreen

from .helpers import Sandbox, make_app, settle, shown_notices

REMOTE_DEFAULT = """
    default_profile = "test-host"
    [profiles.test-host]
    kind = "remote"
    base_url = "{url}"
    client_id = "acme"
    partner_id = "4242"
"""


def write_config(text: str) -> None:
    path = AppPaths.from_env().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def notifications(app) -> str:
    return " ".join(notice.replace("\n", ": ", 1) for notice in shown_notices(app))


async def test_a_secret_pasted_into_the_file_is_still_reported(tmp_path):
    write_config("""
        [profiles.sandbox]
        kind = "sandbox"
        client_id = "demo-client"
        partner_id = "1001"
        client_secret = "pasted-by-hand"
    """)
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        said = notifications(app)
        assert "Config file" in said and "profiles.sandbox.client_secret" in said


async def test_a_broken_file_is_set_aside_and_said(tmp_path):
    write_config("default_profile = [unclosed")
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert "moved to" in notifications(app)
        assert app.store.broken_copy is not None and app.store.broken_copy.exists()
        assert app.screen.query_one("#profile", Select).value == "sandbox"


async def test_a_file_changed_before_the_validation_is_what_the_login_offers(tmp_path):
    write_config(REMOTE_DEFAULT.format(url="https://old.example.ru"))
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)  # the preview is read here
    write_config(REMOTE_DEFAULT.format(url="https://new.example.ru"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert login.field("base-url").value == "https://new.example.ru"
        assert app.profile.base_url == "https://new.example.ru"
        shown = app.export_screenshot()
        assert "test-host&#160;—&#160;https://new.example.ru" in shown and "old.example" not in shown


async def test_the_file_is_validated_once_the_login_is_up(tmp_path):
    write_config(REMOTE_DEFAULT.format(url="https://wallet.example.ru"))
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.config_view is app.settings, "validated: the settings are what is drawn"
        assert app.settings.profiles["test-host"].base_url == "https://wallet.example.ru"


async def test_a_file_broken_while_the_desk_runs_is_set_aside_and_said_when_saving(tmp_path):
    write_config('[preferences]\ntheme = "wallet-dark"\n')
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert "moved to" not in notifications(app)
        AppPaths.from_env().config_file.write_text("theme = [broken by another editor")

        assert app.save_settings()
        await pilot.pause()
        assert "moved to" in notifications(app)
        assert app.store.broken_copy is not None and app.store.broken_copy.exists()
        assert "broken by another editor" in app.store.broken_copy.read_text()

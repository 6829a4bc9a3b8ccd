"""The profile editor: the config room's rules said under the fields, changes saved."""

from __future__ import annotations

from textual.widgets import Button, Select

from wallet_tui.config import ConfigStore
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.profile_editor import ProfileEditorScreen
from wallet_tui.ui.widgets.form import Field

from .helpers import Sandbox, make_app, settle


async def _type(pilot, field: Field, text: str) -> None:
    field.input.focus()
    field.value = ""
    await pilot.press(*text)


async def test_add_a_remote_profile_fixing_what_the_editor_says(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ProfileEditorScreen)
        await pilot.press("ctrl+n")
        await _type(pilot, editor.query_one("#name", Field), "Staging")
        await _type(pilot, editor.query_one("#base_url", Field), "http://staging.example.ru")
        await pilot.press("ctrl+s")
        await settle(pilot)
        name_error = editor.query_one("#name", Field).error
        assert "lowercase latin letters" in name_error
        await _type(pilot, editor.query_one("#name", Field), "staging")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the whole-profile rules speak one at a time, each under its own field
        assert "client id" in editor.query_one("#client_id", Field).error
        await _type(pilot, editor.query_one("#client_id", Field), "desk-7")
        await _type(pilot, editor.query_one("#partner_id", Field), "2002")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "https://" in editor.query_one("#base_url", Field).error
        assert "staging" not in ConfigStore().load().profiles
        await _type(pilot, editor.query_one("#base_url", Field), "https://staging.example.ru")
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = ConfigStore().load().profiles["staging"]
        assert (saved.base_url, saved.client_id, saved.partner_id) == (
            "https://staging.example.ru", "desk-7", "2002")

        await pilot.press("escape")
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert login.query_one("#profile", Select).value == "staging"
        assert login.field("base-url").display
        assert login.field("base-url").value == "https://staging.example.ru"
        assert login.field("client-id").value == "desk-7"
        assert login.field("client-secret").value == ""  # no demo secret off the sandbox


async def test_remove_a_profile_but_never_the_sandbox(tmp_path):
    from wallet_tui.config import Profile

    store = ConfigStore()
    settings = store.load()
    settings.add_profile(Profile(name="old", base_url="https://old.example.ru",
                                 client_id="c", partner_id="1"))
    store.save(settings)
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, profile_name="old")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        editor = app.screen
        assert editor.query_one("#name", Field).value == "old"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "old" not in ConfigStore().load().profiles
        assert editor.query_one("#name", Field).value == "sandbox"
        assert editor.query_one("#remove", Button).disabled

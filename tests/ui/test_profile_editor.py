"""The profile editor: the config room's rules said under the fields, changes saved."""

from __future__ import annotations

from textual.widgets import Button, Select

from wallet_tui.config import ConfigStore
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.profile_editor import ProfileEditorScreen
from wallet_tui.ui.widgets.form import Field

from .helpers import Sandbox, make_app, settle


async def open_editor(pilot) -> ProfileEditorScreen:
    """Ctrl+O on the login screen."""
    await pilot.press("ctrl+o")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, ProfileEditorScreen)
    return editor


async def _type(pilot, field: Field, text: str) -> None:
    field.input.focus()
    field.value = ""
    await pilot.press(*text)


async def test_add_a_remote_profile_fixing_what_the_editor_says(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        editor = await open_editor(pilot)
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
        editor = await open_editor(pilot)
        assert editor.query_one("#name", Field).value == "old"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "old" not in ConfigStore().load().profiles
        assert editor.query_one("#name", Field).value == "sandbox"
        assert editor.query_one("#remove", Button).disabled


async def test_renaming_the_profile_logged_in_with_renames_it_in_the_desk(tmp_path, monkeypatch):
    """The status line, later saves and recent wallets go by the new name at once; the
    connection keeps the values it was made with until the next login."""
    from wallet_tui.config import Profile, RecentWallets
    from wallet_tui.protocol import wire
    from wallet_tui.ui.screens.recent import RecentList

    from .helpers import add_profile

    add_profile(Profile(name="desk", base_url="https://wallet.example.ru",
                        client_id=wire.DEMO_CLIENT_ID, partner_id=wire.DEMO_PARTNER_ID))
    monkeypatch.setenv("WALLET_TUI_CLIENT_SECRET", wire.DEMO_CLIENT_SECRET)
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, profile_name="desk")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in and app.profile.name == "desk"
        RecentWallets(paths=app.paths).add("desk", "416008761681", "Анна", wire.DEMO_PARTNER_ID)

        app.action_login()
        await settle(pilot)
        editor = await open_editor(pilot)
        await _type(pilot, editor.query_one("#name", Field), "desk-main")
        await _type(pilot, editor.query_one("#base_url", Field), "https://other.example.ru")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.profile.name == "desk-main"
        assert app.sub_title.startswith("desk-main · ")
        assert app.profile.base_url == "https://wallet.example.ru"  # until the next login
        assert app.settings.last_profile == "desk-main"
        assert [entry[0] for entry in RecentList.for_app(app).entries()] == ["416008761681"]
        await pilot.press("escape")  # the editor
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#profile", Select).value == "desk-main"
        await app.gateway.aclose()
    assert ConfigStore().load().last_profile == "desk-main"


async def test_editing_a_profile_keeps_what_the_form_does_not_show(tmp_path):
    """A profile's [paths] table and check_wallets live in the config file only: saving the
    profile from the editor (here, a new timeout) keeps them."""
    from wallet_tui.config import Profile

    respelled = {"withdrawal_create": "/api/wallet/v1/account/{walletId}/withdrawal"}
    store = ConfigStore()
    settings = store.load()
    settings.add_profile(Profile(name="provider", base_url="https://wallet.example.ru",
                                 client_id="c", partner_id="1", paths=respelled,
                                 check_wallets=["100000000002"]))
    store.save(settings)
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, profile_name="provider")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        editor = await open_editor(pilot)
        assert editor.query_one("#name", Field).value == "provider"
        await _type(pilot, editor.query_one("#timeout_seconds", Field), "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = ConfigStore().load().profiles["provider"]
    assert saved.timeout_seconds == 30
    assert saved.paths == respelled and saved.check_wallets == ["100000000002"]

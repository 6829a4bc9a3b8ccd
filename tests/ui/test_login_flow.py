"""Logging in as an operator would: the form, the busy state, the errors, the retry."""

from __future__ import annotations

import asyncio

import keyring
import pytest
from textual import events
from textual.widgets import Button, Checkbox, Input

from wallet_tui.config import Profile, SecretStore
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.widgets.form import ErrorBanner, Field

from tests.config.helpers import MemoryKeyring
from .helpers import Sandbox, add_profile, closed_port, make_app, network_connect, settle, wait_for


async def test_demo_credentials_are_filled_in_and_log_in(tmp_path):
    server = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(server.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert login.field("client-id").value == "demo-client"
        assert login.field("client-secret").value == "demo-secret"
        assert login.field("client-secret").input.password
        assert login.field("partner-id").value == "1001"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, LoginScreen)
        assert app.logged_in
        assert "token ok" in app.sub_title and "partner 1001" in app.sub_title
        assert app.settings.last_profile == "sandbox"


async def test_wrong_secret_is_said_under_the_form(tmp_path):
    server = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(server.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        login.field("client-secret").value = "not-the-secret"
        login.field("client-secret").input.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is login
        banner = login.query_one(ErrorBanner)
        text = str(banner.content)
        assert banner.shown and "INVALID_CLIENT" in text and "clientSecret" in text
        assert app.gateway.exchanges[-1].request_id in text
        assert not app.logged_in


async def test_double_enter_while_logging_in_sends_one_request(tmp_path):
    server = Sandbox(tmp_path / "sandbox.sqlite3")
    server.gate.clear()
    app = make_app(server.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "Logging in" in str(app.screen.query_one("#busy").content)
        assert app.screen.query_one("#log-in", Button).disabled
        server.gate.set()
        await settle(pilot)
        assert server.token_requests == 1
        assert app.logged_in


async def test_unreachable_server_names_the_address_and_offers_retry(tmp_path):
    port = closed_port()
    url = f"http://127.0.0.1:{port}"
    add_profile(Profile(name="local", kind="remote", base_url=url, client_id="demo-client",
                        partner_id="1001", allow_plain_http=True))
    app = make_app(network_connect, profile_name="local")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        assert login.field("base-url").value == url
        login.field("client-secret").value = "demo-secret"
        login.field("client-secret").input.focus()
        await pilot.press("enter")
        await settle(pilot)
        text = str(login.query_one(ErrorBanner).content)
        assert f"127.0.0.1:{port}" in text
        retry = login.query_one("#retry", Button)
        assert retry.display and retry.has_focus
        await pilot.press("enter")  # retry: the same failure, said again
        await settle(pilot)
        assert sum(1 for e in app.gateway.exchanges if e.path.endswith("/token")) == 2
        assert not app.logged_in


async def test_missing_fields_are_said_under_them_and_nothing_is_sent(tmp_path):
    server = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(server.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        login.field("client-id").value = ""
        login.field("client-secret").value = ""
        await pilot.click("#log-in")
        await settle(pilot)
        assert login.field("client-id").error == "clientId is required"
        assert login.field("client-secret").error == "clientSecret is required"
        assert server.token_requests == 0


def remember_box(app) -> Checkbox:
    return app.screen.query_one("#remember", Checkbox)


async def test_without_a_keyring_remember_is_unticked_and_disabled_on_every_login(tmp_path):
    """The box was ticked while the note under it said no keyring works."""
    server = Sandbox(tmp_path / "sandbox.sqlite3")
    app = make_app(server.connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = remember_box(app)
        assert box.disabled and not box.value
        assert "No system keyring works here" in str(app.screen.query_one("#keyring-note").content)
        # Tab walks past it: it cannot be ticked by a stray space.
        await pilot.press("space")
        await settle(pilot)
        assert not remember_box(app).value
        # Logged in as another partner than the profile says, then "Log in again".
        login = app.screen
        login.field("client-id").value = "other-client"
        login.field("client-secret").value = "other-secret"
        login.field("partner-id").value = "1002"
        login.field("client-secret").input.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in and app.profile.partner_id == "1002"
        app.action_login()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.screen is not login
        box = remember_box(app)
        assert box.disabled and not box.value
        assert "No system keyring works here" in str(app.screen.query_one("#keyring-note").content)
        await app.gateway.aclose()


async def typed_over_the_secret(pilot) -> str:
    # The form selects the filled-in secret once the focus has settled (after a refresh); an
    # operator's next key comes after that, so the test waits for it as an operator would.
    secret = pilot.app.screen.field("client-secret").input

    def whole_secret_selected() -> bool:
        selection = secret.selection
        return secret.has_focus and {selection.start, selection.end} == {0, len(secret.value)}

    await wait_for(pilot, whole_secret_selected)
    await pilot.press("x")
    await settle(pilot)
    return pilot.app.screen.field("client-secret").value


async def test_typing_replaces_the_prefilled_secret_at_start_and_on_log_in_again(tmp_path):
    """The secret, filled in from the keyring once it answered, took the typing at the wrong
    place: typing must replace it, at the first login as on "Log in again"."""
    keyring.set_keyring(MemoryKeyring())  # conftest puts the failing one back
    add_profile(Profile(name="remote", kind="remote", base_url="https://wallet.example.ru",
                        client_id="demo-client", partner_id="1001"))
    SecretStore().remember(Profile(name="remote", kind="remote",
                                   base_url="https://wallet.example.ru",
                                   client_id="demo-client", partner_id="1001"), "demo-secret")
    server = Sandbox(tmp_path / "sandbox.sqlite3")  # whatever the profile, the sandbox answers
    app = make_app(server.connect, profile_name="remote")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        login = app.screen
        assert login.field("client-secret").value == "demo-secret"  # from the keyring
        assert remember_box(app).value and not remember_box(app).disabled
        assert await typed_over_the_secret(pilot) == "x"
        login.field("client-secret").value = "demo-secret"
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in
        app.action_login()
        await settle(pilot)
        assert app.screen is not login and app.screen.field("client-secret").value == "demo-secret"
        # Even after the terminal lost the focus and got it back (Textual then focuses the
        # field again without selecting), the cursor moved away meanwhile.
        await pilot.press("end")
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert await typed_over_the_secret(pilot) == "x"
        await app.gateway.aclose()


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_a_bad_base_url_is_said_under_its_field_in_either_language(tmp_path, language):
    from wallet_tui.ui.i18n import set_language

    add_profile(Profile(name="remote", kind="remote", base_url="https://wallet.example.ru",
                        client_id="demo-client", partner_id="1001"))
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, profile_name="remote")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        set_language(language)
        login = app.screen
        login.field("base-url").value = "not a url"
        login.field("client-secret").value = "demo-secret"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert login.field("base-url").error, "the complaint is not under the base URL"
        assert not login.query_one(ErrorBanner).has_class("-shown")
        assert not app.logged_in

"""Logging in as an operator would: the form, the busy state, the errors, the retry."""

from __future__ import annotations

import asyncio

from textual.widgets import Button, Input

from wallet_tui.config import Profile
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.widgets.form import ErrorBanner, Field

from .helpers import Sandbox, add_profile, closed_port, make_app, network_connect, settle


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

"""Losing the session: the login comes back over the screens, which keep what was typed."""

from __future__ import annotations

from dataclasses import replace

from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.widgets.form import Field

from .helpers import Sandbox, make_app, settle


async def test_session_lost_brings_login_back_and_keeps_typed_text(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        lookup = app.screen
        assert lookup.SCREEN_NAME == "lookup"
        query = lookup.query_one("#lookup-query", Field)
        query.input.focus()
        await pilot.press(*"+7 999 000")
        client = app.gateway.client
        # Both tokens run out and the partner's secret was changed meanwhile: refresh and
        # re-login both fail, which is what SessionExpired means.
        await client.sandbox_advance_clock(2 * 86400)
        client.credentials = replace(client.credentials, client_secret="rotated-away")
        lookup.send(lambda c: c.get_wallet("100000000001"), lookup.open_wallet)
        await settle(pilot)

        login = app.screen
        assert isinstance(login, LoginScreen)
        note = str(login.query_one("#session-note").content)
        assert "session ended" in note and "keep what you typed" in note
        assert not app.logged_in and "not logged in" in app.sub_title
        # F2 and friends do nothing until logged in again
        await pilot.press("f5")
        assert app.screen is login

        assert login.field("client-secret").value == "demo-secret"
        login.field("client-secret").input.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is lookup
        assert lookup.query_one("#lookup-query", Field).value == "+7 999 000"
        assert app.logged_in and "token ok" in app.sub_title

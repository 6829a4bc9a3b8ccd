"""Field errors land under the field the API named; typing clears them."""

from __future__ import annotations

from textual.app import App, ComposeResult

from wallet_tui.protocol import InvalidRequestError, WalletNotFoundError
from wallet_tui.ui.widgets.form import ErrorBanner, Field, show_api_field_errors


class FormApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Field("Amount", id="amount", wire_name="amount")
        yield Field("First name", id="first", wire_name="firstName")
        yield Field("Note", id="note")
        yield ErrorBanner(id="banner")


async def test_details_fields_go_under_their_fields():
    error = InvalidRequestError(
        "bad", details={"fields": [{"field": "amount", "problem": "must be > 0"},
                                   {"field": "person.firstName", "problem": "too long"}]}
    )
    async with FormApp().run_test() as pilot:
        app = pilot.app
        assert show_api_field_errors(app.screen, error)
        assert app.query_one("#amount", Field).error == "must be > 0"
        assert app.query_one("#first", Field).error == "too long"
        assert app.query_one("#note", Field).error == ""
        app.query_one("#amount", Field).input.focus()
        await pilot.press("5")
        assert app.query_one("#amount", Field).error == ""
        assert app.query_one("#amount", Field).value == "5"


async def test_banner_shows_name_message_and_request_id():
    async with FormApp().run_test() as pilot:
        banner = pilot.app.query_one(ErrorBanner)
        assert not banner.shown
        banner.show(WalletNotFoundError("no such wallet", request_id="req-9"))
        text = str(banner.content)
        assert "WALLET_NOT_FOUND" in text and "no such wallet" in text and "req-9" in text
        banner.clear()
        assert not banner.shown

"""The raw console on the in-process sandbox: send, see the reply, broken JSON stays home,
the session's history, and the body remembered per method and path."""

from __future__ import annotations

import asyncio
import json
from contextlib import asynccontextmanager
from pathlib import Path

from textual.widgets import Input, OptionList, Select, Static, TextArea

from scenario.support import SandboxConnect, picture_connect, steady_pictures
from wallet_tui.ui.screens.console import ConsoleScreen
from wallet_tui.ui.screens.login import LoginScreen

from .helpers import make_app, settle

WALLET = "100000000001"
WALLET_PATH = f"/api/wallet/v1/account/{WALLET}"


@asynccontextmanager
async def console(tmp_path: Path, *, size: tuple[int, int] = (100, 32)):
    """(app, pilot, screen): logged in as the demo partner, on the console."""
    app = make_app(SandboxConnect(tmp_path / "sandbox.sqlite3"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in
        try:
            await pilot.press("f8")
            await settle(pilot)
            assert isinstance(app.screen, ConsoleScreen)
            yield app, pilot, app.screen
        finally:
            await app.gateway.aclose()


async def fill(pilot, screen: ConsoleScreen, method: str, path: str, body: str | None = None):
    screen.query_one("#console-method", Select).value = method
    path_input = screen.query_one("#console-path", Input)
    path_input.value = path
    await pilot.pause()
    if body is not None:
        screen.query_one("#console-body", TextArea).load_text(body)
    await pilot.pause()


def shown(screen: ConsoleScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def reply_text(screen: ConsoleScreen) -> str:
    return str(screen.query_one("#console-reply", Static).content)


async def test_a_get_shows_status_headers_and_pretty_json_and_bad_input_stays_home(tmp_path):
    async with console(tmp_path) as (app, pilot, screen):
        await fill(pilot, screen, "GET", WALLET_PATH)
        await pilot.press("ctrl+s")
        await settle(pilot)

        text = reply_text(screen)
        assert text.startswith("200 OK")
        assert "content-type: application/json" in text.lower()
        assert f'"walletId": "{WALLET}"' in text  # pretty: a space after the colon
        assert '  "balance": "1500.00"' in text
        last = app.gateway.exchanges[-1]
        assert (last.method, last.path, last.status) == ("GET", WALLET_PATH, 200)

        # An API error is a reply like any other, shown as it came.
        await fill(pilot, screen, "GET", "/api/wallet/v1/account/999999999999")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = reply_text(screen)
        assert text.startswith("404 Not Found")
        assert '"name": "WALLET_NOT_FOUND"' in text

        # A path without its slash is refused where it was typed, and not sent.
        before = len(app.gateway.exchanges)
        await fill(pilot, screen, "GET", "api/wallet/v1/account/wifhdrawal/bank")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "starts with a single '/'" in shown(screen, "#console-path-error")
        assert len(app.gateway.exchanges) == before
        assert screen.focused is screen.query_one("#console-path", Input)


async def test_function_keys_still_switch_screens_from_the_body(tmp_path):
    async with console(tmp_path) as (app, pilot, screen):
        # TextArea itself takes F6 and F7 for selecting text.
        screen.query_one("#console-body", TextArea).focus()
        await pilot.press("f7")
        await settle(pilot)
        assert app.current_mode == "withdrawal"


async def test_tab_leaves_the_body_instead_of_typing_into_it(tmp_path):
    # Keyboard only: a Tab kept inside the body would trap the operator there.
    async with console(tmp_path) as (app, pilot, screen):
        body = screen.query_one("#console-body", TextArea)
        body.focus()
        await pilot.press("{", "tab")
        await settle(pilot)
        assert app.focused is not body
        assert body.text == "{"
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is body


async def test_broken_json_is_shown_under_the_body_and_nothing_is_sent(tmp_path):
    async with console(tmp_path) as (app, pilot, screen):
        before = len(app.gateway.exchanges)
        await fill(pilot, screen, "POST", f"{WALLET_PATH}/refill",
                   '{\n  "amount": "10.00",\n  "currency": "RUB"\n  "description": "x"\n}')
        await pilot.press("ctrl+s")
        await settle(pilot)

        error = shown(screen, "#console-body-error")
        assert error.startswith("Not valid JSON: Expecting ',' delimiter")
        assert "(line 4, column 3)" in error
        assert len(app.gateway.exchanges) == before
        assert screen.history == []
        body = screen.query_one("#console-body", TextArea)
        assert screen.focused is body and body.cursor_location == (3, 2)

        # Mending the body clears the complaint, and then it goes.
        body.load_text('{"amount": "10.00", "currency": "RUB"}')
        await pilot.pause()
        assert shown(screen, "#console-body-error") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        last = app.gateway.exchanges[-1]
        assert (last.method, last.status) == ("POST", 200)
        assert last.idempotency_key, "a POST from the console carries an Idempotency-Key"
        assert json.loads(last.request_body) == {"amount": "10.00", "currency": "RUB"}


async def test_history_lists_each_call_and_enter_loads_one_back(tmp_path):
    async with console(tmp_path) as (app, pilot, screen):
        await fill(pilot, screen, "GET", WALLET_PATH)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await fill(pilot, screen, "POST", f"{WALLET_PATH}/refill",
                   '{"amount": "5", "currency": "RUB"}')
        await pilot.press("ctrl+s")
        await settle(pilot)
        await fill(pilot, screen, "GET", "/api/wallet/v1/account/wifhdrawal/bank", "")
        await pilot.press("ctrl+s")
        await settle(pilot)

        entries = screen.query_one("#console-history-list", OptionList)
        labels = [str(entries.get_option_at_index(i).prompt) for i in range(entries.option_count)]
        assert [label.split() for label in labels] == [
            ["GET", "200", f"…/{WALLET}"],
            ["POST", "200", f"…/{WALLET}/refill"],
            ["GET", "200", "…/wifhdrawal/bank"],
        ]

        await pilot.press("ctrl+r")
        assert screen.focused is entries
        await pilot.press("up", "enter")
        await settle(pilot)
        assert screen.query_one("#console-method", Select).value == "POST"
        assert screen.query_one("#console-path", Input).value == f"{WALLET_PATH}/refill"
        assert screen.query_one("#console-body", TextArea).text == (
            '{"amount": "5", "currency": "RUB"}'
        )
        assert '"type": "REFILL"' in reply_text(screen)  # that call's own reply

        # Sent again as loaded: a new operation, so a new key.
        await pilot.press("ctrl+s")
        await settle(pilot)
        refills = [e for e in app.gateway.exchanges if e.path.endswith("/refill")]
        assert len(refills) == 2 and refills[0].idempotency_key != refills[1].idempotency_key
        assert '"balance": "1510.00"' in reply_text(screen)


async def test_typing_a_path_fills_the_body_from_its_last_call(tmp_path):
    async with console(tmp_path) as (app, pilot, screen):
        body = screen.query_one("#console-body", TextArea)
        refill = f"{WALLET_PATH}/refill"
        await fill(pilot, screen, "POST", refill, '{"amount": "7.00", "currency": "RUB"}')
        await pilot.press("ctrl+s")
        await settle(pilot)

        # Another path, then the refill's path typed key by key: its body comes back.
        await fill(pilot, screen, "POST", f"{WALLET_PATH}/payment/initialization",
                   '{"amount": "1.00", "currency": "RUB"}')
        await pilot.press("ctrl+s")
        await settle(pilot)
        path = screen.query_one("#console-path", Input)
        path.value = ""
        path.focus()
        await pilot.press(*refill)
        await pilot.pause()
        assert body.text == '{"amount": "7.00", "currency": "RUB"}'

        # The same path with another method has no remembered body: nothing changes.
        screen.query_one("#console-method", Select).value = "PUT"
        await pilot.pause()
        assert body.text == '{"amount": "7.00", "currency": "RUB"}'

        # What the operator typed and did not send is never replaced.
        body.load_text('{"amount": "8.00"}')
        screen.query_one("#console-method", Select).value = "POST"
        path.value = f"{WALLET_PATH}/payment/initialization"
        await pilot.pause()
        assert body.text == '{"amount": "8.00"}'


# -- pictures ---------------------------------------------------------------------------------


def _console_picture(snap_compare, monkeypatch, tmp_path, size: tuple[int, int]) -> None:
    steady_pictures(monkeypatch)
    app = make_app(picture_connect(tmp_path / "sandbox.sqlite3"))

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        await fill(pilot, screen, "POST", f"{WALLET_PATH}/refill",
                   '{"amount": "oops", "currency": "RUB"}')
        await pilot.press("ctrl+s")
        await settle(pilot)
        await fill(pilot, screen, "GET", WALLET_PATH)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen.query_one("#console-path", Input).focus()
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        asyncio.run(app.gateway.aclose())


def test_console_picture_80x24(snap_compare, monkeypatch, tmp_path):
    _console_picture(snap_compare, monkeypatch, tmp_path, (80, 24))


def test_console_picture_120x40(snap_compare, monkeypatch, tmp_path):
    _console_picture(snap_compare, monkeypatch, tmp_path, (120, 40))

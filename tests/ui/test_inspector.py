"""The exchange inspector: what was sent and received, secrets masked, copy and save."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textual.widgets import DataTable, Static

from wallet_tui.client import Exchange
from wallet_tui.config import ConfigStore
from wallet_tui.ui.widgets.exchange_text import break_lines, path_for_notice, shorten_path
from wallet_tui.ui.widgets.inspector import InspectorPanel

from .helpers import Sandbox, make_app, settle, shown_notices


async def _logged_in_with_inspector(pilot) -> InspectorPanel:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    return pilot.app.screen.query_one(InspectorPanel)


async def test_login_exchange_is_listed_with_the_secret_masked(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _logged_in_with_inspector(pilot)
        table = panel.query_one(DataTable)
        assert table.row_count == 1
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[1:4] == ["POST", "/api/auth/v1/token", "200"]
        detail = str(panel.query_one("#exchange-text", Static).content)
        assert '"clientSecret": "****"' in detail
        assert '"accessToken": "****"' in detail
        assert "demo-secret" not in detail


async def test_copy_as_curl_and_save_to_the_data_dir(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _logged_in_with_inspector(pilot)
        await pilot.press("c")
        assert app.clipboard.startswith("curl -X POST http://sandbox.local/api/auth/v1/token")
        assert "demo-secret" not in app.clipboard and "****" in app.clipboard
        await pilot.press("s")
        path = app.last_saved_exchanges
        assert path is not None and path.parent == app.paths.exchange_logs_dir
        # the path on lines of its own, home as ~, broken only after a "/", within the toast
        await pilot.pause()
        said = shown_notices(app)[-1].split("\n")[1:]  # the message, under the toast's title
        assert said[0].startswith("1 exchange saved to")  # ngettext: one exchange
        assert "".join(said[1:]) == "~/" + str(path.relative_to(Path.home()))
        assert all(line.endswith("/") for line in said[1:-1]) and said[-1] == path.name
        assert all(len(line) <= 36 for line in said[1:])
        saved = json.loads(path.read_text())
        assert [e["path"] for e in saved] == ["/api/auth/v1/token"]
        assert "demo-secret" not in path.read_text()
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_open_inspector_is_remembered_and_follows_to_other_screens(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _logged_in_with_inspector(pilot)
        assert panel.has_class("-open") and panel.display
        assert ConfigStore().load().inspector_open
    second = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # open from the start, over the login screen, and the login exchange appears live
        panel = second.screen.query_one(InspectorPanel)
        assert panel.has_class("-open")
        await pilot.press("enter")
        await settle(pilot)
        assert second.screen.query_one(InspectorPanel).query_one(DataTable).row_count == 1
        await pilot.press("f9")
        await settle(pilot)
        assert not second.screen.query_one(InspectorPanel).display
        assert not ConfigStore().load().inspector_open


async def test_opened_again_with_nothing_new_the_detail_is_not_drawn_again(tmp_path):
    """F9 closed and opened with no exchange since: the detail already shows the newest
    exchange (a history page's body took 60 ms to lay out again). A new exchange is shown."""
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await _logged_in_with_inspector(pilot)
        detail = panel.query_one("#exchange-text", Static)
        first = detail.content
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        again = detail.content
        await pilot.press("f9")
        await settle(pilot)
        await app.gateway.client.list_banks()  # an exchange while the panel is closed
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        newest = str(detail.content)
    assert "POST" in str(first) and again is first
    assert "banks" in newest and newest != str(first)


async def test_inspector_opens_after_a_failed_login_then_a_good_one(tmp_path):
    # A failed login's client is dropped and the next login builds another: the exchanges of
    # both are one session, and the panel (first opened only now) lists them all.
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        secret = app.screen.field("client-secret")
        good = secret.value
        secret.value = good + "x"
        secret.input.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not app.logged_in
        secret.value = good
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in
        await pilot.press("f9")
        await settle(pilot)
        table = app.screen.query_one(InspectorPanel).query_one(DataTable)
        statuses = [str(table.get_row_at(row)[3]) for row in range(table.row_count)]
        assert statuses == ["401", "200"]
        ids = [exchange.id for exchange in app.gateway.exchanges]
        assert len(set(ids)) == len(ids) == 2


def _exchange(exchange_id: int, path: str, status: int | None = 200, ms: float = 7.0) -> Exchange:
    return Exchange(id=exchange_id, started_at=datetime(2026, 11, 29, 9, 15, tzinfo=UTC),
                    method="GET", url=f"http://sandbox.local{path}", path=path, status=status,
                    duration_ms=ms)


async def test_a_repeated_exchange_id_is_listed_not_fatal(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.gateway.record(_exchange(1, "/sandbox/faults"))
        app.gateway.record(_exchange(1, "/sandbox/reset"))
        await pilot.press("f9")
        await settle(pilot)
        app.gateway.record(_exchange(1, "/sandbox/clock", 404))  # while the panel is open
        await settle(pilot)
        table = app.screen.query_one(InspectorPanel).query_one(DataTable)
        paths = [str(table.get_row_at(row)[2]) for row in range(table.row_count)]
        assert paths == ["/sandbox/faults", "/sandbox/reset", "/sandbox/clock"]
        detail = str(app.screen.query_one("#exchange-text", Static).content)
        assert detail.startswith("GET http://sandbox.local/sandbox/clock")


WALLET = "/api/wallet/v1/account/100000000001"
WITHDRAWAL_ID = "3f2a1b4c-9d8e-4f7a-b6c5-d4e3f2a1b0c9"
LONG_PATHS = [
    (f"{WALLET}/wifhdrawal", 401, 8.0),
    (f"{WALLET}/wifhdrawal/{WITHDRAWAL_ID}", 404, 12345.0),
    (f"{WALLET}/payment/initialization", 200, 7.0),
]


def _fits(table: DataTable) -> bool:
    """Every column within the table's width: nothing to scroll sideways to."""
    used = sum(column.get_render_width(table) for column in table.columns.values())
    return used <= table.scrollable_content_region.width


def _record_long_paths(app) -> None:
    for number, (path, status, ms) in enumerate(LONG_PATHS, start=100):
        app.gateway.record(_exchange(number, path, status, ms))


async def test_at_80_columns_long_paths_leave_status_and_ms_in_sight(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await _logged_in_with_inspector(pilot)
        _record_long_paths(app)
        await settle(pilot)
        table = panel.query_one(DataTable)
        assert _fits(table)
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert [row[3:] for row in rows[1:]] == [["401", "8"], ["404", "12345"], ["200", "7"]]
        # the tail tells the calls apart; a long id keeps its head
        assert rows[1][2].endswith("/100000000001/wifhdrawal")
        assert rows[2][2].endswith("/wifhdrawal/3f2a1b4c…")
        assert rows[3][2].endswith("/payment/initialization")
        # the selected one in full below, its URL broken only after a "/"
        await pilot.press("up")
        await settle(pilot)
        detail = str(panel.query_one("#exchange-text", Static).content).split("\n")
        url_lines = detail[: next(i for i, line in enumerate(detail) if line.startswith("→"))]
        assert "".join(url_lines) == f"GET http://sandbox.local{WALLET}/wifhdrawal/{WITHDRAWAL_ID}"
        assert all(line.endswith("/") for line in url_lines[:-1])


async def test_columns_are_fitted_again_when_the_terminal_narrows(tmp_path):
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await _logged_in_with_inspector(pilot)
        _record_long_paths(app)
        await settle(pilot)
        table = panel.query_one(DataTable)
        assert _fits(table) and table.cursor_row == table.row_count - 1
        await pilot.press("up")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert _fits(table) and table.row_count == 4
        assert table.cursor_row == 2  # still on the exchange the operator chose
        assert str(table.get_row_at(2)[2]).endswith("/wifhdrawal/3f2a1b4c…")


@pytest.mark.parametrize(("width", "shown"), [
    (40, "…/100000000001/wifhdrawal/3f2a1b4c…"),
    (22, "…/wifhdrawal/3f2a1b4c…"),
    (17, "…/wifhdraw…/3f2a…"),
])
def test_a_long_path_keeps_its_operation_and_the_head_of_its_id(width, shown):
    assert shorten_path(f"{WALLET}/wifhdrawal/{WITHDRAWAL_ID}", width) == shown


@pytest.mark.parametrize(("path", "width", "shown"), [
    ("/api/auth/v1/token", 18, "/api/auth/v1/token"),
    ("/api/auth/v1/token", 17, "…/auth/v1/token"),
    (f"{WALLET}/identification/FULL", 17, "…/identific…/FULL"),
    (f"{WALLET}/payment/initialization", 17, "…/initialization"),
    (f"{WALLET}/wifhdrawal", 22, "…/wifhdrawal"),  # a wallet id is not cut to a useless head
])
def test_shortened_paths(path, width, shown):
    assert shorten_path(path, width) == shown


@given(st.text(alphabet="/abc0123-", max_size=80), st.integers(min_value=1, max_value=60))
def test_a_shortened_path_never_overflows_and_a_fitting_one_is_whole(path, width):
    shown = shorten_path(path, width)
    assert len(shown) <= width
    assert (shown == path) == (len(path) <= width)


@given(st.text(alphabet="/ab?&=", max_size=80), st.integers(1, 20), st.integers(1, 20))
def test_broken_lines_keep_every_character_in_order_within_the_width(text, first, width):
    lines = break_lines(text, first, width).split("\n")
    assert "".join(lines) == text
    assert len(lines[0]) <= first and all(len(line) <= width for line in lines[1:])


def test_a_saved_path_in_a_notice_uses_tilde_and_breaks_between_names():
    path = Path.home() / ".local/share/wallet-tui/exchange-logs/exchanges-20261129T131122Z.json"
    assert path_for_notice(path, 80).split("\n") == [
        "", "~/.local/share/wallet-tui/", "exchange-logs/", "exchanges-20261129T131122Z.json"]
    assert path_for_notice(path, 120).split("\n") == [
        "", "~/.local/share/wallet-tui/exchange-logs/", "exchanges-20261129T131122Z.json"]

"""The exchange inspector: what was sent and received, secrets masked, copy and save."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime

from textual.widgets import DataTable, Static

from wallet_tui.client import Exchange
from wallet_tui.config import ConfigStore
from wallet_tui.ui.widgets.inspector import InspectorPanel

from .helpers import Sandbox, make_app, settle


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
        assert str(path) in " ".join(str(n.message) for n in app._notifications)
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


def _exchange(exchange_id: int, path: str, status: int | None = 200) -> Exchange:
    return Exchange(id=exchange_id, started_at=datetime(2026, 11, 29, 9, 15, tzinfo=UTC),
                    method="GET", url=f"http://sandbox.local{path}", path=path, status=status,
                    duration_ms=7.0)


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

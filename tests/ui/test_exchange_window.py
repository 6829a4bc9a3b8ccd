"""A day at the desk keeps a bounded window of exchanges in memory (the inspector's list);
the older ones go, masked, to the session's exchange log and are still in the report."""

from __future__ import annotations

import json
import stat

from textual.widgets import DataTable

from wallet_tui.config import ConfigStore
from wallet_tui.protocol import wire
from wallet_tui.ui.widgets.form import Field
from wallet_tui.ui.widgets.inspector import InspectorPanel

from .helpers import settle
from .screens_support import FULL_WALLET, SIMPLIFIED_WALLET, desk, show

WINDOW = 10


async def look_up(pilot, wallet_id: str) -> None:
    """The id pasted, then Enter: the exchanges are what this test counts, and typing the 13
    lookups key by key took most of its half a minute."""
    screen = await show(pilot, "lookup")
    field = screen.query_one("#lookup-query", Field)
    field.input.focus()
    field.input.value = wallet_id
    await pilot.press("enter")
    await settle(pilot)


def _set_window(size: int) -> None:
    store = ConfigStore()
    settings = store.load()
    settings.inspector_window = size
    store.save(settings)


async def test_the_window_is_bounded_and_older_exchanges_stay_in_the_report(tmp_path, home):
    _set_window(WINDOW)
    async with desk(tmp_path, size=(120, 40)) as (app, pilot):
        login_request_id = app.gateway.exchanges[0].request_id
        for wallet in [SIMPLIFIED_WALLET, FULL_WALLET] * 6:
            await look_up(pilot, wallet)
        exchanges = app.gateway.exchanges
        assert exchanges.total > 2 * WINDOW, "the lookups should have overflowed the window"
        assert len(exchanges) == WINDOW
        assert exchanges.spilled == exchanges.total - WINDOW
        assert login_request_id not in {e.request_id for e in exchanges}

        await pilot.press("f9")
        await settle(pilot)
        panel = app.screen.query_one(InspectorPanel)
        assert panel.query_one(DataTable).row_count == WINDOW
        await look_up(pilot, SIMPLIFIED_WALLET)  # rows keep sliding with the panel open
        await pilot.press("f9")
        await settle(pilot)
        panel = app.screen.query_one(InspectorPanel)
        assert panel.query_one(DataTable).row_count == WINDOW

        app.action_save_report()
        await app.workers.wait_for_complete()
        await pilot.pause()
        total = exchanges.total
        log = exchanges.log_path
        live = app.gateway.client._session._tokens  # the real tokens, to search the files for
        secrets = [wire.DEMO_CLIENT_SECRET, live.access_token, live.refresh_token]
        markdown = app.last_saved_report

    assert log is not None and log.parent == app.paths.exchange_logs_dir
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    logged = log.read_text(encoding="utf-8")
    assert [json.loads(line)["request_id"] for line in logged.splitlines()][0] == login_request_id
    text = markdown.read_text(encoding="utf-8")
    assert login_request_id in text, "the first exchange, spilled to the log, is in the report"
    assert text.count("\n### ") - text.count("\n### Errors by name") == total, \
        "every exchange of the session has its section"
    for secret in secrets:
        assert secret not in logged and secret not in text

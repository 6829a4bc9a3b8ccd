"""The palette's "Save session report" writes the session's exchanges for the partner."""

from __future__ import annotations

from wallet_tui.protocol import wire

from .screens_support import desk, look_up


async def test_session_report_holds_every_exchange_and_no_secret(tmp_path, home):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, "100000000002")
        app.action_save_report()
        await app.workers.wait_for_complete()
        await pilot.pause()
        markdown = app.last_saved_report
        assert markdown is not None and markdown.is_file()
        exchanges = list(app.gateway.exchanges)
        live = app.gateway.client._session._tokens  # the real tokens, to search the files for
        secrets = [wire.DEMO_CLIENT_SECRET, live.access_token, live.refresh_token]

    text = markdown.read_text(encoding="utf-8")
    html = markdown.with_suffix(".html").read_text(encoding="utf-8")
    assert oct(markdown.stat().st_mode & 0o777) == "0o600"
    assert str(markdown).startswith(str(home))
    for exchange in exchanges:
        assert exchange.path in text
        if exchange.request_id:
            assert exchange.request_id in text and exchange.request_id in html
    assert wire.wallet("100000000002") in text
    for secret in secrets:
        assert secret not in text and secret not in html

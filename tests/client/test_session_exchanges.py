"""The session's exchanges: a bounded window in memory, the older ones in a 0600 log."""

from __future__ import annotations

import stat
from datetime import UTC, datetime

from wallet_tui.client import Exchange
from wallet_tui.client.session_exchanges import SessionExchanges, read_snapshot


def _exchange(number: int) -> Exchange:
    return Exchange(
        id=number, started_at=datetime(2026, 11, 14, 9, 15, number % 60, tzinfo=UTC),
        method="POST", url="http://sandbox.local/api/auth/v1/token", path="/api/auth/v1/token",
        request_headers={"Authorization": f"Bearer secret-{number}"},
        request_body=f'{{"clientSecret": "secret-{number}"}}', status=200,
    )


def test_older_exchanges_leave_memory_for_the_log_and_come_back_in_order(tmp_path):
    kept = SessionExchanges(lambda: tmp_path, window=10)
    for number in range(1, 26):
        kept.append(_exchange(number))
    assert len(kept) == 10 and kept.total == 25 and kept.spilled == 15
    assert [e.id for e in kept] == list(range(16, 26))
    assert [e.id for e in kept.since(20)] == list(range(21, 26))  # numbers count from 0
    assert [e.id for e in kept.everything()] == list(range(1, 26))
    assert kept.log_path is not None and stat.S_IMODE(kept.log_path.stat().st_mode) == 0o600
    log = kept.log_path.read_text(encoding="utf-8")
    assert "secret-" not in log and log.count("\n") == 15
    snapshot = kept.snapshot()
    kept.append(_exchange(26))  # later exchanges are not in a snapshot taken before
    assert [e.id for e in read_snapshot(snapshot)] == list(range(1, 26))


def test_a_smaller_window_spills_at_once_and_no_log_dir_drops(tmp_path):
    kept = SessionExchanges(lambda: tmp_path, window=50)
    for number in range(1, 31):
        kept.append(_exchange(number))
    assert kept.spilled == 0 and kept.log_path is None
    kept.window = 10
    assert len(kept) == 10 and kept.spilled == 20
    dropped = SessionExchanges(None, window=10)
    for number in range(1, 31):
        dropped.append(_exchange(number))
    assert len(dropped) == 10 and dropped.spilled == 0 and len(dropped.everything()) == 10

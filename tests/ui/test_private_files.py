"""Everything a desk session writes is the operator's alone: files 0600 in directories 0700,
whatever the umask — the config, caches, log, sandbox database and its journals, saved
exchanges, the session report and a screenshot."""

from __future__ import annotations

import argparse
import os
import stat

import pytest

from wallet_tui.cli import run_app


@pytest.fixture(params=[0o022, 0o000], ids=lambda m: f"umask-{m:03o}")
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def test_a_session_writes_nothing_anyone_else_can_read(home, umask):
    async def operator(pilot):
        app = pilot.app
        await pilot.pause(0.5)
        await pilot.press("enter")  # the demo credentials are filled in
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        app.action_save_exchanges()
        app.action_save_report()
        app.action_screenshot()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        app.exit()

    assert run_app(argparse.Namespace(profile=None, reset=True), auto_pilot=operator,
                   headless=True) == 0

    files = [p for p in home.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "sandbox.sqlite3" in names and "wallet-tui.log" in names
    assert any(n.startswith("exchanges-") for n in names), names
    assert any(n.startswith("wallet-tui-session-") and n.endswith(".html") for n in names), names
    screenshots = [p for p in files if p.suffix == ".svg"]
    assert screenshots and screenshots[0].parent == home / "Downloads", screenshots
    assert "<svg" in screenshots[0].read_text(encoding="utf-8")
    loose = {str(p.relative_to(home)): oct(stat.S_IMODE(p.stat().st_mode))
             for p in files if stat.S_IMODE(p.stat().st_mode) != 0o600}
    assert loose == {}
    # Every directory under HOME was made by the desk (the test made HOME only).
    open_dirs = {str(p.relative_to(home)): oct(stat.S_IMODE(p.stat().st_mode))
                 for p in home.rglob("*") if p.is_dir() and stat.S_IMODE(p.stat().st_mode) != 0o700}
    assert open_dirs == {}

"""The real entry point: a session through `run_app` leaves a masked log and no secret on disk."""

from __future__ import annotations

import argparse

from wallet_tui.cli import run_app
from wallet_tui.config import AppPaths
from wallet_tui.protocol import wire


def test_a_session_logs_to_the_rotating_file_without_secrets(home):
    seen: dict[str, str] = {}

    async def operator(pilot):
        app = pilot.app
        await pilot.pause(0.5)
        await pilot.press("enter")  # the demo credentials are filled in
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        tokens = app.gateway.client._session._tokens
        seen["access"], seen["refresh"] = tokens.access_token, tokens.refresh_token
        app.exit()

    args = argparse.Namespace(profile=None, reset=True)
    assert run_app(args, auto_pilot=operator, headless=True) == 0

    log_file = AppPaths.from_env().log_file
    assert log_file.is_file(), "the session left no log"
    assert str(log_file).startswith(str(home))
    assert wire.TOKEN in log_file.read_text(encoding="utf-8")
    written = [path for path in home.rglob("*") if path.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        for secret in (wire.DEMO_CLIENT_SECRET, seen["access"], seen["refresh"]):
            assert secret.encode() not in data, f"{secret[:4]}… found in {path}"


def test_garbage_is_collected_again_once_the_login_is_up_and_after_a_failed_start():
    import gc

    seen: dict[str, bool] = {}

    async def operator(pilot):
        await pilot.pause(0.3)
        seen["during"] = gc.isenabled()
        pilot.app.exit()

    assert run_app(argparse.Namespace(profile=None, reset=False), auto_pilot=operator,
                   headless=True) == 0
    assert seen["during"], "the desk runs with the garbage collector off"
    assert gc.isenabled()

    # A start that fails before any paint gives it back too.
    assert run_app(argparse.Namespace(profile="no-such-profile", reset=False),
                   headless=True) == 2
    assert gc.isenabled()

"""Pictures of the login, the inspector and the profile editor at 80x24 and 120x40.

Update after a deliberate change of looks: `pytest tests/ui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wallet_tui.client import Exchange

from .helpers import Sandbox, make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _exchanges() -> list[Exchange]:
    at = datetime(2026, 11, 29, 9, 15, 0, tzinfo=UTC)
    token_body = ('{"grantType":"client_credentials","clientId":"demo-client",'
                  '"clientSecret":"demo-secret","partnerId":"1001"}')
    return [
        Exchange(
            id=1, started_at=at, method="POST", url="http://sandbox.local/api/auth/v1/token",
            path="/api/auth/v1/token",
            request_headers={"Content-Type": "application/json", "X-Request-Id": "req-0001"},
            request_body=token_body, status=200,
            response_headers={"Content-Type": "application/json", "Cache-Control": "no-store"},
            response_body=('{"accessToken":"eyJhbGciOi","refreshToken":"r-123","tokenType":'
                           '"Bearer","expiresIn":300,"refreshExpiresIn":86400}'),
            duration_ms=14.0, request_id="req-0001",
        ),
        Exchange(
            id=2, started_at=at.replace(second=21), method="GET",
            url="http://sandbox.local/api/wallet/v1/account/100000000001",
            path="/api/wallet/v1/account/100000000001",
            request_headers={"Authorization": "Bearer eyJhbGciOi", "X-Request-Id": "req-0002"},
            status=404, response_headers={"Content-Type": "application/json"},
            response_body=('{"code":2001,"name":"WALLET_NOT_FOUND","message":"no such wallet",'
                           '"requestId":"req-0002"}'),
            duration_ms=6.0, request_id="req-0002",
        ),
    ]


def _app(tmp_path):
    return make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect)


@pytest.mark.parametrize("size", SIZES)
def test_login_screen(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_inspector_over_login(snap_compare, tmp_path, size):
    async def open_inspector(pilot) -> None:
        await settle(pilot)
        for exchange in _exchanges():
            pilot.app.gateway.record(exchange)
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("up")  # the first exchange: the login, secrets masked
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_inspector)


@pytest.mark.parametrize("size", SIZES)
def test_profile_editor(snap_compare, tmp_path, size):
    async def open_editor(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=open_editor)

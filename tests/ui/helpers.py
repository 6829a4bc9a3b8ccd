"""Building the app for tests: isolated settings, test mode, a chosen way to connect."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from typing import Any

import httpx

from wallet_tui.client import WalletClient
from wallet_tui.config import ConfigStore, Profile
from wallet_tui.ui.app import WalletApp


def make_app(connect: Callable[..., WalletClient], **kwargs: Any) -> WalletApp:
    return WalletApp(connect, store=ConfigStore(), test_mode=True, **kwargs)


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_profile(profile: Profile) -> None:
    store = ConfigStore()
    settings = store.load()
    settings.add_profile(profile)
    store.save(settings)


class TokenServer:
    """The token endpoint only, for flows about logging in; counts the requests it got."""

    def __init__(self) -> None:
        self.token_requests = 0
        self.gate: asyncio.Event | None = None

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.token_requests += 1
        if self.gate is not None:
            await self.gate.wait()
        body = json.loads(request.content)
        if body.get("clientSecret") != "demo-secret":
            return httpx.Response(401, json={
                "code": 1003, "name": "INVALID_CLIENT",
                "message": "unknown clientId, wrong clientSecret or partnerId",
                "requestId": "req-bad-secret",
            })
        return httpx.Response(200, json={
            "accessToken": "at-1", "refreshToken": "rt-1", "tokenType": "Bearer",
            "expiresIn": 300, "refreshExpiresIn": 86400,
        }, headers={"Cache-Control": "no-store"})

    def connect(self, profile: Profile, *, on_exchange=None) -> WalletClient:
        return WalletClient(
            base_url="http://sandbox.local",
            transport=httpx.MockTransport(self.handle),
            on_exchange=on_exchange,
        )


def network_connect(profile: Profile, *, on_exchange=None) -> WalletClient:
    from wallet_tui.client import remote_transport

    return WalletClient(
        base_url=profile.base_url or "",
        transport=remote_transport(profile.base_url or "", allow_plain_http=True),
        timeout=2.0,
        max_attempts=1,
        on_exchange=on_exchange,
    )


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()

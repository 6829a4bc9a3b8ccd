"""A WalletClient on an in-process sandbox whose time the test moves, and whose retries never
really wait: the demo's tests (with or without the UI) run in well under a second each."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wallet_tui.client import Credentials, Exchange, WalletClient
from wallet_tui.protocol import wire
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.cli import sandbox_connect
from wallet_tui.sandbox.inprocess import InProcessSandbox

DEMO_CREDENTIALS = Credentials(
    client_id=wire.DEMO_CLIENT_ID, client_secret=wire.DEMO_CLIENT_SECRET,
    partner_id=wire.DEMO_PARTNER_ID,
)
PICTURE_TIME = datetime(2026, 11, 14, 9, 15, tzinfo=UTC)


class InstantClock:
    """The client's clock: real time (or a fixed moment, for pictures); retries never wait."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self.fixed = fixed

    def now(self) -> datetime:
        return self.fixed or datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)


class SandboxConnect(InProcessSandbox):
    """`connect(profile, on_exchange=...)` for the app, and `client()` for tests without it:
    every client talks to one fresh in-process sandbox, whose time the test moves."""

    def __init__(self, db_path: Path, *, clock: Any = None, client_clock: Any = None) -> None:
        super().__init__(db_path, clock if clock is not None else ManualClock())
        self.client_clock = client_clock or InstantClock()
        self.connect = sandbox_connect(self, clock=self.client_clock)

    def __call__(
        self, profile: Any = None, *, on_exchange: Callable[[Exchange], None] | None = None,
        credentials: Credentials | None = None,
    ) -> WalletClient:
        return self.connect(profile, on_exchange=on_exchange, credentials=credentials)

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)


def steady_pictures(monkeypatch: Any) -> None:
    """Everything a picture shows stays the same from run to run: ids and keys count up
    from 1, the client's clock stands at PICTURE_TIME, every exchange takes 0 ms."""
    import itertools
    import types
    import uuid

    from wallet_tui.client import recording
    # Imported before uuid4 is counted: some of its dependencies draw uuids at import
    # time, which would shift every id by whether an earlier test imported them already.
    from wallet_tui.sandbox import app as _sandbox_app  # noqa: F401

    counter = itertools.count(1)
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=next(counter), version=4))
    monkeypatch.setattr(recording, "time", types.SimpleNamespace(perf_counter=lambda: 0.0))


def picture_connect(db_path: Path) -> SandboxConnect:
    return SandboxConnect(db_path, client_clock=InstantClock(PICTURE_TIME))

"""Fixtures of the reliability tests: an in-process sandbox on its own SQLite file with a
hand-moved clock, and clients on it that record every exchange."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from wallet_tui.client import Credentials, Exchange, WalletClient
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.testing import fresh_sandbox

from .support import DEMO, Shared, make_client


class SharedSandbox:
    """A fresh sandbox with a hand-moved clock, and clients that all share one of its
    transports (one app: the faults one client sets, the others meet)."""

    def __init__(self, folder: Path, *, seed: int | None = None) -> None:
        self.sandbox = fresh_sandbox(folder, ManualClock(), seed_rng=seed)
        self.clock = self.sandbox.clock
        self.db_path = self.sandbox.db_path
        self.transport = self.sandbox.transport()
        self._clients: list[WalletClient] = []

    def client(
        self, credentials: Credentials = DEMO, *, exchanges: list[Exchange] | None = None,
        **options: Any,
    ) -> WalletClient:
        client = make_client(Shared(self.transport), credentials=credentials,
                             exchanges=exchanges, **options)
        self._clients.append(client)
        return client

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()
        await self.transport.aclose()


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[SharedSandbox]:
    # Fault draws from a fixed seed: a failing run can be looked at again.
    box = SharedSandbox(tmp_path, seed=20261129)
    try:
        yield box
    finally:
        await box.aclose()


# --- figures: what each test measured, printed at the end of the run --------------------------

FIGURES: dict[str, dict[str, Any]] = {}


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> dict[str, Any]:
    """A test's measured figures (counts, not timings), shown under 'reliability figures'."""
    return FIGURES.setdefault(request.node.name, {})


def pytest_terminal_summary(terminalreporter: Any) -> None:
    shown = {name: values for name, values in FIGURES.items() if values}
    if not shown:
        return
    terminalreporter.section("reliability figures")
    for name, values in shown.items():
        text = ", ".join(f"{key}={value}" for key, value in values.items())
        terminalreporter.write_line(f"{name}: {text}")


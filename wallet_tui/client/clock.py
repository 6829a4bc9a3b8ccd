"""Time as the client sees it: token expiry, retry budgets, backoff waits.

One object so that tests can replace all three with a fake that never really sleeps."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Protocol


class ClientClock(Protocol):
    def now(self) -> datetime:
        """Aware UTC wall time: when tokens expire."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin: how long retries have taken."""

    async def sleep(self, seconds: float) -> None:
        """Waits between retries."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

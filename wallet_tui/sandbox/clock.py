"""The sandbox's sense of time, injectable so tests can move it instead of waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, aware UTC."""

    def advance(self, seconds: float) -> None:
        """Moves this clock forward (never back)."""


# The clock stops here: everything the sandbox derives from "now" (expiries, the month's end,
# kept keys) stays well inside what a datetime can hold (year 9999).
LATEST = datetime(9990, 1, 1, tzinfo=UTC)


class ClockLimitError(ValueError):
    """An advance that would take the clock past LATEST."""


def _forward(now: datetime, seconds: float) -> timedelta:
    if seconds < 0:
        raise ValueError("a clock only moves forward")
    step = timedelta(seconds=seconds)
    if now + step > LATEST:
        raise ClockLimitError(f"the sandbox clock stops at {LATEST.isoformat()}")
    return step


class SystemClock:
    """Real time, plus whatever `advance` added (so `POST /sandbox/clock` works over HTTP).
    `start` sets where it reads now (`sandbox serve --clock-at`); it ticks on from there."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("a SystemClock starts at an aware datetime")
        if start is not None and start > LATEST:
            raise ClockLimitError(f"the sandbox clock stops at {LATEST.isoformat()}")
        self._offset = timedelta(0) if start is None else start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += _forward(self.now(), seconds)


# A fixed, mid-month moment: tests that start here never straddle a month boundary by accident.
MANUAL_CLOCK_START = datetime(2026, 11, 14, 9, 15, tzinfo=UTC)


class ManualClock:
    """Time that stands still until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        start = start or MANUAL_CLOCK_START
        if start.tzinfo is None:
            raise ValueError("a ManualClock starts at an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += _forward(self._now, seconds)

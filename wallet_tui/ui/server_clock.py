"""The server's time, as the `Date` header of its answers tells it.

A payment's time left is counted to its `expiresAt`, which is the server's time. Counted
from the desk's own clock it was wrong by however far the two clocks are apart: after
`POST /sandbox/clock` (two minutes on) the desk showed 16:56 left of a 15-minute payment.
Every recorded exchange with a `Date` header sets the offset from the desk's clock to the
server's; the countdown reads `now()`. `Date` has whole seconds: the server's time is taken
half a second past it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from wallet_tui.protocol import wire

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

HALF_SECOND = timedelta(seconds=0.5)


class ServerClock:
    def __init__(self, desk_now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._desk_now = desk_now
        self.offset = timedelta(0)  # the server's time minus the desk's
        self.heard = False  # a Date header has been seen

    def hear(self, exchange: "Exchange") -> None:
        """Takes the server's time from an answer's `Date` header, if it has a valid one."""
        answer = getattr(exchange, "response_headers", None) or {}
        headers = {name.lower(): value for name, value in answer.items()}
        date = headers.get(wire.DATE.lower())
        if not date or not isinstance(exchange.started_at, datetime):
            return
        # Here, not at the top: email.utils costs ~5 ms of imports before the first paint.
        from email.utils import parsedate_to_datetime

        try:
            server = parsedate_to_datetime(date)
        except (TypeError, ValueError):
            return
        if server.tzinfo is None:
            return
        received = exchange.started_at + timedelta(milliseconds=exchange.duration_ms)
        self.offset = server + HALF_SECOND - received
        self.heard = True

    def now(self) -> datetime:
        return self._desk_now() + self.offset

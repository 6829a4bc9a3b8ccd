"""Run-time faults (contract: Sandbox extensions). Kept in memory: a restarted sandbox starts
healthy. Random draws come from one injectable RNG so tests can make them deterministic."""

from __future__ import annotations

import random
from collections import deque
from enum import Enum

from wallet_tui.protocol import ErrorName
from wallet_tui.protocol.models import Faults, FaultsUpdate


class Drop(Enum):
    """How a money-moving exchange fails after its work was committed."""

    SERVER_ERROR = "5xx"
    CUT = "cut"


# `rateLimitPerMinute` counts calls in a sliding window of this many microseconds.
RATE_WINDOW_MICROS = 60 * 1_000_000
MICROS_PER_SECOND = 1_000_000


class FaultState:
    def __init__(self, defaults: Faults, rng: random.Random) -> None:
        self._defaults = defaults
        self._rng = rng
        self.current = defaults
        # partner id -> the times (µs) of its calls admitted in the last window, oldest first
        self._admitted: dict[str, deque[int]] = {}

    def update(self, change: FaultsUpdate) -> Faults:
        given = change.model_dump(exclude_none=True, by_alias=False)
        self.current = self.current.model_copy(update=given)
        if change.rate_limit_per_minute is not None:
            self._admitted.clear()  # a limit set anew starts counting from nothing
        return self.current

    def reset(self) -> Faults:
        self.current = self._defaults
        self._admitted.clear()
        return self.current

    def admit(self, partner_id: str, now: int) -> int | None:
        """Counts a call of `partner_id` at `now` (µs) against `rateLimitPerMinute`: None
        when it may go ahead, else the whole seconds until the oldest call counted leaves the
        window (refused calls are not counted, so a caller that waits that long gets in)."""
        limit = self.current.rate_limit_per_minute
        if not limit:
            return None
        admitted = self._admitted.setdefault(partner_id, deque())
        while admitted and admitted[0] <= now - RATE_WINDOW_MICROS:
            admitted.popleft()
        if len(admitted) < limit:
            admitted.append(now)
            return None
        frees_at = admitted[0] + RATE_WINDOW_MICROS
        return max(1, -(-(frees_at - now) // MICROS_PER_SECOND))

    def _happens(self, rate: float) -> bool:
        return rate > 0 and self._rng.random() < rate

    def draw_error(self) -> ErrorName | None:
        """INTERNAL_ERROR or SERVICE_UNAVAILABLE for `errorRate` of calls, else None."""
        if not self._happens(self.current.error_rate):
            return None
        if self._rng.random() < 0.5:
            return ErrorName.INTERNAL_ERROR
        return ErrorName.SERVICE_UNAVAILABLE

    def draw_drop(self) -> Drop | None:
        if not self._happens(self.current.drop_after_commit_rate):
            return None
        return Drop.SERVER_ERROR if self._rng.random() < 0.5 else Drop.CUT

    @property
    def latency_seconds(self) -> float:
        return self.current.latency_ms / 1000

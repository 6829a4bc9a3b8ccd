"""Run-time faults (contract: Sandbox extensions). Kept in memory: a restarted sandbox starts
healthy. Random draws come from one injectable RNG so tests can make them deterministic."""

from __future__ import annotations

import random
from enum import Enum

from wallet_tui.protocol import ErrorName
from wallet_tui.protocol.models import Faults, FaultsUpdate


class Drop(Enum):
    """How a money-moving exchange fails after its work was committed."""

    SERVER_ERROR = "5xx"
    CUT = "cut"


class FaultState:
    def __init__(self, defaults: Faults, rng: random.Random) -> None:
        self._defaults = defaults
        self._rng = rng
        self.current = defaults

    def update(self, change: FaultsUpdate) -> Faults:
        given = change.model_dump(exclude_none=True, by_alias=False)
        self.current = self.current.model_copy(update=given)
        return self.current

    def reset(self) -> Faults:
        self.current = self._defaults
        return self.current

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

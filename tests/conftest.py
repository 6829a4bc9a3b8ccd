"""Suite-wide: the shifted-clock run's fallback when libfaketime is not on the machine."""

from __future__ import annotations

import os
from datetime import datetime

import pytest


@pytest.fixture(autouse=True, scope="session")
def travel_to_the_shifted_moment():
    """`scripts/shifted-clock` sets WALLET_TUI_TEST_TRAVEL_TO where it has no faketime: Python's
    clocks then start at that moment and tick on (child processes keep the real clock)."""
    moment = os.environ.get("WALLET_TUI_TEST_TRAVEL_TO")
    if not moment:
        yield None
        return
    import time_machine

    with time_machine.travel(datetime.fromisoformat(moment), tick=True) as traveller:
        yield traveller

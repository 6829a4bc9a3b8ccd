"""When the desk collects its garbage: never on top of a frame (issue 15).

Python's collector runs a full collection whenever enough objects have grown old, inside
whatever allocation tips it over: in the middle of drawing a screen, so the collection's
40-90 ms came on top of the frame's 30-60 ms and an operator felt 130 ms. The desk instead:

- collects nothing before the first paint (`cli.run_app`); what start-up built is frozen out
  of every later collection's way (`gc.freeze`), and again at WARM_UP_EXCHANGES, by when
  every screen was built and the inspector's window filled;
- leaves the young generations to Python (a few ms each) but runs the full collection
  itself, from a timer every FULL_COLLECTION_SECONDS when one is due, as a callback of its
  own between frames. Frequent (four times a second), each finds a short time's garbage:
  under 30 ms on this machine.

All of it through `gc`'s public functions and a Textual interval. Tests share one process
with many apps, so only `wallet-tui` (cli.run_app) and the benchmarks set this up."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

# Session-wide exchange counts at which what lives is frozen again: what lives then lives all
# day (a full collection that walked it took 0.5 s and more, issue 15). Textual's and rich's
# caches go on filling until ~10 000 exchanges (full collections grew from 50 to 85 ms);
# what a freeze catches that dies later is never collected, a bounded loss per freeze.
WARM_UP_EXCHANGES = (100, 1_000, 5_000, 10_000)
FULL_COLLECTION_SECONDS = 0.25
# A threshold the oldest generation's counter never reaches: Python never starts a full
# collection by itself.
NEVER = 1 << 30


class GarbageSchedule:
    """The desk's collection schedule, started after the first paint."""

    def __init__(self, *, freeze_at: tuple[int, ...] = WARM_UP_EXCHANGES,
                 full_every: float = FULL_COLLECTION_SECONDS) -> None:
        self.freeze_at = freeze_at
        self.full_every = full_every
        self.full_collections = 0

    def start(self, app: App) -> None:
        """After the first paint: start-up's objects frozen, collection on, full ones ours."""
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, NEVER)
        gc.enable()
        app.set_interval(self.full_every, self.collect_if_due, name="full garbage collection")

    def collect_if_due(self) -> None:
        # The oldest generation's count: young collections since the last full one.
        if gc.get_count()[2]:
            gc.collect(2)
            self.full_collections += 1

    def exchange_recorded(self, total: int) -> None:
        if total in self.freeze_at:
            gc.freeze()

"""When the desk collects its garbage: never on top of a frame (issue 15).

Python's collector runs a full collection whenever enough objects have grown old, inside
whatever allocation tips it over: in the middle of drawing a screen, so the collection's
40-90 ms came on top of the frame's 30-60 ms and an operator felt 130 ms. The desk instead:

- collects nothing before the first paint (`cli.run_app`); what start-up built is frozen out
  of every later collection's way (`gc.freeze`), and again after each screen's first showing
  and at WARM_UP_EXCHANGES, by when the inspector's window filled;
- leaves the young generations to Python (a few ms each) but runs the full collection
  itself, when one is due (a timer every FULL_COLLECTION_SECONDS), as a callback of its own
  between frames. Frequent (four times a second), each finds a short time's garbage:
  5-50 ms on this machine (the screens keep what it walks small: docs/ui.md). A pause is a
  turn of the loop, every callback ready at once: an answer shown, a screen drawn, a key.
  A collection in a busy turn adds to it, so a due collection waits for a quiet turn after
  the screen's next refresh: it asks the screen to call back once it has drawn what is
  pending (`call_after_refresh`), then asks the loop for a callback (`call_soon`), twice
  running, and collects when the process spent less than QUIET_SECONDS of CPU before each
  came: the first says nothing was to run ahead of the collection, the second that nothing
  was waiting behind it in the same turn (a callback ready at once after the frame, such as
  the next step of whatever the frame ended, ran right after a collection made in the
  first, and the two made one pause: 50 + 40 ms). Otherwise it asks again, at most
  MOST_PUT_OFF_SECONDS. After the refresh: the loop is also quiet while it waits for the
  next frame with a screen half drawn (an answer's card shown, its history not yet), and a
  collection there came between the two, the frame after it late by the collection's time.
  CPU time, not the wall clock: on a loaded machine a turn waits for a core too, and judged
  by the wall clock every turn looked busy, so the asking went on for the whole 2 s, a loop
  that never slept.

All of it through `gc`'s public functions and a Textual interval. Tests share one process
with many apps, so only `wallet-tui` (cli.run_app) and the benchmarks set this up."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

# Session-wide exchange counts at which what lives is frozen again: what lives then lives all
# day (a full collection that walked it took 0.5 s and more, issue 15). Freezing again at
# 5 000 and 10 000 was tried: full collections took as long (Textual's render caches churn,
# and what replaces them lands in the oldest generation again), and the garbage a freeze
# caught (15 000 objects) was never freed.
WARM_UP_EXCHANGES = (100, 1_000)
FULL_COLLECTION_SECONDS = 0.25
# A threshold the oldest generation's counter never reaches: Python never starts a full
# collection by itself.
NEVER = 1 << 30
# A turn of the loop this short had next to nothing to run: the next is likely as light.
QUIET_SECONDS = 0.002
QUIET_TURNS = 2  # in a row: nothing ahead of the collection, nothing behind it
MOST_PUT_OFF_SECONDS = 2.0  # garbage is not left to pile up behind a busy spell


class GarbageSchedule:
    """The desk's collection schedule, started after the first paint."""

    def __init__(self, *, freeze_at: tuple[int, ...] = WARM_UP_EXCHANGES,
                 full_every: float = FULL_COLLECTION_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 cpu_clock: Callable[[], float] = time.process_time,
                 call_soon: Callable[..., object] | None = None,
                 after_refresh: Callable[..., object] | None = None) -> None:
        self.freeze_at = freeze_at
        self.full_every = full_every
        self.full_collections = 0
        self.clock = clock
        self.cpu_clock = cpu_clock
        self._call_soon = call_soon  # the app loop's, from start() unless given
        self._after_refresh = after_refresh  # the app's call_after_refresh, likewise
        self._due_since: float | None = None  # a full collection waits for a quiet turn

    def start(self, app: App) -> None:
        """After the first paint: start-up's objects frozen, collection on, full ones ours."""
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, NEVER)
        gc.enable()
        if self._call_soon is None:
            self._call_soon = asyncio.get_running_loop().call_soon
        if self._after_refresh is None:
            self._after_refresh = app.call_after_refresh
        app.set_interval(self.full_every, self.collect_if_due, name="full garbage collection")

    def collect_if_due(self) -> None:
        if self._due_since is not None:
            if self.clock() - self._due_since >= 2 * MOST_PUT_OFF_SECONDS:
                self._collect()  # the ask was lost (a screen closed before it drew)
            return  # waiting for a quiet turn already
        # The oldest generation's count: young collections since the last full one.
        if not gc.get_count()[2]:
            return  # nothing grew old
        self._due_since = self.clock()
        self._ask_after_refresh()

    def _ask_after_refresh(self) -> None:
        assert self._after_refresh is not None, "start() first"
        self._after_refresh(self._ask_turn)

    def _ask_turn(self, quiet_turns: int = 0) -> None:
        assert self._call_soon is not None, "start() first"
        self._call_soon(self._turn, self.cpu_clock(), quiet_turns)

    def _turn(self, asked: float, quiet_turns: int) -> None:
        if self._due_since is None:
            return  # collected meanwhile (a lost ask, above)
        busy = self.cpu_clock() - asked > QUIET_SECONDS
        if self.clock() - self._due_since < MOST_PUT_OFF_SECONDS:
            if busy:
                self._ask_after_refresh()  # a collection now would lengthen its pause
                return
            if quiet_turns + 1 < QUIET_TURNS:
                self._ask_turn(quiet_turns + 1)
                return
        self._collect()

    def _collect(self) -> None:
        self._due_since = None
        gc.collect(2)
        self.full_collections += 1

    def screen_built(self) -> None:
        """A screen shown for the first time lives all day: frozen with what lives now, so
        that full collections do not walk it (before the warm-up's freezes, a full
        collection walking the first screens built took 70 ms)."""
        gc.freeze()

    def exchange_recorded(self, total: int) -> None:
        if total in self.freeze_at:
            gc.freeze()

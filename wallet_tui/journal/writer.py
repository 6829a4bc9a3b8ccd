"""The journal's writes, off the event loop.

Each line is fsynced before the request it announces leaves, and an fsync can take tens of
milliseconds on a busy disk (38, 60 and 81 ms measured while the working-day benchmark ran,
issue 15): on the event loop that is a pause the operator feels. Here the writes run on one
thread of their own, in the order they were asked (one worker: first in, first written), and
the caller awaits its line being on disk while the loop goes on drawing and taking keys."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class JournalThread:
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    async def run(self, write: Callable[[], T]) -> T:
        """`write()`'s value (or its error) once it has run on the journal's thread. A
        caller cancelled while waiting does not take the line back: once asked, it is
        written (an entry announced is never half-told)."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        return await asyncio.shield(asyncio.get_running_loop().run_in_executor(self._pool, write))

    def close(self) -> None:
        """Waits for every write asked so far: none is lost when the desk quits."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

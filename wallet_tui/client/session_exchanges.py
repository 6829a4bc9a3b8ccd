"""The session's exchanges: the most recent ones in memory, the older ones on disk.

A desk stays open all day, and every exchange record costs a few KB: kept without a cap,
20 000 of them would be the largest thing in the process. So only a window of the most
recent ones is kept in memory (what the inspector lists); each one that falls out of it is
appended, already masked, as one JSON line to the session's exchange log, a 0600 file made
on the first spill. `everything()` reads the log back, so the session report and "save all"
still see the whole session.

As a sequence this object is the window (oldest first): `len()`, indexing and iteration
see the kept exchanges only; `total` counts the whole session."""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, overload

from .exchange import Exchange

DEFAULT_WINDOW = 200  # F9 lists them all: a few tens of ms to open on a free core
LEAST_WINDOW = 10
_FILE_MODE = 0o600


def exchange_from_dict(data: dict) -> Exchange:
    """An exchange as `Exchange.to_dict` wrote it (masking it again changes nothing)."""
    return Exchange(**{**data, "started_at": datetime.fromisoformat(data["started_at"])})


def read_exchange_log(path: Path, count: int | None = None) -> list[Exchange]:
    """The first `count` exchanges of a session's exchange log (all when None)."""
    exchanges: list[Exchange] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if count is not None and len(exchanges) >= count:
                break
            if line.strip():
                exchanges.append(exchange_from_dict(json.loads(line)))
    return exchanges


def session_log_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return f"session-{stamp}-{os.getpid()}.jsonl"


class SessionExchanges(Sequence[Exchange]):
    def __init__(self, log_dir: Callable[[], Path] | None = None,
                 window: int = DEFAULT_WINDOW) -> None:
        """`log_dir` gives (and prepares, 0700) the directory of the exchange log; called
        on the first spill only. Without it the older exchanges are dropped."""
        self._log_dir = log_dir
        self._kept: deque[Exchange] = deque()
        self._window = max(LEAST_WINDOW, window)
        self.total = 0  # every exchange of the session, kept or spilled
        self.spilled = 0  # how many of them are in the log (the oldest ones)
        self.log_path: Path | None = None
        self._log: IO[str] | None = None

    @property
    def window(self) -> int:
        return self._window

    @window.setter
    def window(self, size: int) -> None:
        self._window = max(LEAST_WINDOW, size)
        self._trim()

    @property
    def first_kept(self) -> int:
        """The session-wide number (from 0) of the oldest exchange still in memory."""
        return self.total - len(self._kept)

    def append(self, exchange: Exchange) -> None:
        self._kept.append(exchange)
        self.total += 1
        self._trim()

    def since(self, number: int) -> list[Exchange]:
        """The kept exchanges numbered `number` and later (session-wide numbers)."""
        skip = max(0, number - self.first_kept)
        return list(self._kept)[skip:] if skip else list(self._kept)

    def everything(self) -> list[Exchange]:
        """The whole session, oldest first: the log's exchanges, then the kept ones."""
        kept, spilled = list(self._kept), self.spilled
        if not spilled or self.log_path is None:
            return kept
        return [*read_exchange_log(self.log_path, spilled), *kept]

    def snapshot(self) -> tuple[Path | None, int, list[Exchange]]:
        """(log, how many of its lines count, the kept ones): taken on the UI thread, read
        in full elsewhere with `read_snapshot` (the log only ever grows at its end)."""
        return self.log_path, self.spilled, list(self._kept)

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    # -- sequence of the kept ones ---------------------------------------------------------

    def __len__(self) -> int:
        return len(self._kept)

    @overload
    def __getitem__(self, index: int) -> Exchange: ...
    @overload
    def __getitem__(self, index: slice) -> list[Exchange]: ...
    def __getitem__(self, index: int | slice) -> Exchange | list[Exchange]:
        if isinstance(index, slice):
            return list(self._kept)[index]
        return self._kept[index]

    def __iter__(self) -> Iterator[Exchange]:
        return iter(list(self._kept))  # a copy: the UI may append while a caller iterates

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self._kept) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # -- internals -------------------------------------------------------------------------

    def _trim(self) -> None:
        while len(self._kept) > self._window:
            self._spill(self._kept.popleft())

    def _spill(self, exchange: Exchange) -> None:
        log = self._open_log()
        if log is not None:
            try:
                log.write(json.dumps(exchange.to_dict(), ensure_ascii=False) + "\n")
                log.flush()  # a report read from another thread sees every counted line
            except OSError:
                # A full disk drops the older exchanges from then on; it never stops the desk.
                self.close()
                self._log_dir = None
                return
            self.spilled += 1

    def _open_log(self) -> IO[str] | None:
        if self._log is not None or self._log_dir is None or self.log_path is not None:
            return self._log
        try:
            path = self._log_dir() / session_log_name()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, _FILE_MODE)
        except OSError:
            self._log_dir = None  # no place for it: older exchanges are dropped from now on
            return None
        self._log = os.fdopen(fd, "a", encoding="utf-8")
        self.log_path = path
        return self._log


def read_snapshot(snapshot: tuple[Path | None, int, list[Exchange]]) -> list[Exchange]:
    """The whole session as `SessionExchanges.snapshot` saw it."""
    path, spilled, kept = snapshot
    if not spilled or path is None:
        return kept
    return [*read_exchange_log(path, spilled), *kept]

"""Everything one sandbox instance holds: its database, clock, faults and idempotency store."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from wallet_tui.protocol.models import Faults

from . import demo, tokens
from .clock import Clock, SystemClock
from .db import Database
from .faults import FaultState
from .idempotency import IdempotencyStore
from .withdrawals import has_due_withdrawals, settle_due
from .units import to_micros
from .views import Ctx

SEEDED = "seeded"
# Housekeeping (expired keys and tokens) runs once per this many transactions.
PURGE_EVERY = 1000


class SandboxState:
    def __init__(
        self,
        db_path: str | Path,
        *,
        clock: Clock | None = None,
        token_ttl: int | None = None,
        rng: random.Random | None = None,
        reset: bool = False,
    ) -> None:
        self.database = Database(db_path)
        self.clock: Clock = clock or SystemClock()
        defaults = Faults() if token_ttl is None else Faults(token_ttl_seconds=token_ttl)
        self.faults = FaultState(defaults, rng or random.Random())
        self.idempotency = IdempotencyStore(self.database)
        self._reset_pending = reset
        self._ready = False
        self._transactions = 0

    def now(self) -> int:
        return to_micros(self.clock.now())

    def ensure_ready(self) -> None:
        """Opens the file; seeds the demo data on first start (or when asked to reset)."""
        if self._ready:
            return
        with self.database.transaction() as conn:
            if self._reset_pending or self.database.meta(SEEDED) is None:
                demo.clear(conn)
                demo.seed(conn, self.now())
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (SEEDED,))
            self._housekeeping(conn)
        self._reset_pending = False
        self._ready = True

    def reset(self) -> None:
        self.ensure_ready()
        with self.database.transaction() as conn:
            demo.clear(conn)
            demo.seed(conn, self.now())
        self.faults.reset()

    def partner_of(self, authorization: str | None) -> str:
        self.ensure_ready()
        return tokens.partner_of(self.database.connection, authorization, self.now())

    def settlement_due(self) -> bool:
        self.ensure_ready()
        return has_due_withdrawals(self.database.connection, self.now())

    def context(self, partner_id: str, *, settle: bool = True) -> Ctx:
        """Call inside a transaction: settles due withdrawals (in a write transaction), then
        gives the work its view."""
        conn = self.database.connection
        now = self.now()
        ctx = Ctx(conn, partner_id, now, self.faults.current)
        if settle and has_due_withdrawals(conn, now):
            settle_due(ctx)
        self._transactions += 1
        if self._transactions % PURGE_EVERY == 0:
            self._housekeeping(conn)
        return ctx

    def _housekeeping(self, conn: sqlite3.Connection) -> None:
        now = self.now()
        self.idempotency.purge_expired(conn, now)
        tokens.purge_expired(conn, now)

    def close(self) -> None:
        self.database.close()
        self._ready = False

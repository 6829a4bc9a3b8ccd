"""Idempotency keys (contract: Idempotency).

A (partner, key) row is first *held* (RUNNING, in its own short transaction) so a concurrent
repeat sees REQUEST_IN_PROGRESS; the answer is then stored in the same transaction as the work,
so after a crash either both the money move and its answer exist, or neither.

A RUNNING row names the process holding it. A repeat may take the key over when that process
is gone (killed mid-request, then restarted), or when the hold's lease (in real time) ran out,
so a crash never blocks a key for 24 hours."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from wallet_tui.protocol import ErrorName, wire

from .db import Database
from .errors import SandboxError, invalid
from .units import MICROS, seconds

KEEP_SECONDS = 24 * 3600
# How long a held key outlives the work it waits for before a repeat may take it over.
LEASE_GRACE_SECONDS = 30

RUNNING = "RUNNING"
DONE = "DONE"


@dataclass(frozen=True)
class Held:
    partner_id: str
    key: str
    owner: str


@dataclass(frozen=True)
class Replay:
    status: int
    body: bytes


_KEY = re.compile(wire.IDEMPOTENCY_KEY_PATTERN)


def check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise invalid([(
            wire.IDEMPOTENCY_KEY,
            f"must be 1 to {wire.IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters, "
            "with no space at either end",
        )])
    return key


def fingerprint(method: str, path: str, body: Any) -> str:
    """Same method, path and JSON body (key order and spacing aside) give the same print."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # surrogatepass: a lone surrogate is refused before this, and must never make it a 500.
    text = f"{method}\n{path}\n{canonical}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _wall_micros() -> int:
    return int(time.time() * MICROS)


# This process, as a holder of keys: pid plus a token that tells a restart with the same pid.
BOOT_ID = secrets.token_hex(4)


def _new_owner() -> str:
    return f"{os.getpid()}:{BOOT_ID}:{secrets.token_hex(4)}"


def _holder_is_gone(owner: str) -> bool:
    pid_text, boot_id, _ = (owner.split(":") + ["", "", ""])[:3]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return boot_id != BOOT_ID
    if os.name != "posix":
        return False  # no harmless liveness probe there: the lease decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class IdempotencyStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    def begin(
        self, partner_id: str, key: str, print_: str, now: int, work_seconds: float
    ) -> Held | Replay:
        """Replays a kept answer, refuses a conflict or a running twin, or holds the key."""
        with self._database.transaction() as conn:
            row = conn.execute(
                "SELECT * FROM idempotency WHERE partner_id = ? AND key = ?", (partner_id, key)
            ).fetchone()
            alive = row is not None and now < row["created_at"] + seconds(KEEP_SECONDS)
            if alive:
                if row["fingerprint"] != print_:
                    raise SandboxError(
                        ErrorName.IDEMPOTENCY_CONFLICT,
                        "This Idempotency-Key was used with another method, path or body",
                    )
                if row["state"] == DONE:
                    return Replay(row["status_code"], bytes(row["body"]))
                if row["lease_until"] > _wall_micros() and not _holder_is_gone(row["owner"]):
                    raise SandboxError(
                        ErrorName.REQUEST_IN_PROGRESS,
                        "A request with this Idempotency-Key is still running",
                        headers={wire.RETRY_AFTER: "1"},
                    )
            owner = _new_owner()
            lease_until = _wall_micros() + seconds(work_seconds + LEASE_GRACE_SECONDS)
            conn.execute(
                "INSERT OR REPLACE INTO idempotency (partner_id, key, fingerprint, state, owner,"
                " lease_until, status_code, body, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                (partner_id, key, print_, RUNNING, owner, lease_until, now),
            )
            return Held(partner_id, key, owner)

    @staticmethod
    def complete(conn: sqlite3.Connection, held: Held, status: int, body: bytes) -> bool:
        """Stores the answer inside the work's transaction; False if the hold was lost."""
        cursor = conn.execute(
            "UPDATE idempotency SET state = ?, status_code = ?, body = ?"
            " WHERE partner_id = ? AND key = ? AND owner = ?",
            (DONE, status, body, held.partner_id, held.key, held.owner),
        )
        return cursor.rowcount == 1

    def release(self, held: Held) -> None:
        """Forgets a hold whose answer is not kept (validation, 5xx, a crash in the work)."""
        with self._database.transaction() as conn:
            conn.execute(
                "DELETE FROM idempotency WHERE partner_id = ? AND key = ? AND owner = ?"
                " AND state = ?",
                (held.partner_id, held.key, held.owner, RUNNING),
            )

    @staticmethod
    def purge_expired(conn: sqlite3.Connection, now: int) -> None:
        conn.execute(
            "DELETE FROM idempotency WHERE created_at < ?", (now - seconds(KEEP_SECONDS),)
        )

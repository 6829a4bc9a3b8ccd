"""The sandbox's SQLite file: schema, one connection, short IMMEDIATE transactions.

All money moves happen inside `Database.transaction()`, which takes SQLite's write lock up front
(BEGIN IMMEDIATE): two processes sharing the file, or two requests, never interleave a
read-check-write. Within one process the event loop is the only user of the connection and a
transaction never awaits, so requests run one transaction at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .files import private_database

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE wallets (
    wallet_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    first_name TEXT, last_name TEXT, middle_name TEXT, email TEXT,
    status TEXT NOT NULL,
    identification TEXT NOT NULL,
    balance INTEGER NOT NULL CHECK (balance >= 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (partner_id, phone)
);

CREATE TABLE operations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    operation_id TEXT NOT NULL UNIQUE,
    wallet_id TEXT NOT NULL REFERENCES wallets (wallet_id),
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    fee INTEGER NOT NULL CHECK (fee >= 0),
    delta INTEGER NOT NULL,
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    external_id TEXT, description TEXT, payment_id TEXT, withdrawal_id TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX operations_by_wallet ON operations (wallet_id, seq);

CREATE TABLE payments (
    payment_id TEXT PRIMARY KEY,
    wallet_id TEXT NOT NULL REFERENCES wallets (wallet_id),
    status TEXT NOT NULL,
    amount INTEGER NOT NULL, fee INTEGER NOT NULL,
    description TEXT, external_id TEXT,
    expires_at INTEGER NOT NULL,
    operation_id TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE withdrawals (
    withdrawal_id TEXT PRIMARY KEY,
    wallet_id TEXT NOT NULL REFERENCES wallets (wallet_id),
    status TEXT NOT NULL,
    amount INTEGER NOT NULL, fee INTEGER NOT NULL,
    bank_id TEXT NOT NULL, phone TEXT NOT NULL,
    balance_after INTEGER NOT NULL,
    external_id TEXT, failure_reason TEXT,
    operation_id TEXT NOT NULL,
    settle_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX withdrawals_due ON withdrawals (settle_at) WHERE status = 'PROCESSING';

CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    family TEXT NOT NULL,
    partner_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL
);
CREATE INDEX tokens_by_family ON tokens (family);

CREATE TABLE idempotency (
    partner_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    owner TEXT NOT NULL,
    lease_until INTEGER NOT NULL,
    status_code INTEGER,
    body BLOB,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (partner_id, key)
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);
"""

# Run on every open, so files made by an earlier layout gain them too.
INDEXES = (
    "DROP INDEX IF EXISTS operations_by_month",
    # Covers the monthly turnover sum: only outgoing lines of the month are read, from the index.
    "CREATE INDEX IF NOT EXISTS operations_outgoing"
    " ON operations (wallet_id, type, created_at, status, amount, fee)",
)

TABLES = ("meta", "wallets", "operations", "payments", "withdrawals", "tokens", "idempotency")


class Database:
    """One SQLite connection to the sandbox file, opened on first use."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._open()
        return self._connection

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    def _open(self) -> sqlite3.Connection:
        private_database(self.path)
        # isolation_level=None: no implicit transactions; every one here is explicit.
        connection = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=5.0
        )
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode survives a killed process; only a power cut may lose the last commit.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        self._ensure_schema(connection)
        return connection

    def _ensure_schema(self, connection: sqlite3.Connection) -> None:
        connection.execute("BEGIN IMMEDIATE")
        try:
            has_meta = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            version = None
            if has_meta:
                row = connection.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'"
                ).fetchone()
                version = row["value"] if row else None
            if version != SCHEMA_VERSION:
                # Sandbox data is disposable: an older layout is replaced, then reseeded.
                for table in TABLES:
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
                )
            for statement in INDEXES:
                connection.execute(statement)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception. Never await inside."""
        connection = self.connection
        if connection.in_transaction:
            raise RuntimeError("transactions do not nest; use savepoint()")
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A read-only snapshot (deferred BEGIN): takes no write lock, so it never waits for
        another process's writer and never makes one wait."""
        connection = self.connection
        if connection.in_transaction:
            raise RuntimeError("transactions do not nest; use savepoint()")
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")

    @contextmanager
    def savepoint(self, name: str = "work") -> Iterator[sqlite3.Connection]:
        """A part of the current transaction that an exception undoes alone."""
        connection = self.connection
        connection.execute(f"SAVEPOINT {name}")
        try:
            yield connection
        except BaseException:
            connection.execute(f"ROLLBACK TO {name}")
            connection.execute(f"RELEASE {name}")
            raise
        connection.execute(f"RELEASE {name}")

    def meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

"""Reads a sandbox's SQLite file directly and says whether its money adds up.

Independent of the sandbox's own code on purpose: a check that used the sandbox's views
would agree with whatever the sandbox got wrong."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Audit:
    wallets: int = 0
    operations: int = 0
    problems: list[str] = field(default_factory=list)
    # (external id, operation type) -> how many ledger lines carry it
    by_external_id: Counter[tuple[str, str]] = field(default_factory=Counter)

    def count(self, external_id: str, kind: str) -> int:
        return self.by_external_id[(external_id, kind)]


def _rows(conn: sqlite3.Connection, sql: str, *args: object) -> list[sqlite3.Row]:
    return conn.execute(sql, args).fetchall()


def audit(db_path: str | Path) -> Audit:
    """Balances against ledgers, and every payment and withdrawal done whole or not at all."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return _audit(conn)
    finally:
        conn.close()


def _audit(conn: sqlite3.Connection) -> Audit:
    result = Audit()
    result.wallets = conn.execute("SELECT COUNT(*) FROM wallets").fetchone()[0]
    result.operations = conn.execute("SELECT COUNT(*) FROM operations").fetchone()[0]
    problems = result.problems

    for row in _rows(conn, """
        SELECT w.wallet_id, w.balance, COALESCE(SUM(o.delta), 0) AS ledger
        FROM wallets w LEFT JOIN operations o ON o.wallet_id = w.wallet_id
        GROUP BY w.wallet_id HAVING w.balance != ledger"""):
        problems.append(f"wallet {row['wallet_id']}: balance {row['balance']} != ledger {row['ledger']}")
    for row in _rows(conn, "SELECT wallet_id, balance FROM wallets WHERE balance < 0"):
        problems.append(f"wallet {row['wallet_id']}: negative balance {row['balance']}")
    # Each line's balance_after is the running sum of the wallet's deltas up to it.
    for row in _rows(conn, """
        SELECT o.operation_id, o.balance_after,
               (SELECT SUM(p.delta) FROM operations p
                 WHERE p.wallet_id = o.wallet_id AND p.seq <= o.seq) AS running
        FROM operations o WHERE o.balance_after != running"""):
        problems.append(f"operation {row['operation_id']}: balance_after {row['balance_after']}"
                        f" != running sum {row['running']}")

    # Payments: SUCCEEDED has exactly one PAYMENT line, anything else has none.
    for row in _rows(conn, """
        SELECT p.payment_id, p.status, p.operation_id,
               (SELECT COUNT(*) FROM operations o WHERE o.payment_id = p.payment_id
                  AND o.type = 'PAYMENT') AS lines
        FROM payments p"""):
        expected = 1 if row["status"] == "SUCCEEDED" else 0
        if row["lines"] != expected or (expected == 1) != (row["operation_id"] is not None):
            problems.append(f"payment {row['payment_id']} {row['status']}: {row['lines']} ledger"
                            f" lines, operation_id {row['operation_id']}")
    for row in _rows(conn, """
        SELECT o.operation_id FROM operations o WHERE o.type = 'PAYMENT' AND NOT EXISTS
          (SELECT 1 FROM payments p WHERE p.payment_id = o.payment_id
             AND p.operation_id = o.operation_id AND p.status = 'SUCCEEDED')"""):
        problems.append(f"PAYMENT line {row['operation_id']} has no succeeded payment")

    # Withdrawals: one debit line in the withdrawal's own status; a refund exactly when FAILED.
    for row in _rows(conn, """
        SELECT w.withdrawal_id, w.status, w.amount + w.fee AS total,
          (SELECT COUNT(*) FROM operations o WHERE o.withdrawal_id = w.withdrawal_id
             AND o.type = 'WITHDRAWAL' AND o.status = w.status AND o.delta = -(w.amount + w.fee)
             AND o.operation_id = w.operation_id) AS debits,
          (SELECT COUNT(*) FROM operations o WHERE o.withdrawal_id = w.withdrawal_id
             AND o.type = 'WITHDRAWAL') AS all_debits,
          (SELECT COUNT(*) FROM operations o WHERE o.withdrawal_id = w.withdrawal_id
             AND o.type = 'WITHDRAWAL_REFUND' AND o.delta = w.amount + w.fee) AS refunds,
          (SELECT COUNT(*) FROM operations o WHERE o.withdrawal_id = w.withdrawal_id
             AND o.type = 'WITHDRAWAL_REFUND') AS all_refunds
        FROM withdrawals w"""):
        refunds = 1 if row["status"] == "FAILED" else 0
        if (row["debits"], row["all_debits"], row["refunds"], row["all_refunds"]) != (
            1, 1, refunds, refunds
        ):
            problems.append(f"withdrawal {row['withdrawal_id']} {row['status']}: debits"
                            f" {row['all_debits']}, refunds {row['all_refunds']}")
    for row in _rows(conn, """
        SELECT o.operation_id FROM operations o
        WHERE o.type IN ('WITHDRAWAL', 'WITHDRAWAL_REFUND') AND NOT EXISTS
          (SELECT 1 FROM withdrawals w WHERE w.withdrawal_id = o.withdrawal_id)"""):
        problems.append(f"withdrawal line {row['operation_id']} has no withdrawal")

    for row in _rows(conn, """
        SELECT external_id, type, COUNT(*) AS n FROM operations
        WHERE external_id IS NOT NULL GROUP BY external_id, type"""):
        result.by_external_id[(row["external_id"], row["type"])] = row["n"]
    return result

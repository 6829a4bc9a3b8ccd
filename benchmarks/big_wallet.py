"""Big wallets and a big ledger: the sandbox answers as fast as for small ones.

Through the desk's own client (WalletClient over the in-process sandbox), one call at a time:
1. on an otherwise empty ledger (the demo wallets), a wallet with 10 operations: lookup by
   id, lookup by phone, its first history page, a refill;
2. the ledger then filled to --ledger rows (default 1 000 000) straight into SQLite, one
   wallet of them holding --big operations (default 100 000), its history a mix of refills
   and payments spread over the past year; the same calls on the small wallet again, and
   on the big wallet, whose history is read at its first page, at offset 50 000 and at its
   last page.

Printed: the median of each call, and the ratios big wallet / small wallet and 1 000 000-row
ledger / empty ledger (bounds: 1.5). The last line says whether every ratio is within.

    .venv/bin/python benchmarks/big_wallet.py [--ledger 1000000] [--big 100000] [--calls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from wallet_tui.cli import sandbox_connect
from wallet_tui.client import Credentials, WalletClient
from wallet_tui.protocol import wire
from wallet_tui.protocol.models import RefillRequest, RegistrationRequest
from wallet_tui.sandbox.inprocess import InProcessSandbox
from wallet_tui.sandbox.units import to_micros

BOUND = 1.5
PAGE = 10  # a page the small wallet fills too: like is compared with like
SMALL_PHONE = "+79990000010"
BIG_PHONE = "+79990100000"
YEAR_MICROS = 365 * 86_400 * 1_000_000


async def interleaved(calls: int, *named: Callable[[], Awaitable[object]]) -> list[float]:
    """The median time of each of `named`, in ms, over `calls` rounds in which each is called
    once in turn: the load of a shared machine falls on all of them alike (5 rounds first,
    not counted: caches, first compiles)."""
    samples: list[list[float]] = [[] for _ in named]
    for round_ in range(calls + 5):
        for call, times in zip(named, samples):
            started = time.perf_counter()
            await call()
            if round_ >= 5:
                times.append(time.perf_counter() - started)
    return [statistics.median(times) * 1000 for times in samples]


def fill(db: Path, big_wallet: str, big: int, ledger: int) -> None:
    """Writes `big` operations for `big_wallet` and `ledger - big` more over other wallets,
    keeping the sandbox's invariants (balance = sum of deltas, places, counts)."""
    rng = random.Random(15)
    now = to_micros(datetime.now(UTC))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    partner = wire.DEMO_PARTNER_ID

    def history(wallet_id: str, count: int) -> tuple[list[tuple], int]:
        rows, balance = [], 0
        moments = sorted(now - rng.randrange(YEAR_MICROS) for _ in range(count))
        for place, moment in enumerate(moments, start=1):
            if balance >= 10_000 and rng.random() < 0.5:  # a payment of 100.00
                kind, amount, delta, payment_id = "PAYMENT", 10_000, -10_000, str(uuid.uuid4())
            else:  # a refill of 100.00
                kind, amount, delta, payment_id = "REFILL", 10_000, 10_000, None
            balance += delta
            rows.append((str(uuid.uuid4()), wallet_id, place, kind, "SUCCEEDED", amount, 0,
                         delta, balance, None, "filler", payment_id, None, moment))
        return rows, balance

    def write(wallet_id: str, phone: str | None, count: int) -> None:
        rows, balance = history(wallet_id, count)
        if phone is not None:  # a new wallet
            conn.execute(
                "INSERT INTO wallets (wallet_id, partner_id, phone, status, identification,"
                " balance, operation_count, created_at, updated_at)"
                " VALUES (?, ?, ?, 'ACTIVE', 'FULL', ?, ?, ?, ?)",
                (wallet_id, partner, phone, balance, count, now - YEAR_MICROS, now),
            )
        else:
            conn.execute("UPDATE wallets SET balance = ?, operation_count = ?, identification"
                         " = 'FULL' WHERE wallet_id = ?", (balance, count, wallet_id))
        conn.executemany(
            "INSERT INTO operations (operation_id, wallet_id, place, type, status, amount, fee,"
            " delta, balance_after, external_id, description, payment_id, withdrawal_id,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    write(big_wallet, None, big)
    others, per_wallet = 0, 100
    while big + others < ledger:
        count = min(per_wallet, ledger - big - others)
        number = 300_000_000_000 + others // per_wallet
        write(str(number), f"+7998{number % 10**7:07d}", count)
        others += count
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


async def sandbox_with_small_wallet(db: Path) -> tuple[WalletClient, str]:
    client = sandbox_connect(InProcessSandbox(db))()
    await client.login(Credentials(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET,
                                   wire.DEMO_PARTNER_ID))
    small = await client.register_wallet(RegistrationRequest(phone=SMALL_PHONE, first_name="Small"))
    for _ in range(10):
        await client.refill(small.wallet_id, RefillRequest(amount=Decimal("1.00")))
    return client, small.wallet_id


def spaced(number: int) -> str:
    return f"{number:_}".replace("_", " ")


def calls(client: WalletClient, wallet_id: str, phone: str,
          last_page: int) -> dict[str, Callable[[], Awaitable[object]]]:
    kopeck = RefillRequest(amount=Decimal("0.01"))
    middle = max(0, min(50_000, last_page // 2))
    return {
        "lookup by id": lambda: client.get_wallet(wallet_id),
        "lookup by phone": lambda: client.find_wallet_by_phone(phone),
        "history, first page": lambda: client.list_operations(wallet_id, limit=PAGE),
        "history, middle page": lambda: client.list_operations(wallet_id, limit=PAGE, offset=middle),
        "history, last page": lambda: client.list_operations(wallet_id, limit=PAGE, offset=last_page),
        "refill": lambda: client.refill(wallet_id, kopeck),
    }


async def main(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="big-wallet-"))
    empty_client, empty_small = await sandbox_with_small_wallet(folder / "empty.sqlite3")
    full_client, full_small = await sandbox_with_small_wallet(folder / "full.sqlite3")
    big = await full_client.register_wallet(RegistrationRequest(phone=BIG_PHONE, first_name="Big"))
    started = time.perf_counter()
    fill(folder / "full.sqlite3", big.wallet_id, args.big, args.ledger)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}. Ledger filled to"
          f" {spaced(args.ledger)} rows ({spaced(args.big)} on one wallet) in"
          f" {time.perf_counter() - started:.0f} s")
    print(f"Median of {args.calls} interleaved calls each, in ms. The small wallet has 10"
          f" operations; pages hold {PAGE} (all of the small wallet's, whose middle and last"
          " pages are its first)")
    on_empty = calls(empty_client, empty_small, SMALL_PHONE, 0)
    on_full = calls(full_client, full_small, SMALL_PHONE, 0)
    on_big = calls(full_client, big.wallet_id, BIG_PHONE, args.big - PAGE)
    ratios: list[tuple[str, float]] = []
    print(f"{'call':24} {'small, empty ledger':>20} {'small, big ledger':>18} {'ratio':>6}"
          f" {'big wallet':>11} {'ratio':>6}")
    for name in on_empty:
        empty_ms, full_ms, big_ms = await interleaved(
            args.calls, on_empty[name], on_full[name], on_big[name])
        ratios += [(f"ledger: {name}", full_ms / empty_ms), (f"big: {name}", big_ms / full_ms)]
        print(f"{name:24} {empty_ms:20.2f} {full_ms:18.2f} {full_ms / empty_ms:6.2f}"
              f" {big_ms:11.2f} {big_ms / full_ms:6.2f}")
    await empty_client.aclose()
    await full_client.aclose()
    worst_name, worst = max(ratios, key=lambda pair: pair[1])
    verdict = "within" if worst <= BOUND else "OVER"
    print(f"big wallet / small wallet and {spaced(args.ledger)}-row ledger / empty: worst"
          f" {worst:.2f}x ({worst_name}), bound {BOUND}x: {verdict}")
    return 0 if worst <= BOUND else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=200)
    sys.exit(asyncio.run(main(parser.parse_args())))

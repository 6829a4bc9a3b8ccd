"""How fast is the sandbox? Starts `wallet-tui sandbox serve` on a free loopback port in a temp
dir, runs a bounded mixed load from concurrent httpx clients (lookups, refills, payment
initialise + confirm), and prints requests/s, p50 and p99; then the median time of one call
through InProcessTransport (the desk's embedded sandbox).

    .venv/bin/python benchmarks/sandbox_throughput.py [--requests 4000] [--clients 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from wallet_tui.protocol import wire

LOGIN = {
    "grantType": wire.GRANT_CLIENT_CREDENTIALS, "clientId": wire.DEMO_CLIENT_ID,
    "clientSecret": wire.DEMO_CLIENT_SECRET, "partnerId": wire.DEMO_PARTNER_ID,
}


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(db: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--port", "0", "--db", str(db),
         "--reset", "--token-ttl", "86400"],
        stdout=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    found = re.search(r"http://\S+", process.stdout.readline())
    if not found:
        process.kill()
        raise SystemExit("the sandbox did not start")
    return process, found.group(0)


async def prepare(client: httpx.AsyncClient, wallets: int) -> tuple[dict[str, str], list[str]]:
    token = (await client.post(wire.TOKEN, json=LOGIN)).json()["accessToken"]
    auth = {wire.AUTHORIZATION: f"Bearer {token}"}
    ids = []
    for n in range(wallets):
        body = {"phone": f"+7900{n:07d}"}
        wallet_id = (await client.post(wire.REGISTRATION, json=body, headers=auth)).json()["walletId"]
        await client.post(wire.identification(wallet_id, "FULL"), headers=auth)
        await client.post(wire.refill(wallet_id), json={"amount": "500000.00", "currency": wire.CURRENCY}, headers=auth)
        ids.append(wallet_id)
    return auth, ids


async def one_operation(
    client: httpx.AsyncClient, auth: dict[str, str], wallet_id: str, rng: random.Random,
    timings: list[float],
) -> None:
    async def timed(method: str, path: str, body: object = None) -> httpx.Response:
        started = time.perf_counter()
        response = await client.request(method, path, json=body, headers=auth)
        timings.append(time.perf_counter() - started)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
        return response

    roll = rng.random()
    if roll < 0.3:
        await timed("GET", wire.wallet(wallet_id))
    elif roll < 0.4:
        await timed("GET", wire.operations(wallet_id))
    elif roll < 0.5:
        await timed("GET", wire.BANKS)
    elif roll < 0.75:
        await timed("POST", wire.refill(wallet_id), {"amount": "1.00", "currency": wire.CURRENCY})
    else:
        payment = await timed("POST", wire.payment_initialization(wallet_id), {"amount": "1.00", "currency": wire.CURRENCY})
        await timed("POST", wire.payment_confirmation(wallet_id), {"paymentId": payment.json()["paymentId"]})


async def http_load(
    url: str, requests: int, clients: int, per_client: int, server_pid: int
) -> None:
    async with httpx.AsyncClient(base_url=url, verify=False) as setup:
        auth, wallet_ids = await prepare(setup, clients * per_client)
    timings: list[float] = []
    rng = random.Random(1)
    pool = [
        httpx.AsyncClient(base_url=url, verify=False, limits=httpx.Limits(max_connections=per_client))
        for _ in range(clients)
    ]

    async def worker(client: httpx.AsyncClient, wallet_id: str) -> None:
        while len(timings) < requests:
            await one_operation(client, auth, wallet_id, rng, timings)

    server_cpu, client_cpu = cpu_seconds(server_pid), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(
        worker(pool[n % clients], wallet_id) for n, wallet_id in enumerate(wallet_ids)
    ))
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    server_after = cpu_seconds(server_pid)
    for client in pool:
        await client.aclose()
    timings.sort()
    count = len(timings)
    print(f"HTTP, one uvicorn worker, {clients} clients x {per_client} in flight, mixed load:")
    print(f"  {count} requests in {elapsed:.2f} s = {count / elapsed:.0f} requests/s")
    print(f"  p50 {timings[count // 2] * 1000:.1f} ms, p99 {timings[int(count * 0.99)] * 1000:.1f} ms")
    if server_cpu is not None and server_after is not None:
        per_call = (server_after - server_cpu) / count
        print(f"  server CPU {per_call * 1000:.2f} ms a request (at most {1 / per_call:.0f}/s on one"
              f" free core); this load generator's own CPU {client_cpu / count * 1000:.2f} ms")


async def inprocess_median(db: Path, calls: int) -> None:
    from wallet_tui.sandbox.inprocess import InProcessSandbox
    from wallet_tui.sandbox.testing import connect

    async with connect(InProcessSandbox(db)) as client:
        auth, (wallet_id,) = await prepare(client, 1)
        lookups, refills = [], []
        for _ in range(calls):
            started = time.perf_counter()
            await client.get(wire.wallet(wallet_id), headers=auth)
            lookups.append(time.perf_counter() - started)
            started = time.perf_counter()
            await client.post(wire.refill(wallet_id), json={"amount": "1.00", "currency": wire.CURRENCY}, headers=auth)
            refills.append(time.perf_counter() - started)
    print("In process (InProcessTransport), one call at a time:")
    print(f"  median lookup {statistics.median(lookups) * 1000:.2f} ms, "
          f"median refill {statistics.median(refills) * 1000:.2f} ms, "
          f"median of both {statistics.median(lookups + refills) * 1000:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--in-flight", type=int, default=4, help="concurrent calls per client")
    parser.add_argument("--inprocess-calls", type=int, default=500)
    args = parser.parse_args()
    if hasattr(os, "getloadavg"):
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run")
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_server(Path(tmp) / "served.sqlite3")
        try:
            asyncio.run(http_load(url, args.requests, args.clients, args.in_flight, process.pid))
        finally:
            process.terminate()
            process.wait(10)
        asyncio.run(inprocess_median(Path(tmp) / "inprocess.sqlite3", args.inprocess_calls))


if __name__ == "__main__":
    main()

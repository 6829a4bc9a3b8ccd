"""Item 3 — tokens that live 2 s, through ten minutes of sandbox time (the ManualClock, which
the client reads too), with many calls in flight at each expiry. The operator never sees an
auth error, and each expiry costs exactly one refresh however many calls wanted one.

Half of the expiries happen before a round of calls (the client renews ahead), half while
the round's first request is on its way (the server answers 401 to every call that carried
the old token, and they must share one refresh)."""

from __future__ import annotations

import asyncio
import json
import random
from decimal import Decimal

import httpx
import pytest

from wallet_tui.client import Exchange, WalletClient
from wallet_tui.protocol import wire

from .support import Op, Shared, faults, full_wallets, make_client, perform, tally

TTL = 2
FLOW_SECONDS = 600
MAX_IN_FLIGHT = 12


class InTransit(httpx.AsyncBaseTransport):
    """Holds the next `calls` requests until all of them are on their way, then moves the
    sandbox clock and lets them arrive: every one carries a token that expired on the way,
    as on a slow network."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock) -> None:
        self.inner = inner
        self.clock = clock
        self.pending = 0.0
        self._waiting = 0
        self._all_sent = asyncio.Event()

    def expire_in_transit(self, step: float, calls: int) -> None:
        self.pending, self._waiting = step, calls
        self._all_sent = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._waiting:
            self._waiting -= 1
            gate = self._all_sent
            if self._waiting == 0:
                self.clock.advance(self.pending)
                self.pending = 0.0
                gate.set()
            else:
                await asyncio.wait_for(gate.wait(), timeout=5)
        return await self.inner.handle_async_request(request)


def is_refresh(exchange: Exchange) -> bool:
    if exchange.path != wire.TOKEN or not exchange.request_body:
        return False
    return json.loads(exchange.request_body).get("grantType") == wire.GRANT_REFRESH_TOKEN


async def one_call(client: WalletClient, rng: random.Random, wallet_id: str, n: int) -> Op:
    """A refill, payment or withdrawal (half the time), else a read."""
    kind = rng.choice(("refill", "payment", "withdrawal", "wallet", "history", "banks"))
    if kind in ("refill", "payment", "withdrawal"):
        amount = Decimal(rng.randrange(100, 90000)).scaleb(-2)
        return await perform(client, Op(kind, wallet_id, amount, f"ttl-{n:05d}").with_keys())
    op = Op(kind, wallet_id, Decimal(0), f"read-{n:05d}")
    try:
        if kind == "wallet":
            op.result = await client.get_wallet(wallet_id)
        elif kind == "history":
            op.result = await client.list_operations(wallet_id, limit=5)
        else:
            op.result = await client.list_banks()
    except Exception as error:  # noqa: BLE001 - judged below
        op.error = error
    return op


@pytest.mark.slow
async def test_short_lived_tokens_never_reach_the_operator_and_renew_once_per_expiry(
    sandbox, figures
):
    exchanges: list[Exchange] = []
    transit = InTransit(Shared(sandbox.transport), sandbox.clock)
    async with make_client(transit, exchanges=exchanges, wall=sandbox.clock) as client:
        await expire_and_count(client, transit, sandbox, exchanges, figures)


async def expire_and_count(client, transit, sandbox, exchanges, figures) -> None:
    wallets = await full_wallets(client, 4, "50000")
    await faults(client, token_ttl_seconds=TTL)
    await client.login()  # from here on, tokens live 2 s
    logins_before = client.token_state.logins
    rng = random.Random(3)

    rounds = {"expiry ahead": 0, "expiry in transit": 0, "quiet": 0}
    unauthorized = 0
    resent_in_transit = []
    in_flight_at_expiry = []
    flow_start = sandbox.clock.now()
    n = 0
    while (sandbox.clock.now() - flow_start).total_seconds() < FLOW_SECONDS:
        issued = client.token_state.access_expires_at.timestamp() - TTL
        now = sandbox.clock.now().timestamp()
        kind = rng.choice(("expiry ahead", "expiry in transit", "quiet"))
        if kind == "quiet":  # stays well before the early-renewal point (90 % of the life)
            step = rng.uniform(0, max(0.0, issued + 0.8 * TTL - now))
        else:  # the token is past its life, not merely near its end
            step = max(0.0, issued + TTL - now) + rng.uniform(0.01, 3 * TTL)
        calls = rng.randint(1, MAX_IN_FLIGHT)
        if kind == "expiry in transit":
            transit.expire_in_transit(step, calls)
        else:
            sandbox.clock.advance(step)
        seen = len(exchanges)
        ops = await asyncio.gather(*(
            one_call(client, rng, rng.choice(wallets), n + i) for i in range(calls)
        ))
        n += calls
        assert transit.pending == 0.0
        failures = [(op.kind, repr(op.error)) for op in ops if op.error is not None]
        assert failures == [], f"round {sum(rounds.values())} ({kind}): {failures}"
        this_round = exchanges[seen:]
        refreshes = sum(map(is_refresh, this_round))
        assert refreshes == (0 if kind == "quiet" else 1), (kind, calls, refreshes)
        rejected = sum(e.status == 401 for e in this_round)
        unauthorized += rejected
        if kind == "expiry in transit":
            # Every call of the round carried the expired token: all were refused, one
            # refresh served them all, and each was sent again.
            assert rejected == calls, (calls, rejected)
            resent_in_transit.append(calls)
        if kind != "quiet":
            in_flight_at_expiry.append(calls)
        rounds[kind] += 1

    state = client.token_state
    assert state.logins == logins_before, "a refused refresh would have forced a new login"
    expiries = rounds["expiry ahead"] + rounds["expiry in transit"]
    assert state.refreshes == expiries == sum(map(is_refresh, exchanges))
    assert unauthorized == sum(resent_in_transit)  # ahead of expiry, nothing is refused
    figures.update(
        sandbox_seconds=round((sandbox.clock.now() - flow_start).total_seconds()),
        rounds=rounds, expiries=expiries, refreshes=state.refreshes, calls=n,
        answered_401_then_resent=unauthorized, auth_errors_shown=0,
        calls_in_flight_at_expiry=tally(in_flight_at_expiry),
    )

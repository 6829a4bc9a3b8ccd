"""The rows of `wallet-tui check` (wallet_tui/check/rows.py) are contract tests of the sandbox
too: each row runs here against the in-process sandbox and against `wallet-tui sandbox serve`,
through a WalletClient, exactly as the check runs it against a partner's server. One list of
rules for both, so the check and these tests cannot drift apart."""

from __future__ import annotations

import httpx
import pytest

from wallet_tui.check import ROWS, CheckContext, Partner, Row, Verdict, run_row
from wallet_tui.client import Credentials, WalletClient, remote_transport
from wallet_tui.protocol.paths import DEFAULT_PATHS

from conftest import DEMO, OTHER, Sandbox, SharedTransport

READ_WALLETS = ["100000000001", "100000000002"]
# ANONYMOUS 1 500.00 and SIMPLIFIED 25 000.00: every money row finds a wallet that fits.
TEST_WALLETS = ["100000000002", "100000000001"]
CLEANUP = next(row for row in ROWS if row.id == "money.cleanup")


def not_here(row: Row, mode: str) -> str | None:
    """Why a row cannot run on this sandbox (it then must say so, not pass or fail)."""
    if row.id.startswith("transport."):
        return "not applicable: the profile uses plain http"
    return None


def context_on(sandbox: Sandbox, request: pytest.FixtureRequest) -> CheckContext:
    if sandbox.mode == "inprocess":
        shared = SharedTransport(request.getfixturevalue("inprocess_transport"))
        base_url = "http://sandbox"

        def connect(**kwargs) -> WalletClient:
            return WalletClient(base_url=base_url, transport=shared, **kwargs)
    else:
        base_url = request.getfixturevalue("served_url")

        def connect(**kwargs) -> WalletClient:
            transport = remote_transport(base_url, allow_plain_http=True)
            return WalletClient(base_url=base_url, transport=transport, **kwargs)

    return CheckContext(
        connect=connect,
        partner=Partner(Credentials(*DEMO), "demo"),
        other_partner=Partner(Credentials(*OTHER), "other"),
        base_url=base_url,
        paths=DEFAULT_PATHS,
        wallets=READ_WALLETS,
        test_wallets=TEST_WALLETS,
        money=True,
        in_process=sandbox.mode == "inprocess",
    )


@pytest.mark.parametrize("row", [row for row in ROWS if row is not CLEANUP], ids=lambda r: r.id)
async def test_the_sandbox_keeps_the_rule_of_each_row(
    row: Row, sandbox: Sandbox, request: pytest.FixtureRequest
):
    if row.id == "clock.date":
        pytest.skip("both sandboxes here run on pinned clocks (tests never read the wall clock):"
                    " their Date is far from ours by design; tests/check runs this row against"
                    " a served sandbox on real time")
    ctx = context_on(sandbox, request)
    try:
        result = await run_row(ctx, row)
        expected_skip = not_here(row, sandbox.mode)
        if expected_skip:
            assert result.verdict is Verdict.NOT_RUN, result
            assert result.note.startswith(expected_skip)
        else:
            assert result.verdict is Verdict.HOLDS, (result.note, result.evidence)
            assert result.exchange_numbers, "a row that holds has asked the server something"
        if row.needs_money:
            # What the row moved, the cleanup row puts back: the contract allows it.
            before = dict(ctx.starting_state)
            cleaned = await run_row(ctx, CLEANUP)
            assert cleaned.verdict is Verdict.HOLDS, cleaned.note
            await sandbox.login()  # the expiry row moves the clock past this test's token
            for wallet_id, (balance, level) in before.items():
                wallet = await sandbox.wallet(wallet_id)
                assert (wallet["balance"], wallet["identification"]) == (f"{balance:.2f}", level)
    finally:
        await ctx.aclose()


async def test_money_rows_are_not_run_without_money(sandbox: Sandbox, request):
    ctx = context_on(sandbox, request)
    ctx.money = False
    try:
        before = await sandbox.balance("100000000002")
        results = [await run_row(ctx, row) for row in ROWS if row.needs_money]
        assert {result.verdict for result in results} == {Verdict.NOT_RUN}
        assert all("--money" in result.note for result in results)
        assert await sandbox.balance("100000000002") == before
    finally:
        await ctx.aclose()


def test_every_row_has_a_unique_id_and_a_title():
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))
    assert all(row.title for row in ROWS)
    # What the issue names: these rules are each a row.
    for wanted in ("auth.token", "auth.refresh", "auth.rotation", "banks", "wallet.by_id",
                   "wallet.by_phone", "history.paging", "wallet.unknown", "auth.bad_token",
                   "auth.wrong_partner", "errors.malformed_body", "transport.tls",
                   "clock.date", "money.refill", "money.payment", "money.payment_expiry",
                   "money.withdrawal", "money.identification_required",
                   "money.idempotency_replay", "money.idempotency_conflict",
                   "money.request_in_progress"):
        assert wanted in ids


async def test_a_row_shows_the_answer_that_broke_it(sandbox: Sandbox, request):
    """A row that fails names the exchange that shows it: here, a wallet nobody has."""
    ctx = context_on(sandbox, request)
    ctx.wallets = ["100000000099"]
    try:
        result = await run_row(ctx, next(row for row in ROWS if row.id == "wallet.by_id"))
    finally:
        await ctx.aclose()
    assert result.verdict is Verdict.BROKEN
    assert "expected HTTP 200, got 404 WALLET_NOT_FOUND" in result.note
    shown = result.exchanges[result.exchange_numbers.index(result.evidence)]
    assert shown.status == 404 and shown.path.endswith("/100000000099")
    assert isinstance(httpx.URL(shown.url), httpx.URL)

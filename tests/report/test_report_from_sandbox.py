"""A report of a real session: the client's own records of calls to the in-process sandbox."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wallet_tui.cli import sandbox_connect
from wallet_tui.client import Credentials
from wallet_tui.protocol import (
    InsufficientFundsError,
    PaymentInitRequest,
    RefillRequest,
    WalletNotFoundError,
    wire,
)
from wallet_tui.report import save_report
from wallet_tui.sandbox.testing import fresh_sandbox

from .reading import html_tables, markdown_table

ANNA = "100000000001"


async def test_a_sandbox_session_reads_back_with_its_request_ids_and_no_secret(tmp_path):
    recorded = []
    credentials = Credentials(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET, wire.DEMO_PARTNER_ID)
    connect = sandbox_connect(fresh_sandbox(tmp_path), credentials=credentials)
    async with connect(on_exchange=recorded.append) as client:
        token = await client.login()
        await client.get_wallet(ANNA)
        key = "report-refill-1"
        await client.refill(ANNA, RefillRequest(amount=Decimal("100")), idempotency_key=key)
        await client.refill(ANNA, RefillRequest(amount=Decimal("100")), idempotency_key=key)
        with pytest.raises(InsufficientFundsError):
            await client.init_payment(ANNA, PaymentInitRequest(amount=Decimal("9000")))
        with pytest.raises(WalletNotFoundError):
            await client.get_wallet("999999999999")

    md_path, html_path = save_report(recorded, tmp_path / "reports", profile="sandbox",
                                     partner_id=wire.DEMO_PARTNER_ID)
    md, html = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")

    rows = markdown_table(md, "## Exchanges")
    assert [(r[2], r[3], r[4]) for r in rows] == [
        ("POST", wire.TOKEN, "200 OK"),
        ("GET", wire.wallet(ANNA), "200 OK"),
        ("POST", wire.refill(ANNA), "200 OK"),
        ("POST", wire.refill(ANNA), "200 OK"),
        ("POST", wire.payment_initialization(ANNA), "422 Unprocessable Entity"),
        ("GET", wire.wallet("999999999999"), "404 Not Found"),
    ]
    # Each row's requestId is the one the server sent back.
    sent_back = [e.response_headers.get(wire.REQUEST_ID) or e.response_headers.get("x-request-id")
                 for e in recorded]
    assert [r[6] for r in rows] == sent_back and all(sent_back)
    assert [r[7] for r in rows][-2:] == ["INSUFFICIENT_FUNDS", "WALLET_NOT_FOUND"]
    assert markdown_table(md, "## Summary")[0][:6] == ["6", "4", "0", "2", "0", "0"]
    assert markdown_table(md, "### Errors by name") == [
        ["INSUFFICIENT_FUNDS", "1"], ["WALLET_NOT_FOUND", "1"]]
    fourth = md.split("### 4. ")[1].split("### 5. ")[0]
    assert "| replayed | yes (Idempotent-Replayed: true) |" in fourth
    assert "| Idempotency-Key | report-refill-1 |" in fourth
    assert [r[2:5] for r in html_tables(html).tables["index"]] == [r[2:5] for r in rows]

    for text in (md, html):
        for secret in (wire.DEMO_CLIENT_SECRET, token.access_token, token.refresh_token):
            assert secret not in text
        assert "Authorization: Bearer ****" in text

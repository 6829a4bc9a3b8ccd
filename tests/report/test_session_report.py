"""A saved session report reads back with every exchange, the right summary, no secret and
no live markup from the bodies."""

from __future__ import annotations

import re
import stat
from datetime import UTC, datetime

import pytest

from wallet_tui.report import read_report, render_html, render_markdown, save_report

from .exchanges import SECRETS, session
from .reading import fenced_blocks, html_tables, markdown_table

GENERATED = datetime(2026, 11, 29, 10, 0, 0, tzinfo=UTC)

EXPECTED_ROWS = [
    ["1", "POST", "/api/auth/v1/token", "200 OK", "40.0 ms", "req-login", ""],
    ["2", "GET", "/api/wallet/v1/account/100000000001", "200 OK", "10.0 ms", "req-lookup", ""],
    ["3", "POST", "/api/wallet/v1/account/100000000001/refill", "200 OK", "30.0 ms", "req-refill", ""],
    ["4", "POST", "/api/wallet/v1/account/100000000001/payment/initialization",
     "422 Unprocessable Entity", "20.0 ms", "req-pay", "INSUFFICIENT_FUNDS"],
    ["5", "POST", "/api/wallet/v1/account/100000000001/refill", "200 OK", "50.0 ms", "req-refill", ""],
    ["6", "GET", "/api/wallet/v1/account/100000000001/operations", "—", "1 000.0 ms", "—",
     "ConnectError: connection refused"],
]
# exchanges, 2xx, 3xx, 4xx, 5xx, no response, total, median of 10,20,30,40,50,1000
EXPECTED_SUMMARY = ["6", "4", "0", "1", "0", "1", "1 150.0 ms", "35.0 ms"]
EXPECTED_ERRORS = [["ConnectError: connection refused", "1"], ["INSUFFICIENT_FUNDS", "1"]]


@pytest.fixture
def saved(tmp_path):
    md_path, html_path = save_report(
        session(), tmp_path / "reports", title="Demo <day>", profile="sandbox",
        partner_id="1001", generated_at=GENERATED,
    )
    return md_path, html_path


def _without_time(row: list[str]) -> list[str]:
    return [row[0], *row[2:]]


def test_save_writes_a_private_markdown_and_html_pair(saved, tmp_path):
    md_path, html_path = saved
    assert md_path.parent == html_path.parent == tmp_path / "reports"
    assert md_path.name == "wallet-tui-session-20261129-100000.md"
    assert html_path.name == "wallet-tui-session-20261129-100000.html"
    for path in saved:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_twice_in_the_same_second_keeps_both_reports(saved, tmp_path):
    again = save_report(session()[:1], tmp_path / "reports", profile="sandbox",
                        partner_id="1001", generated_at=GENERATED)
    assert again[0].name == "wallet-tui-session-20261129-100000-2.md"
    assert "req-pay" in saved[0].read_text(encoding="utf-8")
    assert "req-pay" not in again[0].read_text(encoding="utf-8")


def test_markdown_lists_every_exchange_in_order_with_its_facts(saved):
    text = saved[0].read_text(encoding="utf-8")
    rows = markdown_table(text, "## Exchanges")
    assert [_without_time(row) for row in rows] == EXPECTED_ROWS
    assert rows[0][1] == "2026-11-29 09:15:00.000Z"
    assert rows[1][1] == "2026-11-29 09:15:01.500Z"


def test_markdown_summary_counts_status_classes_durations_and_errors(saved):
    text = saved[0].read_text(encoding="utf-8")
    assert markdown_table(text, "## Summary") == [EXPECTED_SUMMARY]
    assert markdown_table(text, "### Errors by name") == EXPECTED_ERRORS


def test_html_tables_match_the_markdown(saved):
    tables = html_tables(saved[1].read_text(encoding="utf-8")).tables
    assert [_without_time(row) for row in tables["index"]] == EXPECTED_ROWS
    assert tables["summary"] == [EXPECTED_SUMMARY]
    assert tables["errors"] == EXPECTED_ERRORS


def test_json_bodies_are_pretty_printed_and_keep_cyrillic(saved):
    text = saved[0].read_text(encoding="utf-8")
    blocks = fenced_blocks(text)
    refill_request = '{\n  "amount": "100.00",\n  "currency": "RUB"\n}'
    assert refill_request in blocks
    assert '  "firstName": "Анна",' in text
    assert "  &quot;firstName&quot;: &quot;Анна&quot;," in saved[1].read_text(encoding="utf-8")


def test_the_replay_and_idempotency_key_are_shown(saved):
    text = saved[0].read_text(encoding="utf-8")
    fifth = text.split("### 5. ")[1].split("### 6. ")[0]
    assert "| Idempotency-Key | key-refill-1 |" in fifth
    assert "| replayed | yes (Idempotent-Replayed: true) |" in fifth


def test_no_secret_reaches_either_file(saved):
    for path in saved:
        text = path.read_text(encoding="utf-8")
        for secret in SECRETS:
            assert secret not in text
        assert "Authorization: Bearer ****" in text
    md = saved[0].read_text(encoding="utf-8")
    assert '"clientSecret": "****"' in md
    assert '"accessToken": "****"' in md
    assert '"refreshToken": "****"' in md


def test_secrets_in_text_that_is_not_json_are_masked_too():
    from dataclasses import replace

    from .exchanges import ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET

    login, lookup = session()[:2]
    cut = replace(login, response_body='{"accessToken": "' + ACCESS_TOKEN[:20])
    form = replace(login, request_body=f"clientSecret={CLIENT_SECRET}&clientId=demo-client")
    echo = replace(lookup, response_body=f"upstream said: token {REFRESH_TOKEN} is bad",
                   error=f"BadResponse: Authorization: Bearer {ACCESS_TOKEN} rejected")
    for render in (render_markdown, render_html):
        text = render(read_report([login, cut, form, echo], title="t", profile="p",
                                  partner_id="1001"))
        for secret in (ACCESS_TOKEN[:20], REFRESH_TOKEN, CLIENT_SECRET):
            assert secret not in text


def test_a_script_in_a_body_is_text_never_markup(saved):
    html = saved[1].read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<title>Demo &lt;day&gt;</title>" in html
    md = saved[0].read_text(encoding="utf-8")
    script_lines = [line for line in md.splitlines() if "<script>" in line]
    assert script_lines, "the body text is kept for the reader"
    assert all(any(line in block for block in fenced_blocks(md)) for line in script_lines)
    assert "# Demo &lt;day&gt;" in md


def test_html_is_self_contained(saved):
    html = saved[1].read_text(encoding="utf-8")
    tags = html_tables(html).tags
    assert not [t for t, _ in tags if t in {"script", "link", "img", "iframe", "object"}]
    for _, attributes in tags:
        for name in ("src", "href"):
            value = attributes.get(name)
            assert value is None or value.startswith("#"), value
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?https?:", html)


def test_a_pipe_or_newline_in_a_value_does_not_break_the_markdown_table():
    from dataclasses import replace

    broken = replace(session()[5], error="ReadError: a | b\nsecond line")
    text = render_markdown(read_report([broken], title="t", profile="p", partner_id=None))
    [row] = markdown_table(text, "## Exchanges")
    assert len(row) == 8
    assert row[-1] == "ReadError: a | b"


def test_an_empty_session_still_makes_a_report():
    text = render_markdown(read_report([], title="t", profile="sandbox", partner_id=None))
    assert markdown_table(text, "## Summary") == [["0", "0", "0", "0", "0", "0", "0.0 ms", "—"]]
    assert "No errors." in text
    assert "<table" in render_html(read_report([], title="t", profile="sandbox", partner_id=None))


def test_a_body_nested_too_deep_to_walk_is_shown_as_sent():
    from dataclasses import replace

    deep = "[" * 5000 + "]" * 5000
    exchange = replace(session()[1], response_body=deep)
    text = render_markdown(read_report([exchange], title="t", profile="p", partner_id=None))
    assert deep in fenced_blocks(text)


def test_records_of_the_real_client_render_the_same_rows(tmp_path):
    from dataclasses import asdict

    from wallet_tui.client import Exchange

    exchanges = [Exchange(**asdict(raw)) for raw in session()]
    md_path, html_path = save_report(exchanges, tmp_path, profile="sandbox", partner_id="1001",
                                     generated_at=GENERATED)
    md, html = md_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8")
    assert [_without_time(row) for row in markdown_table(md, "## Exchanges")] == EXPECTED_ROWS
    assert markdown_table(md, "## Summary") == [EXPECTED_SUMMARY]
    assert [_without_time(r) for r in html_tables(html).tables["index"]] == EXPECTED_ROWS
    for secret in SECRETS:
        assert secret not in md and secret not in html

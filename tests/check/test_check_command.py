"""`wallet-tui check` as an operator or a CI runs it: every row holds against the served
sandbox; against servers that each break one rule, exactly those rows fail, the JUnit XML
names them and the exit code says so."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from wallet_tui.check import ROWS
from wallet_tui.cli import main
from wallet_tui.config import AppPaths
from wallet_tui.protocol import wire

from .servers import (
    AmountsAsNumbers,
    NeverReplays,
    PartnersShareWallets,
    sandbox_app,
    served,
)

WALLETS = ["--wallet", "100000000001", "--wallet", "100000000002"]
MONEY = ["--money", "--test-wallet", "100000000002", "--test-wallet", "100000000001"]


def write_profile(url: str, *, name: str = "local", extra: str = "") -> Path:
    config = AppPaths.from_env().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[profiles.{name}]\nkind = "remote"\nbase_url = "{url}"\n'
        f'client_id = "{wire.DEMO_CLIENT_ID}"\npartner_id = "{wire.DEMO_PARTNER_ID}"\n'
        f"allow_plain_http = true\n{extra}"
    )
    return config


def junit_rows(path: Path) -> dict[str, str]:
    """Each testcase's name and what became of it: passed, failure or skipped."""
    root = ElementTree.parse(path).getroot()
    verdicts = {}
    for case in root.iter("testcase"):
        children = [child.tag for child in case if child.tag in ("failure", "skipped")]
        verdicts[case.get("name")] = children[0] if children else "passed"
    return verdicts


def failures(path: Path) -> dict[str, str]:
    root = ElementTree.parse(path).getroot()
    return {case.get("name"): case.find("failure").text
            for case in root.iter("testcase") if case.find("failure") is not None}


def check(tmp_path: Path, *args: str) -> tuple[int, Path]:
    junit = tmp_path / "check.xml"
    code = main(["check", "--profile", "local", "--report", str(tmp_path / "reports"),
                 "--junit", str(junit), *args])
    return code, junit


@pytest.fixture
def demo_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WALLET_TUI_CLIENT_SECRET", wire.DEMO_CLIENT_SECRET)


def test_every_row_holds_against_wallet_tui_sandbox_serve(tmp_path: Path, home: Path):
    """The real program against the real server, both as subprocesses, money rows included."""
    server = subprocess.Popen(
        [sys.executable, "-m", "wallet_tui", "sandbox", "serve", "--host", "127.0.0.1",
         "--port", "0", "--db", str(tmp_path / "served.sqlite3"), "--reset"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = server.stdout.readline()
        url = line[line.index("http://"):].split()[0]
        write_profile(url, extra='check_wallets = ["100000000003"]\n')
        junit = tmp_path / "check.xml"
        done = subprocess.run(
            [sys.executable, "-m", "wallet_tui", "check", "--profile", "local", *WALLETS,
             *MONEY, "--junit", str(junit)],
            capture_output=True, text=True, timeout=300,
            env={**os.environ, "WALLET_TUI_CLIENT_SECRET": wire.DEMO_CLIENT_SECRET,
                 "COLUMNS": "80"},
        )
    finally:
        server.terminate()
        server.wait(10)
        server.stdout.close()
    assert done.returncode == 0, done.stdout + done.stderr
    verdicts = junit_rows(junit)
    assert "failure" not in verdicts.values()
    # Plain http on loopback: the TLS rows say they do not apply; every other row ran.
    assert {name for name, verdict in verdicts.items() if verdict == "skipped"} == {
        "transport.tls", "transport.plain_http"}
    assert "not applicable" in done.stdout and "broken" not in done.stdout.replace(
        "0 broken", "")
    assert "Paths: the seed's" in done.stdout
    # The report lies beside the session reports, every exchange in it, no secret.
    reports = AppPaths.from_env().exchange_logs_dir
    markdown = next(reports.glob("wallet-tui-check-*.md")).read_text()
    html = next(reports.glob("wallet-tui-check-*.html")).read_text()
    assert "| money.withdrawal |" in markdown and "**holds**" in markdown
    assert "100000000003" in markdown  # a wallet named in the profile was read
    for text in (markdown, html):
        assert wire.DEMO_CLIENT_SECRET not in text
        assert not re.search(r"Bearer (?!\*{4})[A-Za-z0-9._~+/=-]{16,}", text)  # a real token
    assert '"accessToken": "****"' in markdown
    assert "&quot;accessToken&quot;: &quot;****&quot;" in html
    assert "/wifhdrawal" in markdown  # the paths used, the seed's spelling


def test_a_server_that_never_replays_fails_the_idempotency_rows(
    tmp_path: Path, demo_secret: None
):
    with served(NeverReplays(sandbox_app(tmp_path / "sandbox.sqlite3"))) as url:
        write_profile(url)
        code, junit = check(tmp_path, *WALLETS, *MONEY)
    assert code == 1
    broken = failures(junit)
    assert set(broken) == {"money.idempotency_replay", "money.idempotency_conflict",
                           "money.request_in_progress"}
    # The failure carries the answer that shows it: a second 200 with no replay mark.
    assert "lacks Idempotent-Replayed: true" in broken["money.idempotency_replay"]
    assert "POST http://127.0.0.1" in broken["money.idempotency_replay"]
    assert junit_rows(junit)["money.refill"] == "passed"
    # The report's row points at the exchange that shows the break, and that exchange is in it.
    report = next((tmp_path / "reports").glob("wallet-tui-check-*.md")).read_text()
    [line] = [line for line in report.splitlines()
              if line.startswith("| money.idempotency_replay |")]
    assert "**broken**" in line and "shows it: #" in line
    shown = line.rsplit("shows it: #", 1)[1].split(")")[0]
    assert f"### {shown}. POST /api/wallet/v1/account/" in report


def test_a_server_that_lets_partner_1002_read_1001s_wallet_fails_the_isolation_row(
    tmp_path: Path, demo_secret: None
):
    with served(PartnersShareWallets(sandbox_app(tmp_path / "sandbox.sqlite3"))) as url:
        write_profile(url)
        code, junit = check(tmp_path, *WALLETS)
    assert code == 1
    broken = failures(junit)
    assert list(broken) == ["wallet.other_partner"]
    assert "expected HTTP 404 WALLET_NOT_FOUND, got 200" in broken["wallet.other_partner"]
    assert "100000000001" in broken["wallet.other_partner"]
    # Read only: the money rows were not run.
    assert junit_rows(junit)["money.refill"] == "skipped"


def test_a_server_that_answers_amounts_as_numbers_fails_the_rows_that_read_money(
    tmp_path: Path, demo_secret: None, capsys: pytest.CaptureFixture[str]
):
    with served(AmountsAsNumbers(sandbox_app(tmp_path / "sandbox.sqlite3"))) as url:
        write_profile(url)
        code, junit = check(tmp_path, *WALLETS)
    assert code == 1
    broken = failures(junit)
    assert {"wallet.by_id", "wallet.by_phone", "history.paging"} <= set(broken)
    assert "balance is 1500.0: money travels as a string" in broken["wallet.by_id"]
    verdicts = junit_rows(junit)
    for holds in ("auth.token", "auth.rotation", "banks", "wallet.unknown", "clock.date"):
        assert verdicts[holds] == "passed"
    out = capsys.readouterr().out
    assert "broken" in out and "wallet.by_id" in out


def test_money_is_refused_on_a_production_profile(
    tmp_path: Path, demo_secret: None, capsys: pytest.CaptureFixture[str],
):
    write_profile("http://127.0.0.1:9", extra='environment = "production"\n')
    code, junit = check(tmp_path, *MONEY)
    assert code == 2
    assert "production" in capsys.readouterr().err
    assert not junit.exists()


def test_money_needs_test_wallets(tmp_path: Path, demo_secret: None, capsys):
    write_profile("http://127.0.0.1:9")
    code, _ = check(tmp_path, "--money")
    assert code == 2
    assert "--test-wallet" in capsys.readouterr().err


def test_without_a_secret_the_check_says_where_to_put_it(tmp_path: Path, capsys):
    write_profile("http://127.0.0.1:9")
    code, _ = check(tmp_path)
    assert code == 2
    assert "WALLET_TUI_CLIENT_SECRET" in capsys.readouterr().err


def test_over_https_the_tls_rows_run_and_hold(tmp_path: Path, demo_secret: None):
    """A sandbox served over TLS with its own CA: the certificate is verified (the profile
    names the CA bundle), and plain http to the same address gets no API answer."""
    from reliability.tls import make_certificates

    # Valid a year either way: a shifted-clock run moves this process's clock, not OpenSSL's.
    certs = make_certificates(tmp_path / "pki", hosts=("127.0.0.1",), days=366)
    app = sandbox_app(tmp_path / "sandbox.sqlite3")
    with served(app, ssl_certfile=str(certs.server_cert), ssl_keyfile=str(certs.server_key)
                ) as url:
        write_profile(url.replace("http://", "https://"),
                      extra=f'ca_bundle = "{certs.ca_bundle}"\n')
        code, junit = check(tmp_path, "--row", "auth.token", "--row", "transport")
    assert code == 0
    assert junit_rows(junit) == {"auth.token": "passed", "transport.tls": "passed",
                                 "transport.plain_http": "passed"}


def test_a_server_that_cannot_be_reached_stops_the_check_at_the_first_row(
    tmp_path: Path, demo_secret: None, capsys: pytest.CaptureFixture[str]
):
    import socket

    # A loopback port nobody listens on, kept bound (not listening) through the check so no
    # other test's server, in this or another xdist worker, can take it meanwhile.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        write_profile(f"http://127.0.0.1:{port}")
        code, junit = check(tmp_path, *WALLETS)
    assert code == 1
    verdicts = junit_rows(junit)
    assert verdicts["auth.token"] == "failure"
    assert set(list(verdicts.values())[1:]) == {"skipped"}
    assert "Cannot reach the server" in failures(junit)["auth.token"]
    skipped = [case.find("skipped").get("message")
               for case in ElementTree.parse(junit).getroot().iter("testcase")
               if case.find("skipped") is not None]
    assert all(f"127.0.0.1:{port} could not be reached" in said for said in skipped)
    assert f"0 hold, 1 broken, {len(ROWS) - 1} not run." in capsys.readouterr().out


def test_refused_credentials_stop_the_check_at_the_first_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("WALLET_TUI_CLIENT_SECRET", "not-the-secret")
    with served(sandbox_app(tmp_path / "sandbox.sqlite3")) as url:
        write_profile(url)
        code, junit = check(tmp_path, *WALLETS)
    assert code == 1
    assert "expected HTTP 200, got 401 INVALID_CLIENT" in failures(junit)["auth.token"]
    assert set(junit_rows(junit).values()) == {"failure", "skipped"}
    assert "not-the-secret" not in (tmp_path / "check.xml").read_text()

"""Item 7 — nobody where they do not belong: another partner's token never reads or moves a
wallet; an expired or revoked token never works; secrets never reach a record, a file, the
clipboard or the log; plain http goes nowhere but this machine; TLS is always verified."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from typing import Any

import httpx
import pytest

from wallet_tui.client import Exchange, WalletClient, new_idempotency_key
from wallet_tui.protocol import (
    ApiError,
    Identification,
    PaymentInitRequest,
    RefillRequest,
    WithdrawalRequest,
    wire,
)

from .ledger_audit import audit
from .support import DEMO, OTHER, PAYEE_PHONE, SBER, Shared, faults, full_wallets

OTHERS_WALLET = "100000000005"
ONE = Decimal("1")


def wallet_rows(db_path, partner_id: str) -> list[tuple]:
    """Everything about one partner's wallets in the ledger, to compare before and after."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    mine = "wallet_id IN (SELECT wallet_id FROM wallets WHERE partner_id = ?)"
    try:
        return [
            *conn.execute(f"SELECT wallet_id, balance, identification, status, updated_at"
                          f" FROM wallets WHERE {mine} ORDER BY wallet_id", (partner_id,)),
            *conn.execute(f"SELECT operation_id, status FROM operations WHERE {mine}"
                          f" ORDER BY seq", (partner_id,)),
            *conn.execute(f"SELECT payment_id, status FROM payments WHERE {mine}"
                          f" ORDER BY payment_id", (partner_id,)),
            *conn.execute(f"SELECT withdrawal_id, status FROM withdrawals WHERE {mine}"
                          f" ORDER BY withdrawal_id", (partner_id,)),
        ]
    finally:
        conn.close()


def trespasses(wallet_id: str, phone: str, payment_id: str, withdrawal_id: str):
    """Every call one partner could try on another's wallet, payment or withdrawal."""
    return {
        "look up": lambda c: c.get_wallet(wallet_id),
        "look up by phone": lambda c: c.find_wallet_by_phone(phone),
        "history": lambda c: c.list_operations(wallet_id),
        "identification": lambda c: c.set_identification(wallet_id, Identification.SIMPLIFIED),
        "refill": lambda c: c.refill(wallet_id, RefillRequest(amount=ONE)),
        "payment init": lambda c: c.init_payment(wallet_id, PaymentInitRequest(amount=ONE)),
        "payment confirm": lambda c: c.confirm_payment(wallet_id, payment_id),
        "payment status": lambda c: c.get_payment(wallet_id, payment_id),
        "withdraw": lambda c: c.withdraw(wallet_id, WithdrawalRequest(
            bank_id=SBER, phone=PAYEE_PHONE, amount=ONE)),
        "withdrawal status": lambda c: c.get_withdrawal(wallet_id, withdrawal_id),
    }


def borrowed_ids(own_wallet: str, payment_id: str, withdrawal_id: str):
    """Another partner's payment and withdrawal ids sent through one's own wallet."""
    return {
        "confirm their payment": lambda c: c.confirm_payment(own_wallet, payment_id),
        "their payment's status": lambda c: c.get_payment(own_wallet, payment_id),
        "their withdrawal's status": lambda c: c.get_withdrawal(own_wallet, withdrawal_id),
    }


async def refusals(client: WalletClient, calls: dict[str, Any]) -> dict[str, str]:
    named = {}
    for what, call in calls.items():
        try:
            value = await call(client)
        except ApiError as error:
            named[what] = error.error_name
        else:
            named[what] = f"ANSWERED {value!r}"
    return named


async def test_another_partners_token_never_reads_nor_moves_a_wallet(sandbox, figures):
    exchanges: list[Exchange] = []
    demo = sandbox.client(DEMO)
    other = sandbox.client(OTHER, exchanges=exchanges)
    [wallet_id] = await full_wallets(demo, 1, "10000")
    wallet = await demo.get_wallet(wallet_id)
    payment = await demo.init_payment(wallet_id, PaymentInitRequest(amount=ONE))
    withdrawal = await demo.withdraw(wallet_id, WithdrawalRequest(
        bank_id=SBER, phone=PAYEE_PHONE, amount=ONE))
    key = new_idempotency_key()
    await demo.refill(wallet_id, RefillRequest(amount=ONE), idempotency_key=key)
    before = wallet_rows(sandbox.db_path, DEMO.partner_id)

    calls = trespasses(wallet_id, wallet.phone, payment.payment_id, withdrawal.withdrawal_id)
    assert await refusals(other, calls) == dict.fromkeys(calls, "WALLET_NOT_FOUND")
    borrowed = borrowed_ids(OTHERS_WALLET, payment.payment_id, withdrawal.withdrawal_id)
    assert await refusals(other, borrowed) == dict.fromkeys(borrowed, "PAYMENT_NOT_FOUND")
    # The same Idempotency-Key from another partner is another request, not a replay.
    mine = await other.refill(OTHERS_WALLET, RefillRequest(amount=ONE), idempotency_key=key)
    assert mine.wallet_id == OTHERS_WALLET and not exchanges[-1].replayed

    after = wallet_rows(sandbox.db_path, DEMO.partner_id)
    assert after == before, "the other partner's calls changed nothing of the demo partner's"
    # Nothing of the wallet leaked into any answer the other partner got.
    balance = str((await demo.get_wallet(wallet_id)).balance)
    leaked = [e.url for e in exchanges if e.response_body and (
        balance in e.response_body
        or (wallet.phone in e.response_body and wire.QUERY_PHONE not in e.url))]
    assert leaked == []

    # And the other way round: the demo partner cannot touch partner 1002's wallet.
    theirs = await other.get_wallet(OTHERS_WALLET)
    back = trespasses(OTHERS_WALLET, theirs.phone, "no-such-payment", "no-such-withdrawal")
    assert await refusals(demo, back) == dict.fromkeys(back, "WALLET_NOT_FOUND")
    assert audit(sandbox.db_path).problems == []
    figures.update(calls_refused=len(calls) + len(borrowed) + len(back), answered_with_data=0)


# --- tokens that must never work ------------------------------------------------------------

def every_endpoint(wallet_id: str, payment_id: str, withdrawal_id: str) -> list[tuple]:
    money = {"amount": "1", "currency": "RUB"}
    return [
        ("GET", wire.wallet(wallet_id), None),
        ("GET", f"{wire.WALLET_BY_PHONE}?phone=%2B79990000001", None),
        ("GET", wire.operations(wallet_id), None),
        ("POST", wire.REGISTRATION, {"phone": "+79160000000"}),
        ("POST", wire.identification(wallet_id, "SIMPLIFIED"), {}),
        ("POST", wire.refill(wallet_id), money),
        ("POST", wire.payment_initialization(wallet_id), money),
        ("POST", wire.payment_confirmation(wallet_id), {"paymentId": payment_id}),
        ("GET", wire.payment(wallet_id, payment_id), None),
        ("GET", wire.BANKS, None),
        ("POST", wire.withdrawal_create(wallet_id), {**money, "bankId": SBER, "phone": PAYEE_PHONE}),
        ("GET", wire.withdrawal(wallet_id, withdrawal_id), None),
        ("GET", wire.SANDBOX_FAULTS, None),
        ("PUT", wire.SANDBOX_FAULTS, {"errorRate": 1}),
        ("POST", wire.SANDBOX_RESET, None),
        ("POST", wire.SANDBOX_CLOCK, {"advanceSeconds": 3600}),
    ]


async def token_pair(http: httpx.AsyncClient) -> tuple[str, str]:
    response = await http.post(wire.TOKEN, json={
        "grantType": wire.GRANT_CLIENT_CREDENTIALS, "clientId": DEMO.client_id,
        "clientSecret": DEMO.client_secret, "partnerId": DEMO.partner_id})
    assert response.status_code == 200, response.text
    return response.json()["accessToken"], response.json()["refreshToken"]


async def refresh(http: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await http.post(wire.TOKEN, json={"grantType": wire.GRANT_REFRESH_TOKEN,
                                             "refreshToken": refresh_token,
                                             "clientId": DEMO.client_id})


async def test_an_expired_or_revoked_token_never_works_anywhere(sandbox, figures):
    demo = sandbox.client(DEMO)
    [wallet_id] = await full_wallets(demo, 1, "10000")
    payment = await demo.init_payment(wallet_id, PaymentInitRequest(amount=ONE))
    withdrawal = await demo.withdraw(wallet_id, WithdrawalRequest(
        bank_id=SBER, phone=PAYEE_PHONE, amount=ONE))
    await faults(demo, token_ttl_seconds=2)
    http = httpx.AsyncClient(transport=Shared(sandbox.transport), base_url="http://sandbox")

    async with http:
        expired, _ = await token_pair(http)
        sandbox.clock.advance(2)  # the very moment its life ends
        first, stolen = await token_pair(http)
        rotated = await refresh(http, stolen)
        assert rotated.status_code == 200
        second, second_refresh = rotated.json()["accessToken"], rotated.json()["refreshToken"]
        reuse = await refresh(http, stolen)  # the thief (or the owner) replays the old one
        assert reuse.json()["name"] == "INVALID_GRANT"
        live, live_refresh = await token_pair(http)
        assert (await refresh(http, second_refresh)).json()["name"] == "INVALID_GRANT"

        bad_headers = {
            "expired": f"Bearer {expired}",
            "revoked (before the theft)": f"Bearer {first}",
            "revoked (after rotation)": f"Bearer {second}",
            "a refresh token": f"Bearer {live_refresh}",
            "a live token, one character changed": f"Bearer {live[:-1]}{'A' if live[-1] != 'A' else 'B'}",
            "a live token, another scheme": f"Basic {live}",
            "a live token without a scheme": live,
            "nothing": None,
        }
        before = wallet_rows(sandbox.db_path, DEMO.partner_id)
        clock_before = sandbox.clock.now()
        answers = {}
        endpoints = every_endpoint(wallet_id, payment.payment_id, withdrawal.withdrawal_id)
        for what, header in bad_headers.items():
            for method, path, body in endpoints:
                headers = {wire.AUTHORIZATION: header} if header else {}
                if method == "POST":
                    headers[wire.IDEMPOTENCY_KEY] = new_idempotency_key()
                response = await http.request(method, path, json=body, headers=headers)
                name = response.json().get("name") if response.content else None
                answers[(what, method, path)] = (response.status_code, name)

        assert {k: v for k, v in answers.items() if v != (401, "UNAUTHORIZED")} == {}
        assert wallet_rows(sandbox.db_path, DEMO.partner_id) == before
        assert sandbox.clock.now() == clock_before
        assert (await demo.get_faults()).error_rate == 0
        # The live one still works: the refusals above were about the tokens.
        ok = await http.get(wire.wallet(wallet_id), headers={wire.AUTHORIZATION: f"Bearer {live}"})
        assert ok.status_code == 200
    figures.update(bad_tokens=len(bad_headers), endpoints=len(endpoints),
                   requests_refused_401=len(answers))


# --- plain http and TLS ---------------------------------------------------------------------

NOT_THIS_MACHINE = [
    "http://wallet.example.ru", "HTTP://WALLET.EXAMPLE.RU/api", "http://10.0.0.1:8080",
    "http://192.168.1.10", "http://169.254.169.254", "http://sandbox.local:8080",
    "http://127.0.0.1.nip.io", "http://localhost.example.com", "http://0x7f000001",
    "http://2130706433", "http://[::ffff:7f00:1]", "http://[fe80::1]",
]
THIS_MACHINE = ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080",
                "http://127.5.5.5"]


def remote_profile(base_url: str, **options: Any):
    from wallet_tui.config import Profile

    return Profile(name="remote", kind="remote", base_url=base_url, client_id="demo-client",
                   partner_id="1001", **options)


@pytest.mark.parametrize("url", NOT_THIS_MACHINE)
def test_plain_http_to_any_other_host_is_refused_at_every_door(url):
    from pydantic import ValidationError

    from wallet_tui.cli import build_connect
    from wallet_tui.client import InsecureUrl
    from wallet_tui.config import Profile

    with pytest.raises(ValidationError, match="https"):
        remote_profile(url, allow_plain_http=True)
    # A profile that skipped validation (an old config file, a bug) still goes nowhere.
    forged = Profile.model_construct(name="remote", kind="remote", base_url=url,
                                     client_id="demo-client", partner_id="1001",
                                     timeout_seconds=5.0, verify_tls=True, ca_bundle=None,
                                     allow_plain_http=True)
    with pytest.raises(InsecureUrl):
        build_connect(None)(forged)
    with pytest.raises(InsecureUrl):
        WalletClient(base_url=url, credentials=DEMO)


@pytest.mark.parametrize("url", THIS_MACHINE)
def test_plain_http_to_this_machine_only_when_the_profile_allows_it(url):
    from pydantic import ValidationError

    from wallet_tui.cli import build_connect

    with pytest.raises(ValidationError, match="allow_plain_http"):
        remote_profile(url)
    client = build_connect(None)(remote_profile(url, allow_plain_http=True))
    assert client.base_url == url.rstrip("/")


@pytest.fixture
async def tls_sandbox(tmp_path):
    """The sandbox served over TLS on loopback with a certificate from a private CA."""
    pytest.importorskip("cryptography")
    import contextlib

    import uvicorn

    from wallet_tui.sandbox.app import create_app
    from wallet_tui.sandbox.serve import _start, bind

    from .tls import make_certificates

    certs = make_certificates(tmp_path / "pki", hosts=("127.0.0.1",))
    stranger = make_certificates(tmp_path / "other-pki", hosts=("127.0.0.1",), label="other")
    sock = bind("127.0.0.1", 0)
    config = uvicorn.Config(create_app(tmp_path / "tls.sqlite3", reset=True), log_config=None,
                            access_log=False, lifespan="on", ssl_certfile=str(certs.server_cert),
                            ssl_keyfile=str(certs.server_key))
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext
    task = await _start(server, sock)
    try:
        yield sock.getsockname()[1], certs, stranger
    finally:
        server.should_exit = True
        with contextlib.suppress(Exception):
            await task
        sock.close()


async def test_tls_is_verified_unless_a_ca_bundle_is_named(tls_sandbox, figures):
    from wallet_tui.cli import build_connect
    from wallet_tui.client import InsecureUrl, ServerUnreachable

    port, certs, stranger = tls_sandbox
    url = f"https://127.0.0.1:{port}"
    connect = build_connect(None)

    async def log_in_with(profile) -> str:
        exchanges: list[Exchange] = []
        async with connect(profile, on_exchange=exchanges.append) as client:
            client.credentials = DEMO
            try:
                await client.get_wallet("100000000001")
            except ServerUnreachable as refused:
                # A certificate does not mend itself: tried once, not retried.
                assert len(exchanges) == 1 and exchanges[0].status is None
                return refused.reason
        return "connected"

    # The system's trust store does not know the private CA: refused, nothing sent.
    assert "CERTIFICATE_VERIFY_FAILED" in await log_in_with(remote_profile(url))
    # Another CA's bundle does not help either.
    assert "CERTIFICATE_VERIFY_FAILED" in await log_in_with(
        remote_profile(url, ca_bundle=stranger.ca_bundle))
    # The right CA, but the certificate names 127.0.0.1, not localhost: still refused.
    assert "CERTIFICATE_VERIFY_FAILED" in await log_in_with(
        remote_profile(f"https://localhost:{port}", ca_bundle=certs.ca_bundle))
    # The right CA for the right name: the one way in.
    assert await log_in_with(remote_profile(url, ca_bundle=certs.ca_bundle)) == "connected"
    # Switching verification off is refused before any connection is tried: by the profile,
    # and by the connection even for a profile that skipped validation.
    from pydantic import ValidationError

    from wallet_tui.config import Profile

    with pytest.raises(ValidationError, match="TLS verification"):
        remote_profile(url, verify_tls=False)
    forged = Profile.model_construct(**{**remote_profile(url).model_dump(), "verify_tls": False})
    with pytest.raises(InsecureUrl):
        connect(forged)
    with pytest.raises(InsecureUrl):
        WalletClient(base_url=url, verify=False)
    figures.update(handshakes_refused=3, handshakes_accepted=1, verify_off_refused=3)


# --- secrets never reach a record, a file, the clipboard or the log ---------------------------

TYPED_WRONG_SECRET = "Wr0ng-S3cret-typed-by-hand"


class TokenSpy(httpx.AsyncBaseTransport):
    """Sits under the client's recorder and keeps every token the server hands out: the
    strings that must never be found anywhere afterwards."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.tokens: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == wire.TOKEN:
            body = await response.aread()
            if response.status_code == 200:
                parsed = __import__("json").loads(body)
                self.tokens |= {parsed["accessToken"], parsed["refreshToken"]}
            return httpx.Response(response.status_code, headers=response.headers, content=body,
                                  request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def files_under(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.slow
async def test_secrets_never_reach_records_files_clipboard_or_log(tmp_path, home, figures):
    import logging

    from wallet_tui.client import exchanges_to_json
    from wallet_tui.config import AppPaths, setup_logging, shutdown_logging
    from wallet_tui.sandbox.clock import ManualClock
    from wallet_tui.ui.screens.modals import ConfirmModal

    from .desk import SandboxConnect, desk, look_up, paste_into, settle, show

    spies: list[TokenSpy] = []

    def spy(transport):
        spies.append(TokenSpy(transport))
        return spies[-1]

    clock = ManualClock()
    connect = SandboxConnect(tmp_path / "secrets.sqlite3", clock=clock, wrap=spy)
    log_file = setup_logging(AppPaths.from_env(), level=logging.DEBUG)
    clipboard: list[str] = []
    try:
        async with desk(connect, log_in=False) as (app, pilot):
            login = app.screen
            await paste_into(pilot, "client-secret", TYPED_WRONG_SECRET)
            await pilot.press("enter")
            await settle(pilot)
            assert not app.logged_in
            await paste_into(pilot, "client-secret", wire.DEMO_CLIENT_SECRET)
            await pilot.press("enter")
            await settle(pilot)
            assert app.logged_in and app.screen is not login
            await look_up(pilot, "100000000003")
            clock.advance(400)  # the access token has expired: the next call refreshes
            screen = await show(pilot, "refill")
            await paste_into(pilot, "refill-amount", "10")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await settle(pilot)
            assert "operationId" in str(screen.query_one("#refill-result").content)
            assert app.gateway.token_state.refreshes >= 1

            app.copy_to_clipboard = clipboard.append  # what "copy as curl" hands the terminal
            for exchange in app.gateway.exchanges:
                app.copy_to_clipboard(exchange.as_curl())
            app.action_copy_exchange()
            app.action_save_exchanges()
            app.action_save_report()
            await settle(pilot)
            exchanges = list(app.gateway.exchanges)
    finally:
        logging.getLogger("wallet_tui").warning(
            "a careless line: Bearer %s clientSecret=%s", "x" * 20, TYPED_WRONG_SECRET)
        shutdown_logging()

    secrets = {wire.DEMO_CLIENT_SECRET, TYPED_WRONG_SECRET}
    for one in spies:
        secrets |= one.tokens
    assert len(secrets) >= 6, "a login, a refresh: at least two token pairs were handed out"
    places = {str(path): path.read_bytes().decode("utf-8", "replace")
              for path in files_under(home)}
    assert str(log_file) in places and app.last_saved_exchanges and app.last_saved_report
    places["exchange records"] = "\n".join(repr(e) + str(e.to_dict()) for e in exchanges)
    places["exchanges as JSON"] = exchanges_to_json(exchanges)
    places["clipboard"] = "\n".join(clipboard)
    found = {(where, secret[:6] + "…") for where, text in places.items()
             for secret in secrets if secret in text}
    assert found == set()
    assert "****" in places["clipboard"]  # the curl copies carry the masks instead
    figures.update(secrets_watched=len(secrets), places_searched=len(places),
                   files=len(places) - 3, exchanges=len(exchanges), secrets_found=0)

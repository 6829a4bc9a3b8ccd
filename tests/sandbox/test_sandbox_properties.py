"""Random sequences of operations on a few wallets (hypothesis, rule-based state machine,
in-process sandbox): every balance stays >= 0, equals what its history adds up to, and equals
a model that knows only the contract's rules. Every refusal must be justified by the model."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from wallet_tui.protocol import limits_of, wire, withdrawal_fee
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.inprocess import InProcessTransport

from conftest import DEMO, SBER, SharedTransport, fresh_phone, ledger_sum

LEVELS = ("ANONYMOUS", "SIMPLIFIED", "FULL")

amounts = st.integers(min_value=1, max_value=2_000_000).map(lambda k: Decimal(k).scaleb(-2))


@dataclass
class ModelWallet:
    wallet_id: str
    level: str
    balance: Decimal = Decimal("0.00")
    turnover: Decimal = Decimal("0.00")
    payments: dict[str, tuple[Decimal, float]] = field(default_factory=dict)  # CREATED: total, born
    pending: list[tuple[float, Decimal, bool]] = field(default_factory=list)  # due, total, fails


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self, transport: SharedTransport, clock: ManualClock) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.clock = clock
        self.client = httpx.AsyncClient(transport=transport, base_url="http://sandbox")
        self.elapsed = 0.0
        self._login()
        self.wallets = [self._register(level) for level in LEVELS]

    # --- plumbing -------------------------------------------------------------------------
    def call(self, method: str, path: str, body: object = None) -> httpx.Response:
        headers = {wire.AUTHORIZATION: f"Bearer {self.token}"}
        return self.loop.run_until_complete(
            self.client.request(method, path, json=body, headers=headers)
        )

    def _login(self) -> None:
        client_id, secret, partner = DEMO
        response = self.loop.run_until_complete(self.client.post(wire.TOKEN, json={
            "grantType": "client_credentials", "clientId": client_id, "clientSecret": secret,
            "partnerId": partner,
        }))
        self.token = response.json()["accessToken"]

    def _register(self, level: str) -> ModelWallet:
        wallet_id = self.call("POST", wire.REGISTRATION, {"phone": fresh_phone()}).json()["walletId"]
        if level != "ANONYMOUS":
            assert self.call("POST", wire.identification(wallet_id, level)).status_code == 200
        return ModelWallet(wallet_id, level)

    def _settle_due(self) -> None:
        for wallet in self.wallets:
            still = []
            for due, total, fails in wallet.pending:
                if due <= self.elapsed:
                    if fails:
                        wallet.balance += total
                        wallet.turnover -= total
                else:
                    still.append((due, total, fails))
            wallet.pending = still

    def _outgoing_verdict(self, wallet: ModelWallet, total: Decimal) -> str | None:
        if wallet.balance < total:
            return "INSUFFICIENT_FUNDS"
        cap = limits_of(wallet.level).monthly_outgoing_limit
        if cap is not None and wallet.turnover + total > cap:
            return "TURNOVER_LIMIT_EXCEEDED"
        return None

    # --- rules ----------------------------------------------------------------------------
    @rule(index=st.integers(0, 2), amount=amounts)
    def refill(self, index: int, amount: Decimal) -> None:
        wallet = self.wallets[index]
        response = self.call("POST", wire.refill(wallet.wallet_id), {"amount": f"{amount:.2f}", "currency": "RUB"})
        fits = wallet.balance + amount <= limits_of(wallet.level).balance_limit
        if fits:
            assert response.status_code == 200, response.text
            wallet.balance += amount
        else:
            assert response.json()["name"] == "BALANCE_LIMIT_EXCEEDED"

    @rule(index=st.integers(0, 2), amount=amounts)
    def init_payment(self, index: int, amount: Decimal) -> None:
        wallet = self.wallets[index]
        response = self.call(
            "POST", wire.payment_initialization(wallet.wallet_id), {"amount": f"{amount:.2f}", "currency": "RUB"}
        )
        verdict = self._outgoing_verdict(wallet, amount)
        if verdict is None:
            assert response.status_code == 201, response.text
            wallet.payments[response.json()["paymentId"]] = (amount, self.elapsed)
        else:
            assert response.json()["name"] == verdict

    @precondition(lambda self: any(w.payments for w in self.wallets))
    @rule(data=st.data())
    def confirm(self, data: st.DataObject) -> None:
        wallet = data.draw(st.sampled_from([w for w in self.wallets if w.payments]))
        payment_id = data.draw(st.sampled_from(sorted(wallet.payments)))
        total, born = wallet.payments[payment_id]
        path = wire.payment_confirmation(wallet.wallet_id)
        response = self.call("POST", path, {"paymentId": payment_id})
        expired = self.elapsed - born > 900  # step 1 lives 15 minutes
        verdict = "PAYMENT_EXPIRED" if expired else self._outgoing_verdict(wallet, total)
        if verdict is None:
            assert response.status_code == 200, response.text
            wallet.balance -= total
            wallet.turnover += total
            del wallet.payments[payment_id]
            again = self.call("POST", path, {"paymentId": payment_id})
            assert again.json() == response.json()  # debits once
        else:
            assert response.json()["name"] == verdict

    @rule(index=st.integers(0, 2), amount=amounts, rejected=st.booleans())
    def withdraw(self, index: int, amount: Decimal, rejected: bool) -> None:
        wallet = self.wallets[index]
        if rejected:
            amount = amount.to_integral_value() + Decimal("0.13")
        body = {"bankId": SBER, "phone": "+79161234567", "amount": f"{amount:.2f}", "currency": "RUB"}
        response = self.call("POST", wire.withdrawal_create(wallet.wallet_id), body)
        total = amount + withdrawal_fee(amount)
        verdict = (
            "IDENTIFICATION_REQUIRED" if wallet.level == "ANONYMOUS"
            else self._outgoing_verdict(wallet, total)
        )
        if verdict is None:
            assert response.status_code == 202, response.text
            wallet.balance -= total
            wallet.turnover += total
            wallet.pending.append((self.elapsed + 2, total, rejected))
        else:
            assert response.json()["name"] == verdict

    @rule(index=st.integers(0, 2), level=st.sampled_from(LEVELS))
    def set_level(self, index: int, level: str) -> None:
        wallet = self.wallets[index]
        response = self.call("POST", wire.identification(wallet.wallet_id, level))
        if wallet.balance <= limits_of(level).balance_limit or level == wallet.level:
            assert response.status_code == 200, response.text
            wallet.level = level
        else:
            assert response.json()["name"] == "BALANCE_LIMIT_EXCEEDED"

    @rule(seconds=st.sampled_from([1, 2, 3, 400, 1000]))
    def wait(self, seconds: int) -> None:
        self.clock.advance(seconds)
        self.elapsed += seconds
        self._settle_due()
        self._login()

    # --- what must always hold ------------------------------------------------------------
    @invariant()
    def balances_match_model_and_ledger(self) -> None:
        for wallet in self.wallets:
            served = self.call("GET", wire.wallet(wallet.wallet_id)).json()
            balance = Decimal(served["balance"])
            assert balance >= 0
            assert balance == wallet.balance
            assert Decimal(served["limits"]["monthlyTurnoverUsed"]) == wallet.turnover
            history = self.call("GET", f"{wire.operations(wallet.wallet_id)}?limit=100").json()
            items = history["items"]
            assert history["total"] == len(items)
            assert ledger_sum(items) == balance
            if items:
                assert Decimal(items[0]["balance"]) == balance

    def teardown(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture(scope="module")
def shared_sandbox(tmp_path_factory: pytest.TempPathFactory):
    """One sandbox for every example (each registers its own wallets): opening a fresh SQLite
    file per example would cost more than the example."""
    clock = ManualClock()
    transport = InProcessTransport(tmp_path_factory.mktemp("props") / "sandbox.sqlite3", clock=clock)
    yield SharedTransport(transport), clock
    asyncio.run(transport.aclose())


def test_random_operations_keep_every_balance_true(shared_sandbox):
    transport, clock = shared_sandbox
    run_state_machine_as_test(
        lambda: LedgerMachine(transport, clock),
        settings=settings(
            max_examples=15, stateful_step_count=12, deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# --- attacks from outside (issue 12): each class of input stays refused, never a 500 ----------

class WireClient:
    """A raw client on the shared sandbox for @given tests: its own loop, logged in."""

    def __init__(self, transport: SharedTransport) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(transport=transport, base_url="http://sandbox")
        client_id, secret, partner = DEMO
        login = self.send("POST", wire.TOKEN, json={
            "grantType": "client_credentials", "clientId": client_id, "clientSecret": secret,
            "partnerId": partner,
        })
        self.headers = {wire.AUTHORIZATION: f"Bearer {login.json()['accessToken']}"}

    def send(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, path, **kwargs))

    def call(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        return self.send(method, path, headers=headers, **kwargs)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


@pytest.fixture
def wire_client(shared_sandbox):
    client = WireClient(shared_sandbox[0])
    yield client
    client.close()


ATTACK_SETTINGS = settings(max_examples=40, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
# Decimal digits of every script but ASCII's: Arabic-Indic, full-width, Devanagari, ...
other_digits = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())
ascii_digits = st.sampled_from("0123456789")


@st.composite
def digits_with_a_foreign_one(draw: st.DrawFn, size: int) -> str:
    chars = draw(st.lists(ascii_digits, min_size=size, max_size=size))
    chars[draw(st.integers(0, size - 1))] = draw(other_digits)
    return "".join(chars)


def _invalid_fields(response: httpx.Response) -> list[str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["name"] == "INVALID_REQUEST"
    return [problem["field"] for problem in body["details"]["fields"]]


@ATTACK_SETTINGS
@given(whole=digits_with_a_foreign_one(3), tail=st.sampled_from(["", ".5", ".50", "\n", " "]))
def test_amounts_in_other_digits_are_never_booked(wire_client, whole, tail):
    wallet_id = "100000000003"
    before = wire_client.call("GET", wire.wallet(wallet_id)).json()["balance"]
    for amount in (whole + tail, "1" + tail.replace(".", "\u0665") if tail else whole):
        response = wire_client.call("POST", wire.refill(wallet_id),
                                    json={"amount": amount, "currency": "RUB"})
        assert _invalid_fields(response) == ["amount"]
    assert wire_client.call("GET", wire.wallet(wallet_id)).json()["balance"] == before


@ATTACK_SETTINGS
@given(national=digits_with_a_foreign_one(10))
def test_phones_in_other_digits_never_register_a_wallet(wire_client, national):
    response = wire_client.call("POST", wire.REGISTRATION, json={"phone": "+7" + national})
    assert _invalid_fields(response) == ["phone"]
    lookup = wire_client.call("GET", wire.WALLET_BY_PHONE, params={wire.QUERY_PHONE: "+7" + national})
    assert _invalid_fields(lookup) == [wire.QUERY_PHONE]


json_leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()


@ATTACK_SETTINGS
@given(depth=st.integers(wire.MAX_JSON_DEPTH + 1, 3000), opener=st.sampled_from(["[", '{"a":']))
def test_json_nested_past_the_limit_is_invalid_request(wire_client, depth, opener):
    closer = "]" if opener == "[" else "}"
    body = (opener * depth + "1" + closer * depth).encode()
    for path in (wire.TOKEN, wire.refill("100000000003"), wire.SANDBOX_FAULTS):
        method = "PUT" if path == wire.SANDBOX_FAULTS else "POST"
        assert _invalid_fields(wire_client.call(method, path, content=body)) == ["body"]


@ATTACK_SETTINGS
@given(
    surrogate=st.integers(0xD800, 0xDFFF).map(lambda code: f"\\u{code:04x}"),
    field=st.sampled_from(["description", "externalId", "unknownField"]),
    key=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1,
                max_size=64),
)
def test_lone_surrogates_are_invalid_request_on_every_try(wire_client, surrogate, field, key):
    body = f'{{"amount": "1", "currency": "RUB", "{field}": "x{surrogate}"}}'.encode()
    for _ in range(2):
        response = wire_client.call("POST", wire.refill("100000000003"), content=body,
                                    headers={wire.IDEMPOTENCY_KEY: key})
        assert _invalid_fields(response) == ["body"]


not_a_number = st.text() | st.booleans() | st.lists(st.integers(), max_size=2) | st.dictionaries(
    st.text(max_size=3), st.integers(), max_size=2)


@ATTACK_SETTINGS
@given(
    name=st.sampled_from(["latencyMs", "errorRate", "dropAfterCommitRate", "tokenTtlSeconds",
                          "paymentTtlSeconds", "withdrawalSettleSeconds", "rateLimitPerMinute"]),
    value=not_a_number,
)
def test_fault_numbers_take_json_numbers_only(wire_client, name, value):
    response = wire_client.call("PUT", wire.SANDBOX_FAULTS, json={name: value})
    assert _invalid_fields(response) == [name]
    assert wire_client.call("GET", wire.SANDBOX_FAULTS).json()["errorRate"] == 0


@ATTACK_SETTINGS
@given(body=st.binary(max_size=300) | st.recursive(
    json_leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(max_size=5), inner, max_size=3), max_leaves=20).map(
            lambda value: json.dumps(value).encode()),
    path=st.sampled_from([wire.TOKEN, wire.REGISTRATION, wire.refill("100000000003"),
                          wire.payment_initialization("100000000003"),
                          wire.withdrawal_create("100000000003"), wire.SANDBOX_CLOCK]),
)
def test_no_body_makes_a_call_fail(wire_client, body, path):
    response = wire_client.call("POST", path, content=body)
    assert response.status_code < 500, response.text
    assert response.json()["requestId"] if response.status_code >= 400 else True

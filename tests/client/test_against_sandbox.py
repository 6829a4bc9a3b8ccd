"""Every client method against the real sandbox app, in process: no port, no thread."""

import asyncio
from decimal import Decimal

import pytest

from wallet_tui.cli import sandbox_connect
from wallet_tui.client import Credentials, OutcomeUnknown, new_idempotency_key
from wallet_tui.protocol import (
    FaultsUpdate,
    Identification,
    IdentificationRequest,
    IdentificationRequiredError,
    InsufficientFundsError,
    OperationType,
    PaymentInitRequest,
    PaymentStatus,
    RefillRequest,
    RegistrationRequest,
    WalletNotFoundError,
    WithdrawalRequest,
    WithdrawalStatus,
    wire,
)
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.testing import fresh_sandbox

from .fakes import FakeClock

DEMO = Credentials(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET, wire.DEMO_PARTNER_ID)
ANNA, VERA = "100000000001", "100000000003"


class SharedClock(ManualClock):
    """One time for both sides: the sandbox's ManualClock that the client can also use,
    its retry waits moving the sandbox forward instead of really sleeping."""

    def __init__(self) -> None:
        super().__init__()
        self._origin = self.now()

    def monotonic(self) -> float:
        return (self.now() - self._origin).total_seconds()

    async def sleep(self, seconds: float) -> None:
        self.advance(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def shared_clock() -> SharedClock:
    return SharedClock()


@pytest.fixture
async def sandbox_client(tmp_path, shared_clock, exchanges):
    connect = sandbox_connect(fresh_sandbox(tmp_path, shared_clock), credentials=DEMO,
                              clock=shared_clock)
    async with connect(on_exchange=exchanges.append) as client:
        yield client


async def test_every_operation_end_to_end(sandbox_client, shared_clock):
    client = sandbox_client
    token = await client.login()
    assert token.expires_in == 300 and client.token_state.logged_in

    anna = await client.get_wallet(ANNA)
    assert (anna.phone, anna.balance) == ("+79990000001", Decimal("1500.00"))
    assert (await client.find_wallet_by_phone("+79990000001")).wallet_id == ANNA
    history = await client.list_operations(ANNA, limit=1)
    assert len(history.items) == 1 and history.total >= 1

    wallet = await client.register_wallet(
        RegistrationRequest(phone="+79161234567", first_name="Иван"))
    assert (wallet.identification, wallet.balance) == (Identification.ANONYMOUS, Decimal("0"))
    identified = await client.set_identification(
        wallet.wallet_id, Identification.SIMPLIFIED, IdentificationRequest(last_name="Петров"))
    assert identified.identification is Identification.SIMPLIFIED
    assert identified.last_name == "Петров"

    refill = await client.refill(wallet.wallet_id, RefillRequest(amount="5000"))
    assert refill.balance == Decimal("5000.00")

    payment = await client.init_payment(wallet.wallet_id, PaymentInitRequest(amount="100.50"))
    assert payment.status is PaymentStatus.CREATED
    paid = await client.confirm_payment(wallet.wallet_id, payment.payment_id)
    assert (paid.type, paid.balance) == (OperationType.PAYMENT, Decimal("4899.50"))
    status = (await client.get_payment(wallet.wallet_id, payment.payment_id)).status
    assert status is PaymentStatus.SUCCEEDED

    banks = await client.list_banks()
    assert len(banks) >= 20
    withdrawal = await client.withdraw(wallet.wallet_id, WithdrawalRequest(
        bank_id=banks[0].bank_id, phone="+79161234567", amount="1000"))
    assert withdrawal.status is WithdrawalStatus.PROCESSING
    assert withdrawal.total_amount == Decimal("1010.00")  # 1 %, at least 10.00
    shared_clock.advance(3)
    settled = await client.get_withdrawal(wallet.wallet_id, withdrawal.withdrawal_id)
    assert settled.status is WithdrawalStatus.SUCCEEDED

    faults = await client.set_faults(FaultsUpdate(payment_ttl_seconds=60))
    assert faults.payment_ttl_seconds == 60 and (await client.get_faults()) == faults
    await client.sandbox_reset()
    with pytest.raises(WalletNotFoundError):
        await client.get_wallet(wallet.wallet_id)


async def test_api_refusals_arrive_as_their_own_errors(sandbox_client):
    with pytest.raises(WalletNotFoundError):
        await sandbox_client.get_wallet("100000000005")  # the other partner's wallet
    with pytest.raises(IdentificationRequiredError):
        await sandbox_client.withdraw(ANNA, WithdrawalRequest(
            bank_id="100000000111", phone="+79990000001", amount="100"))
    with pytest.raises(InsufficientFundsError):
        await sandbox_client.init_payment(VERA, PaymentInitRequest(amount="200000"))


async def test_repeating_a_key_replays_instead_of_paying_twice(sandbox_client, exchanges):
    key = new_idempotency_key()
    first = await sandbox_client.refill(ANNA, RefillRequest(amount="10"), idempotency_key=key)
    again = await sandbox_client.refill(ANNA, RefillRequest(amount="10"), idempotency_key=key)

    assert again.operation_id == first.operation_id
    assert (await sandbox_client.get_wallet(ANNA)).balance == Decimal("1510.00")
    assert [e.replayed for e in exchanges if e.idempotency_key == key] == [False, True]


async def test_a_reply_lost_after_the_work_is_recovered_by_the_retry(sandbox_client, exchanges):
    await sandbox_client.set_faults(FaultsUpdate(drop_after_commit_rate=1))

    operation = await sandbox_client.refill(ANNA, RefillRequest(amount="25"))

    await sandbox_client.set_faults(FaultsUpdate(drop_after_commit_rate=0))
    assert operation.balance == Decimal("1525.00")
    assert (await sandbox_client.get_wallet(ANNA)).balance == Decimal("1525.00")
    attempts = [e for e in exchanges if e.path == wire.refill(ANNA)]
    assert len(attempts) == 2 and attempts[0].idempotency_key == attempts[1].idempotency_key
    assert (attempts[0].error or attempts[0].status >= 500) and attempts[1].replayed


async def test_an_unknown_outcome_is_settled_by_retrying_with_its_key(sandbox_client):
    await sandbox_client.login()  # token calls fail under errorRate too
    await sandbox_client.set_faults(FaultsUpdate(error_rate=1))
    with pytest.raises(OutcomeUnknown) as caught:
        await sandbox_client.refill(ANNA, RefillRequest(amount="40"))
    await sandbox_client.set_faults(FaultsUpdate(error_rate=0))

    key = caught.value.idempotency_key
    done = await sandbox_client.refill(ANNA, RefillRequest(amount="40"), idempotency_key=key)
    assert done.balance == Decimal("1540.00")
    assert (await sandbox_client.get_wallet(ANNA)).balance == Decimal("1540.00")


async def test_a_short_lived_token_is_renewed_ahead_of_expiry(tmp_path, shared_clock, exchanges):
    connect = sandbox_connect(fresh_sandbox(tmp_path, shared_clock, token_ttl=2),
                              credentials=DEMO, clock=shared_clock)
    async with connect(on_exchange=exchanges.append) as client:
        await client.get_wallet(ANNA)
        for expiry in (1, 2, 3):
            shared_clock.advance(2)
            await client.get_wallet(ANNA)
            assert client.token_state.refreshes == expiry
    assert 401 not in [e.status for e in exchanges]


async def test_a_token_the_server_expired_costs_one_refresh_for_twenty_calls(tmp_path, exchanges):
    # Client and server disagree about the time: the server expires the token first.
    server_clock, client_clock = ManualClock(), FakeClock()
    connect = sandbox_connect(fresh_sandbox(tmp_path, server_clock, token_ttl=60),
                              credentials=DEMO, clock=client_clock)
    async with connect(on_exchange=exchanges.append) as client:
        await client.login()
        server_clock.advance(61)

        wallets = await asyncio.gather(*(client.get_wallet(ANNA) for _ in range(20)))

        assert {w.wallet_id for w in wallets} == {ANNA}
        assert client.token_state.refreshes == 1
    assert 401 in [e.status for e in exchanges if e.path == wire.wallet(ANNA)]
    assert [e.status for e in exchanges if e.path == wire.TOKEN] == [200, 200]


async def test_a_rate_limited_refill_waits_its_retry_after_and_moves_the_money_once(
        sandbox_client, shared_clock, exchanges):
    await sandbox_client.set_faults(FaultsUpdate(rate_limit_per_minute=1))
    await sandbox_client.get_wallet(ANNA)  # the minute's one call (logins are not counted)
    shared_clock.advance(50)  # so the 429 says 10 s, inside the client's retry budget

    started = shared_clock.monotonic()
    operation = await sandbox_client.refill(ANNA, RefillRequest(amount="30"))

    assert shared_clock.monotonic() - started == 10  # the wait, on the sandbox's own clock
    attempts = [e for e in exchanges if e.path == wire.refill(ANNA)]
    assert [e.status for e in attempts] == [429, 200]
    retry_after = {k.lower(): v for k, v in attempts[0].response_headers.items()}["retry-after"]
    assert retry_after == "10"
    assert attempts[0].idempotency_key == attempts[1].idempotency_key
    assert not attempts[1].replayed
    await sandbox_client.set_faults(FaultsUpdate(rate_limit_per_minute=0))
    assert operation.balance == Decimal("1530.00")
    assert (await sandbox_client.get_wallet(ANNA)).balance == Decimal("1530.00")
    refills = [op for op in (await sandbox_client.list_operations(ANNA, limit=100)).items
               if op.type is OperationType.REFILL and op.amount == Decimal("30.00")]
    assert len(refills) == 1

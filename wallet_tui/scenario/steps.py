"""The guided demo's steps: the whole integration story, one API call (or one short series of
calls) each, in the order a partner integrates them.

Each step first *plans* — says what it is about to send, built from the same request models
and paths the client sends — and then *runs* that plan through the client's typed methods.
The plan is kept for a retry, so a retry after an unknown outcome sends the same body with
the same Idempotency-Key. Only the provider's calls are used: the story runs the same on the
sandbox and on a remote service."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from wallet_tui.protocol import (
    Identification,
    IdentificationRequest,
    LoginRequest,
    PaymentConfirmRequest,
    PaymentInitRequest,
    RefillRequest,
    RegistrationRequest,
    WithdrawalRequest,
    WithdrawalStatus,
    format_rub,
    wire,
)
from wallet_tui.protocol.errors import WalletAlreadyExistsError

from .plan import MASK, Plan, PlannedRequest, ScenarioError, Step, Story

if TYPE_CHECKING:
    from wallet_tui.client import WalletClient


def _rub(amount: Decimal) -> str:
    return format_rub(amount).replace("\xa0", " ").replace("\u202f", " ")


class LogIn(Step):
    name = "login"
    title = "Log in"
    why = "client_credentials grant: an access token and a refresh token"

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        credentials = client.credentials
        if credentials is None:
            raise ScenarioError("No credentials: log in from the login screen first")
        body = LoginRequest(client_id=credentials.client_id, client_secret=MASK,
                            partner_id=credentials.partner_id).to_wire()
        return Plan((PlannedRequest("POST", wire.TOKEN, body),))

    async def run(self, client, story, plan, key, progress) -> list[str]:
        token = await client.login()
        return [f"{token.token_type} token for {token.expires_in} s, "
                f"refresh token for {token.refresh_expires_in} s"]


class Register(Step):
    name = "register"
    title = "Register a wallet"
    why = "a new ANONYMOUS wallet with a zero balance for a fresh phone"
    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        if story.phone is None:
            story.phone = self.settings.new_phone()
        request = RegistrationRequest(phone=story.phone)
        return Plan((PlannedRequest("POST", wire.REGISTRATION, request.to_wire()),), request)

    async def run(self, client, story, plan, key, progress) -> list[str]:
        try:
            wallet = await client.register_wallet(plan.payload, idempotency_key=key)
        except WalletAlreadyExistsError:
            story.phone = None  # taken: the retry plans another number
            raise
        story.wallet = wallet
        return [f"Wallet {wallet.wallet_id} for {wallet.phone}: {wallet.identification.value}, "
                f"balance {_rub(wallet.balance)}"]


class Identify(Step):
    name = "identify"
    title = "Set level SIMPLIFIED"
    why = "ANONYMOUS wallets may not withdraw to a bank; SIMPLIFIED may"
    keyed = True
    level = Identification.SIMPLIFIED

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        person = IdentificationRequest(first_name=self.settings.first_name,
                                       last_name=self.settings.last_name)
        path = wire.identification(wallet.wallet_id, self.level.value)
        return Plan((PlannedRequest("POST", path, person.to_wire()),), person)

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet = story.need_wallet()
        story.wallet = await client.set_identification(
            wallet.wallet_id, self.level, plan.payload, idempotency_key=key
        )
        limits = story.wallet.limits
        return [f"Level {story.wallet.identification.value}: balance up to "
                f"{_rub(limits.balance_limit)}"]


class Refill(Step):
    name = "refill"
    title = "Refill"
    why = "money comes in: one REFILL operation"
    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        request = RefillRequest(amount=self.settings.refill, description="Guided demo: refill")
        return Plan((PlannedRequest("POST", wire.refill(wallet.wallet_id), request.to_wire()),),
                    request)

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet = story.need_wallet()
        operation = await client.refill(wallet.wallet_id, plan.payload, idempotency_key=key)
        story.wallet = wallet.model_copy(update={"balance": operation.balance})
        return [f"{operation.type.value} {operation.status.value} {_rub(operation.amount)}, "
                f"balance {_rub(operation.balance)}"]


class InitPayment(Step):
    name = "payment-init"
    title = "Payment: initialize"
    why = "checks balance and limits, holds nothing, expires in 15 minutes"
    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        request = PaymentInitRequest(amount=self.settings.payment,
                                     description="Guided demo: payment")
        path = wire.payment_initialization(wallet.wallet_id)
        return Plan((PlannedRequest("POST", path, request.to_wire()),), request)

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet = story.need_wallet()
        story.payment = await client.init_payment(wallet.wallet_id, plan.payload,
                                                  idempotency_key=key)
        payment = story.payment
        return [f"Payment {payment.payment_id} {payment.status.value}: "
                f"total {_rub(payment.total_amount)} (fee {_rub(payment.fee)})"]


class ConfirmPayment(Step):
    name = "payment-confirm"
    title = "Payment: confirm"
    why = "the debit happens here; confirming again returns the same operation"
    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        if story.payment is None:
            raise ScenarioError("No payment yet: step 1 has not succeeded")
        body = PaymentConfirmRequest(payment_id=story.payment.payment_id).to_wire()
        path = wire.payment_confirmation(wallet.wallet_id)
        return Plan((PlannedRequest("POST", path, body),), story.payment.payment_id)

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet = story.need_wallet()
        operation = await client.confirm_payment(wallet.wallet_id, plan.payload,
                                                 idempotency_key=key)
        story.wallet = wallet.model_copy(update={"balance": operation.balance})
        return [f"{operation.type.value} {operation.status.value} {_rub(operation.amount)}, "
                f"balance {_rub(operation.balance)}"]


class ListBanks(Step):
    name = "banks"
    title = "Bank list (SBP)"
    why = "where a withdrawal can go: the Fast Payment System's members"

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        return Plan((PlannedRequest("GET", wire.BANKS),))

    async def run(self, client, story, plan, key, progress) -> list[str]:
        story.banks = await client.list_banks()
        if not story.banks:
            raise ScenarioError("The bank list is empty: no bank to withdraw to")
        story.bank = story.banks[0]
        return [f"{len(story.banks)} banks; the demo withdraws to {story.bank.name} "
                f"({story.bank.bank_id})"]


class Withdraw(Step):
    name = "withdraw"
    title = "Withdraw by SBP"
    why = "debits the total (fee included) at once; the bank settles it later"
    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        if story.bank is None:
            raise ScenarioError("No bank chosen: the bank list step has not succeeded")
        request = WithdrawalRequest(bank_id=story.bank.bank_id, phone=wallet.phone,
                                    amount=self.settings.withdrawal)
        path = wire.withdrawal_create(wallet.wallet_id)
        return Plan((PlannedRequest("POST", path, request.to_wire()),), request)

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet = story.need_wallet()
        withdrawal = await client.withdraw(wallet.wallet_id, plan.payload, idempotency_key=key)
        story.withdrawal = withdrawal
        story.wallet = wallet.model_copy(update={"balance": withdrawal.balance})
        return [f"Withdrawal {withdrawal.withdrawal_id} {withdrawal.status.value}: "
                f"total {_rub(withdrawal.total_amount)} (fee {_rub(withdrawal.fee)}), "
                f"balance {_rub(withdrawal.balance)}"]


class AwaitSettlement(Step):
    name = "withdrawal-status"
    title = "Wait until settled"
    why = "PROCESSING until the bank answers: SUCCEEDED, or FAILED and refunded"

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        if story.withdrawal is None:
            raise ScenarioError("No withdrawal yet: the withdrawal step has not succeeded")
        path = wire.withdrawal(wallet.wallet_id, story.withdrawal.withdrawal_id)
        every = self.settings.poll_interval
        return Plan((PlannedRequest("GET", path),),
                    note=f"asked again every {every:g} s while PROCESSING "
                         f"(at most {self.settings.poll_limit_seconds:g} s)")

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet = story.need_wallet()
        assert story.withdrawal is not None
        withdrawal_id = story.withdrawal.withdrawal_id
        waited = 0.0
        while True:
            withdrawal = await client.get_withdrawal(wallet.wallet_id, withdrawal_id)
            story.polls += 1
            story.withdrawal = withdrawal
            if withdrawal.status != WithdrawalStatus.PROCESSING:
                break
            if waited >= self.settings.poll_limit_seconds:
                raise ScenarioError(
                    f"Withdrawal {withdrawal_id} is still PROCESSING after {waited:g} s; "
                    "retry to keep waiting"
                )
            progress(f"asked {story.polls} time(s): PROCESSING, asking again in "
                     f"{self.settings.poll_interval:g} s")
            await self.settings.pause(self.settings.poll_interval)
            waited += self.settings.poll_interval
        line = f"Withdrawal {withdrawal.status.value} after {story.polls} status call(s)"
        if withdrawal.failure_reason:
            line += f": {withdrawal.failure_reason} (the total is refunded)"
        return [line]


_INCOMING = frozenset({"REFILL", "WITHDRAWAL_REFUND"})


class LookUp(Step):
    name = "lookup"
    title = "Look up with history"
    why = "the balance and every operation the story made, newest first"

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        return Plan((
            PlannedRequest("GET", wire.wallet(wallet.wallet_id)),
            PlannedRequest("GET", wire.operations(wallet.wallet_id),
                           query={wire.QUERY_LIMIT: wire.OPERATIONS_LIMIT_DEFAULT,
                                  wire.QUERY_OFFSET: 0}),
        ))

    async def run(self, client, story, plan, key, progress) -> list[str]:
        wallet_id = story.need_wallet().wallet_id
        story.wallet = await client.get_wallet(wallet_id)
        story.history = await client.list_operations(wallet_id)
        wallet = story.wallet
        lines = [f"Wallet {wallet.wallet_id} {wallet.identification.value}: "
                 f"balance {_rub(wallet.balance)}, {story.history.total} operation(s)"]
        for operation in story.history.items:
            sign = "+" if operation.type.value in _INCOMING else "−"
            line = f"  {operation.type.value} {sign}{_rub(operation.amount)}"
            if operation.status.value != "SUCCEEDED":
                line += f" {operation.status.value}"
            lines.append(f"{line} → {_rub(operation.balance)}")
        return lines


STEP_TYPES: tuple[type[Step], ...] = (
    LogIn, Register, Identify, Refill, InitPayment, ConfirmPayment, ListBanks, Withdraw,
    AwaitSettlement, LookUp,
)

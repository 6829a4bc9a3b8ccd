"""The guided demo's steps: the whole integration story, one API call (or one short series of
calls) each, in the order a partner integrates them.

Each step first *plans* — says what it is about to send, built from the same request models
and paths the client sends — and then *runs* that plan through the client's typed methods.
The plan is kept for a retry, so a retry after an unknown outcome sends the same body with
the same Idempotency-Key. Only the provider's calls are used: the story runs the same on the
sandbox and on a remote service."""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, Any

from wallet_tui.protocol.sentence import say, say_n
from wallet_tui.journal.store import new_external_id
from wallet_tui.protocol import (
    Identification,
    IdentificationRequest,
    LoginRequest,
    Operation,
    PaymentConfirmRequest,
    PaymentInitRequest,
    RefillRequest,
    RegistrationRequest,
    Wallet,
    WithdrawalRequest,
    WithdrawalStatus,
    wire,
)
from wallet_tui.protocol.errors import WalletAlreadyExistsError

from wallet_tui.protocol.paths import DEFAULT_PATHS, PathTable

from .plan import MASK, Plan, PlannedRequest, ScenarioError, Step, Story

if TYPE_CHECKING:
    from wallet_tui.client import WalletClient
    from wallet_tui.protocol.sentence import Sentence


def paths_of(client: Any) -> PathTable:
    """The paths the client sends to (a profile may respell some), so that the plan shown
    is what goes over the wire."""
    return getattr(client, "paths", None) or DEFAULT_PATHS


class WalletPost(Step):
    """A POST about the story's wallet: planned from one request model, sent with an
    Idempotency-Key; the model is the plan's payload, so a retry sends the same body."""

    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        request = self.request(story, wallet)
        path = self.path(paths_of(client), wallet)
        return Plan((PlannedRequest("POST", path, request.to_wire()),), request)

    @abstractmethod
    def request(self, story: Story, wallet: Wallet) -> Any: ...

    @abstractmethod
    def path(self, paths: PathTable, wallet: Wallet) -> str: ...


def _operation_done(story: Story, wallet: Wallet, operation: Operation) -> "Sentence":
    """The wallet's balance after `operation`, and the line that tells it."""
    story.wallet = wallet.model_copy(update={"balance": operation.balance})
    return say("{type} {status} {amount}, balance {balance}", type=operation.type.value,
               status=operation.status.value, amount=operation.amount,
               balance=operation.balance)


class LogIn(Step):
    name = "login"
    title = say("Log in")
    why = say("client_credentials grant: an access token and a refresh token")

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        credentials = client.credentials
        if credentials is None:
            raise ScenarioError(say("No credentials: log in from the login screen first"))
        body = LoginRequest(client_id=credentials.client_id, client_secret=MASK,
                            partner_id=credentials.partner_id).to_wire()
        return Plan((PlannedRequest("POST", paths_of(client).path("token"), body),))

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        token = await client.login()
        return [say("{kind} token for {seconds} s, refresh token for {refresh_seconds} s",
                    kind=token.token_type, seconds=token.expires_in,
                    refresh_seconds=token.refresh_expires_in)]


class Register(Step):
    name = "register"
    title = say("Register a wallet")
    why = say("a new ANONYMOUS wallet with a zero balance for a fresh phone")
    keyed = True

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        if story.phone is None:
            story.phone = self.settings.new_phone()
        request = RegistrationRequest(phone=story.phone)
        path = paths_of(client).path("registration")
        return Plan((PlannedRequest("POST", path, request.to_wire()),), request)

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        try:
            wallet = await client.register_wallet(plan.payload, idempotency_key=key)
        except WalletAlreadyExistsError:
            story.phone = None  # taken: the retry plans another number
            raise
        story.wallet = wallet
        return [say("Wallet {wallet_id} for {phone}: {level}, balance {balance}",
                    wallet_id=wallet.wallet_id, phone=wallet.phone,
                    level=wallet.identification.value, balance=wallet.balance)]


class Identify(WalletPost):
    name = "identify"
    title = say("Set level SIMPLIFIED")
    why = say("ANONYMOUS wallets may not withdraw to a bank; SIMPLIFIED may")
    level = Identification.SIMPLIFIED

    def request(self, story: Story, wallet: Wallet) -> Any:
        return IdentificationRequest(first_name=self.settings.first_name,
                                     last_name=self.settings.last_name)

    def path(self, paths: PathTable, wallet: Wallet) -> str:
        return paths.path("identification", walletId=wallet.wallet_id,
                          Identified=self.level.value)

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        wallet = story.need_wallet()
        story.wallet = await client.set_identification(
            wallet.wallet_id, self.level, plan.payload, idempotency_key=key
        )
        return [say("Level {level}: balance up to {limit}",
                    level=story.wallet.identification.value,
                    limit=story.wallet.limits.balance_limit)]


class Refill(WalletPost):
    name = "refill"
    title = say("Refill")
    why = say("money comes in: one REFILL operation")

    def request(self, story: Story, wallet: Wallet) -> Any:
        return RefillRequest(amount=self.settings.refill, external_id=new_external_id(),
                             description="Guided demo: refill")  # i18n: keep (data sent)

    def path(self, paths: PathTable, wallet: Wallet) -> str:
        return paths.path("refill", walletId=wallet.wallet_id)

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        wallet = story.need_wallet()
        operation = await client.refill(wallet.wallet_id, plan.payload, idempotency_key=key)
        return [_operation_done(story, wallet, operation)]


class InitPayment(WalletPost):
    name = "payment-init"
    title = say("Payment: initialize")
    why = say("checks balance and limits, holds nothing, expires in 15 minutes")

    def request(self, story: Story, wallet: Wallet) -> Any:
        return PaymentInitRequest(amount=self.settings.payment, external_id=new_external_id(),
                                  description="Guided demo: payment")  # i18n: keep (data sent)

    def path(self, paths: PathTable, wallet: Wallet) -> str:
        return paths.path("payment_initialization", walletId=wallet.wallet_id)

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        wallet = story.need_wallet()
        payment = await client.init_payment(wallet.wallet_id, plan.payload,
                                            idempotency_key=key)
        story.payment = payment
        return [say("Payment {payment_id} {status}: total {total} (fee {fee})",
                    payment_id=payment.payment_id, status=payment.status.value,
                    total=payment.total_amount, fee=payment.fee)]


class ConfirmPayment(WalletPost):
    name = "payment-confirm"
    title = say("Payment: confirm")
    why = say("the debit happens here; confirming again returns the same operation")

    def request(self, story: Story, wallet: Wallet) -> Any:
        if story.payment is None:
            raise ScenarioError(say("No payment yet: the payment initialization step has not succeeded"))
        return PaymentConfirmRequest(payment_id=story.payment.payment_id)

    def path(self, paths: PathTable, wallet: Wallet) -> str:
        return paths.path("payment_confirmation", walletId=wallet.wallet_id)

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        wallet = story.need_wallet()
        operation = await client.confirm_payment(wallet.wallet_id, plan.payload.payment_id,
                                                 idempotency_key=key)
        return [_operation_done(story, wallet, operation)]


class ListBanks(Step):
    name = "banks"
    title = say("Bank list (SBP)")
    why = say("where a withdrawal can go: the Fast Payment System's members")

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        return Plan((PlannedRequest("GET", paths_of(client).path("banks")),))

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        story.banks = await client.list_banks()
        if not story.banks:
            raise ScenarioError(say("The bank list is empty: no bank to withdraw to"))
        story.bank = story.banks[0]
        return [say_n("{count} bank; the demo withdraws to {bank} ({bank_id})",
                      "{count} banks; the demo withdraws to {bank} ({bank_id})",
                    count=len(story.banks), bank=story.bank.name, bank_id=story.bank.bank_id)]


class Withdraw(WalletPost):
    name = "withdraw"
    title = say("Withdraw by SBP")
    why = say("debits the total (fee included) at once; the bank settles it later")

    def request(self, story: Story, wallet: Wallet) -> Any:
        if story.bank is None:
            raise ScenarioError(say("No bank chosen: the bank list step has not succeeded"))
        return WithdrawalRequest(bank_id=story.bank.bank_id, phone=wallet.phone,
                                 amount=self.settings.withdrawal, external_id=new_external_id())

    def path(self, paths: PathTable, wallet: Wallet) -> str:
        return paths.path("withdrawal_create", walletId=wallet.wallet_id)

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        wallet = story.need_wallet()
        withdrawal = await client.withdraw(wallet.wallet_id, plan.payload, idempotency_key=key)
        story.withdrawal = withdrawal
        story.wallet = wallet.model_copy(update={"balance": withdrawal.balance})
        return [say("Withdrawal {withdrawal_id} {status}: total {total} (fee {fee}), "
                    "balance {balance}", withdrawal_id=withdrawal.withdrawal_id,
                    status=withdrawal.status.value, total=withdrawal.total_amount,
                    fee=withdrawal.fee, balance=withdrawal.balance)]


class AwaitSettlement(Step):
    name = "withdrawal-status"
    title = say("Wait until settled")
    why = say("PROCESSING until the bank answers: SUCCEEDED, or FAILED and refunded")

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        if story.withdrawal is None:
            raise ScenarioError(
                say("No withdrawal yet: the withdrawal step has not succeeded")
            )
        path = paths_of(client).path("withdrawal", walletId=wallet.wallet_id,
                                     withdrawalId=story.withdrawal.withdrawal_id)
        return Plan((PlannedRequest("GET", path),),
                    note=say("asked again every {every:g} s while PROCESSING "
                             "(at most {limit:g} s)", every=self.settings.poll_interval,
                             limit=self.settings.poll_limit_seconds))

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
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
                raise ScenarioError(say(
                    "Withdrawal {withdrawal_id} is still PROCESSING after {waited:g} s; "
                    "retry to keep waiting", withdrawal_id=withdrawal_id, waited=waited,
                ))
            progress(say_n("asked {count} time: PROCESSING, asking again in {every:g} s",
                           "asked {count} times: PROCESSING, asking again in {every:g} s",
                         count=story.polls, every=self.settings.poll_interval))
            await self.settings.pause(self.settings.poll_interval)
            waited += self.settings.poll_interval
        if withdrawal.failure_reason:
            return [say_n("Withdrawal {status} after {count} status call: {reason} "
                          "(the total is refunded)",
                          "Withdrawal {status} after {count} status calls: {reason} "
                          "(the total is refunded)", status=withdrawal.status.value,
                        count=story.polls, reason=withdrawal.failure_reason)]
        return [say_n("Withdrawal {status} after {count} status call",
                      "Withdrawal {status} after {count} status calls",
                    status=withdrawal.status.value, count=story.polls)]


_INCOMING = frozenset({"REFILL", "WITHDRAWAL_REFUND"})


class LookUp(Step):
    name = "lookup"
    title = say("Look up with history")
    why = say("the balance and every operation the story made, newest first")

    def plan(self, client: "WalletClient", story: Story) -> Plan:
        wallet = story.need_wallet()
        paths = paths_of(client)
        return Plan((
            PlannedRequest("GET", paths.path("wallet", walletId=wallet.wallet_id)),
            PlannedRequest("GET", paths.path("operations", walletId=wallet.wallet_id),
                           query={wire.QUERY_LIMIT: wire.OPERATIONS_LIMIT_DEFAULT,
                                  wire.QUERY_OFFSET: 0}),
        ))

    async def run(self, client, story, plan, key, progress) -> list[Sentence]:
        wallet_id = story.need_wallet().wallet_id
        story.wallet = await client.get_wallet(wallet_id)
        story.history = await client.list_operations(wallet_id)
        wallet = story.wallet
        lines = [say_n("Wallet {wallet_id} {level}: balance {balance}, {count} operation",
                       "Wallet {wallet_id} {level}: balance {balance}, {count} operations",
                     wallet_id=wallet.wallet_id, level=wallet.identification.value,
                     balance=wallet.balance, count=story.history.total)]
        for operation in story.history.items:
            sign = "+" if operation.type.value in _INCOMING else "−"
            status = "" if operation.status.value == "SUCCEEDED" else f" {operation.status.value}"
            lines.append(_operation_row(operation, sign, status))
        return lines


def _operation_row(operation: Operation, sign: str, status: str) -> "Sentence":
    # Wire names and money: the same words in every language. The fee is shown whenever
    # there is one, so the figures add up (3 800 − 1 000 − 10 = 2 790).
    if operation.fee:
        return say("  {type} {sign}{amount} − fee {fee}{status} → {balance}",
                   type=operation.type.value, sign=sign, amount=operation.amount,
                   fee=operation.fee, status=status, balance=operation.balance)
    return say("  {type} {sign}{amount}{status} → {balance}", type=operation.type.value,
               sign=sign, amount=operation.amount, status=status, balance=operation.balance)


STEP_TYPES: tuple[type[Step], ...] = (
    LogIn, Register, Identify, Refill, InitPayment, ConfirmPayment, ListBanks, Withdraw,
    AwaitSettlement, LookUp,
)

"""From protocol models to journal drafts, and back from an entry to the call that sends it
again (the same key, the same body) or to the questions that learn its outcome. The client
is taken as given (any object with WalletClient's methods): this room does not import it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from wallet_tui.protocol.sentence import Sentence, say
from wallet_tui.protocol import (
    ApiError,
    ErrorName,
    Identification,
    IdentificationRequest,
    Operation,
    Payment,
    PaymentInitRequest,
    RefillRequest,
    RegistrationRequest,
    Wallet,
    Withdrawal,
    WithdrawalRequest,
)

from .entries import (
    CONFIRMATION,
    IDENTIFICATION,
    PAYMENT,
    REFILL,
    REGISTRATION,
    WITHDRAWAL,
    Draft,
    Entry,
)

# What sending a journalled operation answers.
Sent = Operation | Payment | Withdrawal | Wallet
T = TypeVar("T")
# One operation's sender below: the entry's call, typed by the client method's answer.
Sender = Callable[[Any, Entry], Awaitable[T]]

HISTORY_PAGE = 100
HISTORY_PAGES_SEARCHED = 20  # 2 000 operations back: the entry is at most a day old


# -- drafts -----------------------------------------------------------------------------------

def refill(wallet_id: str, request: RefillRequest) -> Draft:
    return Draft(REFILL, {"walletId": wallet_id}, request.to_wire(), amount=request.amount,
                 currency=request.currency)


def payment(wallet_id: str, request: PaymentInitRequest) -> Draft:
    return Draft(PAYMENT, {"walletId": wallet_id}, request.to_wire(), amount=request.amount,
                 currency=request.currency)


def confirmation(pending: Payment) -> Draft:
    return Draft(CONFIRMATION, {"walletId": pending.wallet_id, "paymentId": pending.payment_id},
                 {"paymentId": pending.payment_id}, amount=pending.total_amount,
                 currency=pending.currency)


def withdrawal(wallet_id: str, request: WithdrawalRequest) -> Draft:
    return Draft(WITHDRAWAL, {"walletId": wallet_id}, request.to_wire(), amount=request.amount,
                 currency=request.currency, subject=request.phone)


def registration(request: RegistrationRequest) -> Draft:
    return Draft(REGISTRATION, {}, request.to_wire(), subject=request.phone)


def identification(wallet_id: str, level: Identification,
                   person: IdentificationRequest | None) -> Draft:
    body = person.to_wire() if person is not None else {}
    return Draft(IDENTIFICATION, {"walletId": wallet_id, "level": Identification(level).value},
                 body, subject=Identification(level).value)


# -- sending ----------------------------------------------------------------------------------

# Each money operation's sender: the entry's call with its key and body, as first sent, and
# the client method's answer type (a screen's answer callbacks are typed by it).

async def send_refill(client: Any, entry: Entry) -> Operation:
    return await client.refill(entry.target.get("walletId", ""),
                               RefillRequest.model_validate(entry.body), idempotency_key=entry.key)


async def send_payment(client: Any, entry: Entry) -> Payment:
    return await client.init_payment(entry.target.get("walletId", ""),
                                     PaymentInitRequest.model_validate(entry.body),
                                     idempotency_key=entry.key)


async def send_confirmation(client: Any, entry: Entry) -> Operation:
    return await client.confirm_payment(entry.target.get("walletId", ""),
                                        entry.target["paymentId"], idempotency_key=entry.key)


async def send_withdrawal(client: Any, entry: Entry) -> Withdrawal:
    return await client.withdraw(entry.target.get("walletId", ""),
                                 WithdrawalRequest.model_validate(entry.body),
                                 idempotency_key=entry.key)


async def send_registration(client: Any, entry: Entry) -> Wallet:
    return await client.register_wallet(RegistrationRequest.model_validate(entry.body),
                                        idempotency_key=entry.key)


async def send_identification(client: Any, entry: Entry) -> Wallet:
    person = IdentificationRequest.model_validate(entry.body) if entry.body else None
    return await client.set_identification(entry.target.get("walletId", ""),
                                           Identification(entry.target["level"]), person,
                                           idempotency_key=entry.key)


_SENDERS: dict[str, Sender[Sent]] = {
    REFILL: send_refill,
    PAYMENT: send_payment,
    CONFIRMATION: send_confirmation,
    WITHDRAWAL: send_withdrawal,
    REGISTRATION: send_registration,
    IDENTIFICATION: send_identification,
}


async def send(client: Any, entry: Entry) -> Sent:
    """Sends the entry's operation with its key and body, as first sent (a retry from the
    journal, whatever the operation)."""
    sender = _SENDERS.get(entry.op)
    if sender is None:
        raise ValueError(f"not a journalled operation: {entry.op}")  # i18n: keep (a bug, logged)
    return await sender(client, entry)


# -- checking ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """What the service said about an entry. `settles` when it tells the outcome for good;
    `said` for the operator (read in the desk's language), `found` the ids learnt."""

    settles: bool
    said: Sentence
    found: dict[str, str]

    @property
    def outcome(self) -> str:
        """For the journal file: in English, whatever the operator's language."""
        return self.said.english


async def check(client: Any, entry: Entry) -> Finding:
    """Reads the outcome back from the service: payment or withdrawal status, the wallet's
    history by externalId, the wallet by phone or its level."""
    wallet_id = entry.wallet_id or ""
    if entry.op == CONFIRMATION:
        payment_ = await client.get_payment(wallet_id, entry.target["paymentId"])
        status = payment_.status.value
        found = {"paymentId": payment_.payment_id, "status": status}
        return Finding(status != "CREATED", say("payment {status}", status=status), found)
    if entry.op in (REFILL, PAYMENT, WITHDRAWAL):
        operation = await _in_history(client, wallet_id, entry.external_id)
        if operation is None:
            if entry.op == PAYMENT:
                # An initialised payment holds nothing and lapses by itself.
                return Finding(True, say("initialised only: no money moved"), {})
            return Finding(False, say("not in the wallet's history"), {})
        found = {"operationId": operation.operation_id, "status": operation.status.value}
        if operation.withdrawal_id:
            found["withdrawalId"] = operation.withdrawal_id
            withdrawn = await client.get_withdrawal(wallet_id, operation.withdrawal_id)
            found["status"] = withdrawn.status.value
        if operation.payment_id:
            found["paymentId"] = operation.payment_id
        return Finding(True, say("{type} {status} in the wallet's history",
                                 type=operation.type.value, status=found["status"]), found)
    if entry.op == REGISTRATION:
        try:
            wallet = await client.find_wallet_by_phone(str(entry.body.get("phone", "")))
        except ApiError as error:
            if error.error_name == ErrorName.WALLET_NOT_FOUND.value:
                return Finding(False, say("no wallet with this phone"), {})
            raise
        return Finding(True, say("wallet {wallet_id} registered", wallet_id=wallet.wallet_id),
                       {"walletId": wallet.wallet_id})
    if entry.op == IDENTIFICATION:
        wallet = await client.get_wallet(wallet_id)
        level = wallet.identification.value
        found = {"identification": level}
        return Finding(level == entry.target.get("level"), say("the level is {level}", level=level),
                       found)
    raise ValueError(f"not a journalled operation: {entry.op}")  # i18n: keep (a bug, logged)


async def _in_history(client: Any, wallet_id: str, external_id: str | None) -> Any:
    """The wallet's operation with this externalId, newest first (the contract has no search
    by externalId: the history is read page by page)."""
    if not external_id:
        return None
    for page_number in range(HISTORY_PAGES_SEARCHED):
        page = await client.list_operations(wallet_id, limit=HISTORY_PAGE,
                                            offset=page_number * HISTORY_PAGE)
        for operation in page.items:
            if operation.external_id == external_id and operation.type.value != "WITHDRAWAL_REFUND":
                return operation
        if (page_number + 1) * HISTORY_PAGE >= page.total or not page.items:
            return None
    return None



"""Payments (two steps), the SBP bank list, and withdrawals to a bank."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from wallet_tui.protocol import ErrorName
from wallet_tui.protocol.models import (
    BankList,
    Operation,
    Payment,
    PaymentConfirmRequest,
    PaymentInitRequest,
    Withdrawal,
    WithdrawalRequest,
)

from . import ledger, paths, views, withdrawals
from .banks import bank_list
from .openapi import AFTER_PAYMENT_INIT, AFTER_REFILL, AFTER_WITHDRAWAL, EXAMPLES, WALLET_ERRORS, doc
from .routing import Routes
from .pipeline import ApiCall
from .views import Ctx

routes = Routes()

# A payment's or a withdrawal's status: an unknown one on the wallet is PAYMENT_NOT_FOUND alike.
STATUS_ERRORS = (ErrorName.WALLET_NOT_FOUND, ErrorName.PAYMENT_NOT_FOUND)


async def _status_of(
    request: Request, view: Callable[[Ctx, str, str], BaseModel], id_parameter: str
) -> Response:
    """GET of one payment or withdrawal of a wallet: a read snapshot, no key."""
    wallet_id = request.path_params["wallet_id"]
    item_id = request.path_params[id_parameter]
    call = await ApiCall.start(request)
    return await call.run(lambda ctx: view(ctx, wallet_id, item_id), reads_only=True)


@routes.get(paths.BANKS, doc(ok=BankList))
async def list_banks(request: Request) -> Response:
    """The SBP banks a withdrawal may go to"""
    call = await ApiCall.start(request)
    return await call.run(lambda ctx: bank_list(), reads_only=True)


@routes.post(paths.PAYMENT_INITIALIZATION, doc(
    ok=Payment, status=201, body=PaymentInitRequest, example=EXAMPLES["payment"], keyed=True,
    errors=(*WALLET_ERRORS, ErrorName.INSUFFICIENT_FUNDS, ErrorName.TURNOVER_LIMIT_EXCEEDED),
    links=AFTER_PAYMENT_INIT,
))
async def init_payment(request: Request) -> Response:
    """Payment, step 1: check the wallet and hold nothing"""
    wallet_id = request.path_params["wallet_id"]
    call = await ApiCall.start(request)
    body = call.body(PaymentInitRequest)
    return await call.run(
        lambda ctx: ledger.init_payment(ctx, wallet_id, body), status=201, keyed=True
    )


@routes.post(paths.PAYMENT_CONFIRMATION, doc(
    ok=Operation, body=PaymentConfirmRequest, example=EXAMPLES["confirmation"], keyed=True,
    errors=(*WALLET_ERRORS, ErrorName.PAYMENT_NOT_FOUND, ErrorName.PAYMENT_EXPIRED,
            ErrorName.INSUFFICIENT_FUNDS, ErrorName.TURNOVER_LIMIT_EXCEEDED),
    links=AFTER_REFILL,
))
async def confirm_payment(request: Request) -> Response:
    """Payment, step 2: re-check and debit (once, however often confirmed)"""
    wallet_id = request.path_params["wallet_id"]
    call = await ApiCall.start(request)
    body = call.body(PaymentConfirmRequest)
    return await call.run(
        lambda ctx: ledger.confirm_payment(ctx, wallet_id, body), keyed=True, money_moving=True
    )


@routes.get(paths.PAYMENT, doc(ok=Payment, errors=STATUS_ERRORS))
async def get_payment(request: Request) -> Response:
    """A payment with its current status"""
    return await _status_of(request, views.get_payment, "payment_id")


@routes.post(paths.WITHDRAWAL_CREATE, doc(
    ok=Withdrawal, status=202, body=WithdrawalRequest, example=EXAMPLES["withdrawal"],
    keyed=True,
    errors=(*WALLET_ERRORS, ErrorName.IDENTIFICATION_REQUIRED, ErrorName.BANK_NOT_FOUND,
            ErrorName.INSUFFICIENT_FUNDS, ErrorName.TURNOVER_LIMIT_EXCEEDED),
    links=AFTER_WITHDRAWAL,
))
async def withdraw(request: Request) -> Response:
    """Withdraw to a bank: debits at once, the bank settles later"""
    wallet_id = request.path_params["wallet_id"]
    call = await ApiCall.start(request)
    body = call.body(WithdrawalRequest)
    return await call.run(
        lambda ctx: withdrawals.withdraw(ctx, wallet_id, body), status=202, keyed=True,
        money_moving=True,
    )


@routes.get(paths.WITHDRAWAL, doc(ok=Withdrawal, errors=STATUS_ERRORS))
async def get_withdrawal(request: Request) -> Response:
    """A withdrawal with its current status"""
    return await _status_of(request, views.get_withdrawal, "withdrawal_id")

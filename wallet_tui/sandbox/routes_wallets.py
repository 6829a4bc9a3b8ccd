"""Wallets: register, look up (by id or phone), history, identification level, refill."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from wallet_tui.protocol import ErrorName, Identification, Phone, wire
from wallet_tui.protocol.models import (
    IdentificationRequest,
    Operation,
    OperationsPage,
    RefillRequest,
    RegistrationRequest,
    Wallet,
)

from . import ledger, paths, views
from .errors import invalid
from .openapi import (
    AFTER_REFILL,
    AFTER_REGISTRATION,
    EXAMPLES,
    PAGE_QUERIES,
    PHONE_QUERY,
    WALLET_ERRORS,
    doc,
)
from .routing import Routes
from .pipeline import ApiCall

routes = Routes()

PHONE = TypeAdapter(Phone)
LEVEL_FIELD = Wallet.model_fields["identification"].alias or "identification"
LEVELS = ", ".join(level.value for level in Identification)
SQLITE_MAX_INTEGER = 2**63 - 1


def int_param(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    bound = f"from {low} to {high}" if high is not None else f"at least {low}"
    digits = text
    # ASCII digits only: isdigit() alone lets "²" and "٣" through.
    if not (digits.isascii() and digits.isdigit()):
        raise invalid([(name, f"must be a whole number {bound}")])
    value = int(digits)
    if value < low or (high is not None and value > high):
        raise invalid([(name, f"must be {bound}")])
    return value


@routes.post(paths.REGISTRATION, doc(
    ok=Wallet, status=201, body=RegistrationRequest, example=EXAMPLES["registration"],
    keyed=True, errors=(ErrorName.WALLET_ALREADY_EXISTS,), links=AFTER_REGISTRATION,
))
async def register(request: Request) -> Response:
    """Register a wallet (ANONYMOUS, balance 0.00); one per phone"""
    call = await ApiCall.start(request)
    body = call.body(RegistrationRequest)
    return await call.run(lambda ctx: ledger.register(ctx, body), status=201, keyed=True)


@routes.get(paths.WALLET_BY_PHONE, doc(
    ok=Wallet, errors=(ErrorName.WALLET_NOT_FOUND,), parameters=[PHONE_QUERY],
))
async def find_by_phone(request: Request) -> Response:
    """Look a wallet up by its phone"""
    call = await ApiCall.start(request)
    raw = request.query_params.get(wire.QUERY_PHONE)
    if raw is None:
        raise invalid([(wire.QUERY_PHONE, "is required, e.g. ?phone=%2B79161234567")])
    try:
        phone = PHONE.validate_python(raw)
    except ValidationError as error:
        raise invalid([(wire.QUERY_PHONE, error.errors()[0]["msg"].removeprefix("Value error, "))])
    return await call.run(lambda ctx: views.find_wallet_by_phone(ctx, phone), reads_only=True)


@routes.get(paths.WALLET, doc(ok=Wallet, errors=(ErrorName.WALLET_NOT_FOUND,)))
async def get_wallet(request: Request) -> Response:
    """Look a wallet up by its id"""
    wallet_id = request.path_params["wallet_id"]
    call = await ApiCall.start(request)
    return await call.run(lambda ctx: views.get_wallet(ctx, wallet_id), reads_only=True)


@routes.get(paths.OPERATIONS, doc(
    ok=OperationsPage, errors=(ErrorName.WALLET_NOT_FOUND,), parameters=PAGE_QUERIES,
))
async def list_operations(request: Request) -> Response:
    """A page of the wallet's operations, newest first"""
    wallet_id = request.path_params["wallet_id"]
    call = await ApiCall.start(request)
    limit = int_param(
        request, wire.QUERY_LIMIT, wire.OPERATIONS_LIMIT_DEFAULT,
        wire.OPERATIONS_LIMIT_MIN, wire.OPERATIONS_LIMIT_MAX,
    )
    # Any offset past the end is an empty page; SQLite's integers end at 2**63 - 1.
    offset = min(int_param(request, wire.QUERY_OFFSET, 0, 0, None), SQLITE_MAX_INTEGER)
    return await call.run(
        lambda ctx: views.operations_page(ctx, wallet_id, limit, offset), reads_only=True
    )


@routes.post(paths.IDENTIFICATION, doc(
    ok=Wallet, body=IdentificationRequest, example=EXAMPLES["identification"],
    body_required=False, keyed=True, errors=(*WALLET_ERRORS, ErrorName.BALANCE_LIMIT_EXCEEDED),
))
async def set_identification(request: Request) -> Response:
    """Set the wallet's identification level (person data optional)"""
    wallet_id = request.path_params["wallet_id"]
    level = request.path_params["level"]
    call = await ApiCall.start(request)
    person = call.body(IdentificationRequest, optional=True)
    if level not in Identification.__members__:
        raise invalid([(LEVEL_FIELD, f"must be one of {LEVELS}")])
    target = Identification(level)
    return await call.run(
        lambda ctx: ledger.set_identification(ctx, wallet_id, target, person), keyed=True
    )


@routes.post(paths.REFILL, doc(
    ok=Operation, body=RefillRequest, example=EXAMPLES["refill"], keyed=True,
    errors=(*WALLET_ERRORS, ErrorName.BALANCE_LIMIT_EXCEEDED), links=AFTER_REFILL,
))
async def refill(request: Request) -> Response:
    """Refill the wallet"""
    wallet_id = request.path_params["wallet_id"]
    call = await ApiCall.start(request)
    body = call.body(RefillRequest)
    return await call.run(
        lambda ctx: ledger.refill(ctx, wallet_id, body), keyed=True, money_moving=True
    )

"""The calls and checks the rules share: logging in by hand, reading a wallet, choosing a test
wallet, moving test money, and the amounts an answer carries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx

from wallet_tui.protocol import wire

from .context import (
    Broken,
    CheckContext,
    NotApplicable,
    expect_money,
    expect_status,
    money,
)

WALLET_MONEY = ("balance", "limits.balanceLimit", "limits.monthlyTurnoverLimit",
                "limits.monthlyTurnoverUsed")
OPERATION_MONEY = ("amount", "fee", "balance")
PAYMENT_MONEY = ("amount", "fee", "totalAmount")
WITHDRAWAL_MONEY = ("amount", "fee", "totalAmount", "balance")
UNKNOWN_WALLET = "000000000000"
NOT_A_TOKEN = "wallet-tui-check-not-a-token"
PAYMENT_LIFETIME = timedelta(minutes=15)


# --- helpers --------------------------------------------------------------------------------


def login_body(ctx: CheckContext, **changes: str) -> dict[str, str]:
    credentials = ctx.partner.credentials
    body = {"grantType": wire.GRANT_CLIENT_CREDENTIALS, "clientId": credentials.client_id,
            "clientSecret": credentials.client_secret, "partnerId": credentials.partner_id}
    return {**body, **changes}


def refresh_body(refresh_token: str, client_id: str) -> dict[str, str]:
    return {"grantType": wire.GRANT_REFRESH_TOKEN, "refreshToken": refresh_token,
            "clientId": client_id}


async def token_call(ctx: CheckContext, body: Any = None, *, content: bytes | None = None
                     ) -> httpx.Response:
    return await ctx.client.probe("POST", ctx.path("token"), body=body, content=content,
                                  authorized=False)


async def fresh_tokens(ctx: CheckContext) -> dict[str, Any]:
    """A login of its own (not the session's), for rows that spend its tokens."""
    response = await token_call(ctx, login_body(ctx))
    body = expect_status(response, 200)
    if not isinstance(body, dict) or not body.get("accessToken") or not body.get("refreshToken"):
        raise Broken("the token answer has no accessToken or refreshToken", response)
    return body


def named_wallets(ctx: CheckContext) -> list[str]:
    if not ctx.wallets:
        raise NotApplicable("no wallet named: give --wallet ID (or check_wallets in the profile)")
    return ctx.wallets


async def read_wallet(ctx: CheckContext, wallet_id: str, client: Any = None) -> dict[str, Any]:
    response = await (client or ctx.client).probe("GET", ctx.path("wallet", walletId=wallet_id))
    body = expect_status(response, 200)
    if not isinstance(body, dict) or body.get("walletId") != wallet_id:
        raise Broken(f"asked for wallet {wallet_id}, got {json.dumps(body)[:80]}", response)
    expect_money(body, WALLET_MONEY, response)
    return body


async def balance_of(ctx: CheckContext, wallet_id: str) -> Decimal:
    return money((await read_wallet(ctx, wallet_id))["balance"])


def same_balance(before: Decimal, after: Decimal, what: str) -> None:
    if before != after:
        raise Broken(f"{what}, yet the balance went from {before} to {after}")


async def remember(ctx: CheckContext, wallet: dict[str, Any]) -> None:
    """Notes a test wallet's state before the first money row touches it: the cleanup puts
    it back."""
    ctx.starting_state.setdefault(
        wallet["walletId"], (money(wallet["balance"]), str(wallet["identification"]))
    )


async def test_wallet(ctx: CheckContext, fits: Callable[[dict[str, Any]], bool], need: str
                      ) -> dict[str, Any]:
    if not ctx.test_wallets:
        raise NotApplicable("no test wallet named: give --test-wallet ID")
    for wallet_id in ctx.test_wallets:
        wallet = await read_wallet(ctx, wallet_id)
        if wallet.get("status") == "ACTIVE" and fits(wallet):
            await remember(ctx, wallet)
            return wallet
    raise NotApplicable(f"no named test wallet {need}")


def room_for(amount: Decimal) -> Callable[[dict[str, Any]], bool]:
    def fits(wallet: dict[str, Any]) -> bool:
        limits = wallet.get("limits") or {}
        return money(wallet["balance"]) + amount <= money(limits.get("balanceLimit", "0"))

    return fits


def holds_at_least(amount: Decimal) -> Callable[[dict[str, Any]], bool]:
    return lambda wallet: money(wallet["balance"]) >= amount


def new_key(ctx: CheckContext) -> str:
    from wallet_tui.client import new_idempotency_key

    return new_idempotency_key()


async def refill(ctx: CheckContext, wallet_id: str, amount: Any, key: str | None = None
                 ) -> httpx.Response:
    return await ctx.client.probe(
        "POST", ctx.path("refill", walletId=wallet_id),
        body={"amount": amount, "currency": wire.CURRENCY, "description": "wallet-tui check"},
        idempotency_key=key or new_key(ctx),
    )


async def pay(ctx: CheckContext, wallet_id: str, amount: str) -> tuple[dict, dict]:
    """Initialises and confirms a payment; the step-1 and step-2 bodies."""
    started = await ctx.client.probe(
        "POST", ctx.path("payment_initialization", walletId=wallet_id),
        body={"amount": amount, "currency": wire.CURRENCY, "description": "wallet-tui check"},
        idempotency_key=new_key(ctx),
    )
    payment = expect_status(started, 201)
    done = await ctx.client.probe(
        "POST", ctx.path("payment_confirmation", walletId=wallet_id),
        body={"paymentId": payment.get("paymentId")}, idempotency_key=new_key(ctx),
    )
    return payment, expect_status(done, 200)

"""The contract (docs/protocol.md) as rows: each row is one rule a server must keep, run
through a WalletClient against any server. `wallet-tui check` runs them against a profile's
server; tests/sandbox/test_contract_rows.py runs the same rows against the sandbox, so the
check and the contract tests cannot drift apart.

A row's coroutine returns a short note when the rule holds, raises `Broken` when the server
breaks it, and `NotApplicable` when it cannot be run here (and what would let it run)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.levels import Identification, limits_of

from .context import (
    CLOCK_SKEW_TOLERANCE,
    Broken,
    CheckContext,
    NotApplicable,
    body_of,
    expect_error,
    expect_money,
    expect_status,
    money,
    server_time,
)

RowRun = Callable[[CheckContext], Awaitable[str]]


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    needs_money: bool
    run: RowRun


ROWS: list[Row] = []


def row(id: str, title: str, *, needs_money: bool = False) -> Callable[[RowRun], RowRun]:
    def register(run: RowRun) -> RowRun:
        ROWS.append(Row(id, title, needs_money, run))
        return run

    return register


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


# --- authorization -------------------------------------------------------------------------


@row("auth.token", "log in: Bearer tokens with lifetimes, Cache-Control: no-store")
async def auth_token(ctx: CheckContext) -> str:
    response = await token_call(ctx, login_body(ctx))
    body = expect_status(response, 200)
    for name in ("accessToken", "refreshToken"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise Broken(f"the token answer has no {name}", response)
    if body.get("tokenType") != wire.TOKEN_TYPE:
        raise Broken(f"tokenType is {body.get('tokenType')!r}, not Bearer", response)
    for name in ("expiresIn", "refreshExpiresIn"):
        if not isinstance(body.get(name), int) or isinstance(body.get(name), bool) \
                or body[name] <= 0:
            raise Broken(f"{name} is {body.get(name)!r}: a number of seconds is expected",
                         response)
    if "no-store" not in response.headers.get(wire.CACHE_CONTROL, ""):
        raise Broken("the token answer lacks Cache-Control: no-store", response)
    return f"access {body['expiresIn']} s, refresh {body['refreshExpiresIn']} s"


@row("auth.refresh", "refresh: a new pair of tokens, the new access token works")
async def auth_refresh(ctx: CheckContext) -> str:
    first = await fresh_tokens(ctx)
    client_id = ctx.partner.credentials.client_id
    response = await token_call(ctx, refresh_body(first["refreshToken"], client_id))
    second = expect_status(response, 200)
    if second.get("refreshToken") in (None, first["refreshToken"]):
        raise Broken("the refresh did not rotate the refresh token", response)
    works = await ctx.client.probe("GET", ctx.path("banks"), bearer=second.get("accessToken"))
    expect_status(works, 200)
    return "refreshed; the new access token is accepted"


@row("auth.rotation", "a reused refresh token is INVALID_GRANT and revokes its login")
async def auth_rotation(ctx: CheckContext) -> str:
    first = await fresh_tokens(ctx)
    client_id = ctx.partner.credentials.client_id
    second = expect_status(await token_call(ctx, refresh_body(first["refreshToken"], client_id)),
                           200)
    expect_error(await token_call(ctx, refresh_body(first["refreshToken"], client_id)),
                 ErrorName.INVALID_GRANT)
    revoked = await ctx.client.probe("GET", ctx.path("banks"), bearer=second["accessToken"])
    expect_error(revoked, ErrorName.UNAUTHORIZED)
    return "reuse refused; the tokens of that login stopped working"


@row("auth.refresh_other_client", "a refresh with another clientId is INVALID_GRANT")
async def auth_refresh_other_client(ctx: CheckContext) -> str:
    tokens = await fresh_tokens(ctx)
    client_id = ctx.partner.credentials.client_id
    expect_error(await token_call(ctx, refresh_body(tokens["refreshToken"], client_id + "-x")),
                 ErrorName.INVALID_GRANT)
    still = await token_call(ctx, refresh_body(tokens["refreshToken"], client_id))
    expect_status(still, 200)
    return "refused, and the refresh token stayed usable"


@row("auth.bad_token", "no token or an unknown one is UNAUTHORIZED")
async def auth_bad_token(ctx: CheckContext) -> str:
    expect_error(await ctx.client.probe("GET", ctx.path("banks"), bearer=NOT_A_TOKEN),
                 ErrorName.UNAUTHORIZED)
    expect_error(await ctx.client.probe("GET", ctx.path("banks"), authorized=False),
                 ErrorName.UNAUTHORIZED)
    return "401 1002 UNAUTHORIZED both times"


@row("auth.wrong_partner", "a login with another partnerId is INVALID_CLIENT")
async def auth_wrong_partner(ctx: CheckContext) -> str:
    partner_id = ctx.partner.credentials.partner_id
    wrong = "0" if partner_id != "0" else "1"
    expect_error(await token_call(ctx, login_body(ctx, partnerId=partner_id + wrong)),
                 ErrorName.INVALID_CLIENT)
    return f"partnerId {partner_id + wrong} refused"


# --- reading -------------------------------------------------------------------------------


@row("banks", "the bank list: SBP members with bankId and name")
async def banks(ctx: CheckContext) -> str:
    response = await ctx.client.probe("GET", ctx.path("banks"))
    body = expect_status(response, 200)
    listed = body.get("banks") if isinstance(body, dict) else None
    if not isinstance(listed, list) or not listed:
        raise Broken("no banks listed", response)
    for bank in listed:
        if not isinstance(bank, dict) or not isinstance(bank.get("bankId"), str) \
                or not isinstance(bank.get("name"), str):
            raise Broken(f"a bank without a bankId or name: {json.dumps(bank)[:80]}", response)
    return f"{len(listed)} banks"


@row("wallet.by_id", "look up each named wallet by id; money as strings")
async def wallet_by_id(ctx: CheckContext) -> str:
    for wallet_id in named_wallets(ctx):
        body = await read_wallet(ctx, wallet_id)
        if body.get("currency") != wire.CURRENCY:
            raise Broken(f"wallet {wallet_id}: currency {body.get('currency')!r}")
        if body.get("identification") not in {level.value for level in Identification}:
            raise Broken(f"wallet {wallet_id}: identification {body.get('identification')!r}")
        if body.get("status") not in ("ACTIVE", "BLOCKED"):
            raise Broken(f"wallet {wallet_id}: status {body.get('status')!r}")
    return f"{len(ctx.wallets)} wallet(s)"


@row("wallet.by_phone", "look up each named wallet by phone (+ sent as %2B)")
async def wallet_by_phone(ctx: CheckContext) -> str:
    for wallet_id in named_wallets(ctx):
        phone = (await read_wallet(ctx, wallet_id)).get("phone")
        response = await ctx.client.probe("GET", ctx.path("wallet_by_phone"),
                                          params={wire.QUERY_PHONE: phone})
        body = expect_status(response, 200)
        if body.get("walletId") != wallet_id:
            raise Broken(f"phone {phone} found {body.get('walletId')!r}, not {wallet_id}",
                         response)
    return f"{len(ctx.wallets)} wallet(s)"


@row("wallet.unknown", "an unknown wallet is WALLET_NOT_FOUND with the contract's body")
async def wallet_unknown(ctx: CheckContext) -> str:
    response = await ctx.client.probe("GET", ctx.path("wallet", walletId=UNKNOWN_WALLET))
    expect_error(response, ErrorName.WALLET_NOT_FOUND)
    return "404 2001, requestId = X-Request-Id"


@row("wallet.other_partner", "another partner's token reads none of these wallets")
async def wallet_other_partner(ctx: CheckContext) -> str:
    wallets = named_wallets(ctx)
    if ctx.other_partner is None:
        raise NotApplicable("no second partner: give --other-profile NAME")
    other = ctx.new_client(ctx.other_partner)
    for wallet_id in wallets:
        phone = (await read_wallet(ctx, wallet_id)).get("phone")
        expect_error(await other.probe("GET", ctx.path("wallet", walletId=wallet_id)),
                     ErrorName.WALLET_NOT_FOUND)
        expect_error(await other.probe("GET", ctx.path("wallet_by_phone"),
                                       params={wire.QUERY_PHONE: phone}),
                     ErrorName.WALLET_NOT_FOUND)
    return f"partner {ctx.other_partner.credentials.partner_id}: WALLET_NOT_FOUND for each"


@row("history.paging", "history pages newest first; limit 1 to 100")
async def history_paging(ctx: CheckContext) -> str:
    wallet_id = named_wallets(ctx)[0]
    path = ctx.path("operations", walletId=wallet_id)
    seen: list[dict[str, Any]] = []
    total = None
    for offset in (0, 1):
        response = await ctx.client.probe("GET", path, params={"limit": 1, "offset": offset})
        body = expect_status(response, 200)
        if not isinstance(body.get("items"), list) or not isinstance(body.get("total"), int):
            raise Broken("a page without items and total", response)
        if total is not None and body["total"] != total:
            raise Broken("total changed between two pages", response)
        total = body["total"]
        if len(body["items"]) > 1:
            raise Broken(f"limit 1 gave {len(body['items'])} items", response)
        for item in body["items"]:
            expect_money(item, OPERATION_MONEY, response)
        seen += body["items"]
    if len(seen) == 2:
        if seen[0].get("operationId") == seen[1].get("operationId"):
            raise Broken("offset 1 repeated the first item")
        if str(seen[0].get("createdAt")) < str(seen[1].get("createdAt")):
            raise Broken("the history is not newest first")
    for limit in (0, 101):
        expect_error(await ctx.client.probe("GET", path, params={"limit": limit, "offset": 0}),
                     ErrorName.INVALID_REQUEST)
    return f"wallet {wallet_id}: {total} operation(s); limit 0 and 101 refused"


@row("errors.malformed_body", "a malformed JSON body is INVALID_REQUEST")
async def malformed_body(ctx: CheckContext) -> str:
    broken = b'{"grantType": "client_credentials", "clientId": '
    expect_error(await token_call(ctx, content=broken), ErrorName.INVALID_REQUEST)
    response = await ctx.client.probe(
        "POST", ctx.path("registration"), content=b'{"phone": "+7999',
        idempotency_key=new_key(ctx),
    )
    expect_error(response, ErrorName.INVALID_REQUEST)
    return "token and registration refused it"


@row("headers.request_id", "X-Request-Id: the client's own value comes back")
async def request_id(ctx: CheckContext) -> str:
    for response in (await ctx.client.probe("GET", ctx.path("banks")),
                     await ctx.client.probe("GET", ctx.path("wallet", walletId=UNKNOWN_WALLET))):
        sent = response.request.headers.get(wire.REQUEST_ID)
        if response.headers.get(wire.REQUEST_ID) != sent:
            raise Broken(f"sent X-Request-Id {sent}, got "
                         f"{response.headers.get(wire.REQUEST_ID)!r}", response)
    return "echoed on a success and on an error"


@row("transport.tls", "https: the certificate verified, no redirect")
async def transport_tls(ctx: CheckContext) -> str:
    if not ctx.is_https:
        raise NotApplicable("not applicable: the profile uses plain http (loopback)")
    response = await ctx.client.probe("GET", ctx.path("banks"))
    if 300 <= response.status_code < 400:
        raise Broken(f"a redirect to {response.headers.get('location')}: check the base URL",
                     response)
    expect_status(response, 200)
    return "TLS verified by the client (it cannot be switched off)"


@row("transport.plain_http", "plain http:// gets no API answer (refused or sent to https)")
async def transport_plain_http(ctx: CheckContext) -> str:
    if not ctx.is_https:
        raise NotApplicable("not applicable: the profile uses plain http (loopback)")
    from wallet_tui.client import ClientError, WalletClient

    # The same host over http: on its default port, or on the profile's own port if it names one.
    url = httpx.URL(ctx.base_url).copy_with(scheme="http")
    # Nothing secret is sent: a GET without a token, never retried.
    plain = WalletClient(base_url=str(url), transport=httpx.AsyncHTTPTransport(retries=0),
                         on_exchange=ctx.exchanges.append, timeout=10)
    try:
        response = await plain.probe("GET", ctx.path("banks"), authorized=False)
    except ClientError as error:
        return f"refused ({error.__class__.__name__})"
    finally:
        await plain.aclose()
    location = response.headers.get("location", "")
    if 300 <= response.status_code < 400 and location.startswith("https://"):
        return f"redirected to {location}"
    raise Broken(f"plain http answered HTTP {response.status_code}: the API must not be "
                 "served without TLS", response)


@row("clock.date", "answers carry Date; the server's clock is within 30 s of ours")
async def clock_date(ctx: CheckContext) -> str:
    before = datetime.now(UTC)
    response = await ctx.client.probe("GET", ctx.path("banks"))
    after = datetime.now(UTC)
    told = server_time(response)
    if told is None and ctx.in_process:
        raise NotApplicable("not applicable: the embedded sandbox runs in-process, with no "
                            "HTTP server to set Date")
    if told is None:
        raise Broken("the answer has no readable Date header", response)
    ours = before + (after - before) / 2
    skew = (told - ours).total_seconds()
    # Date has whole seconds: allow the second it was cut to.
    if abs(skew) > CLOCK_SKEW_TOLERANCE.total_seconds() + 1:
        raise Broken(f"the server's clock is {skew:+.0f} s from ours: expiresAt and "
                     "countdowns would be off", response)
    return f"skew {skew:+.0f} s"


# --- money (run with --money, on test wallets only) ---------------------------------------


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


@row("money.refill", "refill: an Operation SUCCEEDED, the balance and history follow",
     needs_money=True)
async def money_refill(ctx: CheckContext) -> str:
    amount = Decimal("10.00")
    wallet = await test_wallet(ctx, room_for(amount), "with room for a 10.00 refill")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    response = await refill(ctx, wallet_id, "10")
    operation = expect_status(response, 200)
    expect_money(operation, OPERATION_MONEY, response)
    if (operation.get("type"), operation.get("status")) != ("REFILL", "SUCCEEDED"):
        raise Broken(f"a {operation.get('type')} {operation.get('status')}, not a REFILL "
                     "SUCCEEDED", response)
    if money(operation["amount"]) != amount or money(operation["balance"]) != before + amount:
        raise Broken(f"amount {operation['amount']}, balance {operation['balance']} after "
                     f"{before} + {amount}", response)
    page = expect_status(await ctx.client.probe(
        "GET", ctx.path("operations", walletId=wallet_id), params={"limit": 1, "offset": 0}),
        200)
    newest = (page.get("items") or [{}])[0]
    if newest.get("operationId") != operation.get("operationId"):
        raise Broken("the refill is not the newest operation in the history")
    return f"wallet {wallet_id}: {before} + {amount}"


@row("money.amount_as_number", "an amount sent as a JSON number is INVALID_REQUEST",
     needs_money=True)
async def money_amount_as_number(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, room_for(Decimal("10.00")), "with room for a 10.00 refill")
    before = money(wallet["balance"])
    expect_error(await refill(ctx, wallet["walletId"], 10), ErrorName.INVALID_REQUEST)
    same_balance(before, await balance_of(ctx, wallet["walletId"]), "refused")
    return "refused; nothing moved"


@row("money.payment", "payment: initialise (CREATED), confirm once (SUCCEEDED), status",
     needs_money=True)
async def money_payment(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, holds_at_least(Decimal("5.00")), "holding 5.00 or more")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    started = await ctx.client.probe(
        "POST", ctx.path("payment_initialization", walletId=wallet_id),
        body={"amount": "5.00", "currency": wire.CURRENCY, "description": "wallet-tui check"},
        idempotency_key=new_key(ctx),
    )
    payment = expect_status(started, 201)
    expect_money(payment, PAYMENT_MONEY, started)
    if payment.get("status") != "CREATED":
        raise Broken(f"status {payment.get('status')!r} after step 1, not CREATED", started)
    total = money(payment["totalAmount"])
    if total != money(payment["amount"]) + money(payment["fee"]):
        raise Broken("totalAmount is not amount + fee", started)
    same_balance(before, await balance_of(ctx, wallet_id), "step 1 holds nothing")
    status_path = ctx.path("payment", walletId=wallet_id, paymentId=payment["paymentId"])
    status = expect_status(await ctx.client.probe("GET", status_path), 200)
    if status.get("status") != "CREATED":
        raise Broken(f"the payment's status reads {status.get('status')!r}, not CREATED")
    confirm_path = ctx.path("payment_confirmation", walletId=wallet_id)
    done = await ctx.client.probe("POST", confirm_path, body={"paymentId": payment["paymentId"]},
                                  idempotency_key=new_key(ctx))
    operation = expect_status(done, 200)
    expect_money(operation, OPERATION_MONEY, done)
    if (operation.get("type"), operation.get("status")) != ("PAYMENT", "SUCCEEDED"):
        raise Broken(f"a {operation.get('type')} {operation.get('status')} after step 2", done)
    again = await ctx.client.probe("POST", confirm_path, body={"paymentId": payment["paymentId"]},
                                   idempotency_key=new_key(ctx))
    repeat = expect_status(again, 200)
    if repeat.get("operationId") != operation.get("operationId"):
        raise Broken("confirming again made another operation", again)
    after = await balance_of(ctx, wallet_id)
    if after != before - total:
        raise Broken(f"the balance went from {before} to {after}, not by {total} once")
    status = expect_status(await ctx.client.probe("GET", status_path), 200)
    if status.get("status") != "SUCCEEDED":
        raise Broken(f"the payment's status reads {status.get('status')!r}, not SUCCEEDED")
    return f"wallet {wallet_id}: paid {total} once, confirmed twice"


@row("money.payment_expiry", "an unconfirmed payment expires after 15 minutes: PAYMENT_EXPIRED",
     needs_money=True)
async def money_payment_expiry(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, holds_at_least(Decimal("1.00")), "holding 1.00 or more")
    wallet_id = wallet["walletId"]
    started = await ctx.client.probe(
        "POST", ctx.path("payment_initialization", walletId=wallet_id),
        body={"amount": "1.00", "currency": wire.CURRENCY, "description": "wallet-tui check"},
        idempotency_key=new_key(ctx),
    )
    payment = expect_status(started, 201)
    expires_at = datetime.fromisoformat(str(payment.get("expiresAt")).replace("Z", "+00:00"))
    told = server_time(started)
    if told is not None and abs(expires_at - told - PAYMENT_LIFETIME) > timedelta(seconds=61):
        raise Broken(f"expiresAt {payment.get('expiresAt')} is not 15 minutes after the "
                     f"answer's Date ({started.headers.get('date')})", started)
    if await ctx.has_sandbox_extensions():
        wait = (expires_at - (told or expires_at - PAYMENT_LIFETIME)).total_seconds() + 2
        moved = await ctx.client.probe("POST", wire.SANDBOX_CLOCK,
                                       body={"advanceSeconds": wait})
        expect_status(moved, 200)
        how = f"the sandbox's clock moved {wait:.0f} s"
    elif ctx.wait_for_expiry:
        await asyncio.sleep(max(0.0, (expires_at - datetime.now(UTC)).total_seconds()) + 2)
        how = "waited for expiresAt"
    else:
        raise NotApplicable("expiresAt checked; the expiry itself is 15 minutes away: "
                            "--wait-for-expiry waits for it")
    late = await ctx.client.probe("POST", ctx.path("payment_confirmation", walletId=wallet_id),
                                  body={"paymentId": payment["paymentId"]},
                                  idempotency_key=new_key(ctx))
    expect_error(late, ErrorName.PAYMENT_EXPIRED)
    status_path = ctx.path("payment", walletId=wallet_id, paymentId=payment["paymentId"])
    status = expect_status(await ctx.client.probe("GET", status_path), 200)
    if status.get("status") != "EXPIRED":
        raise Broken(f"the expired payment's status reads {status.get('status')!r}")
    return f"{how}; confirming was refused, status EXPIRED"


@row("money.withdrawal", "withdrawal: 202 PROCESSING, debited at once, settled by the bank",
     needs_money=True)
async def money_withdrawal(ctx: CheckContext) -> str:
    wallet = await test_wallet(
        ctx, lambda w: w.get("identification") != "ANONYMOUS" and holds_at_least(
            Decimal("200.00"))(w),
        "at level SIMPLIFIED or FULL holding 200.00 or more")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    listed = expect_status(await ctx.client.probe("GET", ctx.path("banks")), 200)
    bank_id = listed["banks"][0]["bankId"]
    response = await ctx.client.probe(
        "POST", ctx.path("withdrawal_create", walletId=wallet_id),
        body={"bankId": bank_id, "phone": wallet["phone"], "amount": "100.00",
              "currency": wire.CURRENCY},
        idempotency_key=new_key(ctx),
    )
    withdrawal = expect_status(response, 202)
    expect_money(withdrawal, WITHDRAWAL_MONEY, response)
    if withdrawal.get("status") != "PROCESSING":
        raise Broken(f"status {withdrawal.get('status')!r}, not PROCESSING", response)
    total = money(withdrawal["totalAmount"])
    if total != money(withdrawal["amount"]) + money(withdrawal["fee"]):
        raise Broken("totalAmount is not amount + fee", response)
    if await balance_of(ctx, wallet_id) != before - total:
        raise Broken(f"the balance was not debited {total} at once")
    status_path = ctx.path("withdrawal", walletId=wallet_id,
                           withdrawalId=str(withdrawal.get("withdrawalId")))
    sandbox = await ctx.has_sandbox_extensions()
    waited = 0.0
    while True:
        status = expect_status(await ctx.client.probe("GET", status_path), 200)
        if status.get("status") != "PROCESSING":
            break
        if waited >= ctx.settle_timeout:
            raise Broken(f"still PROCESSING after {ctx.settle_timeout:.0f} s")
        if sandbox:
            expect_status(await ctx.client.probe("POST", wire.SANDBOX_CLOCK,
                                                 body={"advanceSeconds": 5}), 200)
        else:
            await asyncio.sleep(1)
        waited += 5 if sandbox else 1
    settled = status.get("status")
    after = await balance_of(ctx, wallet_id)
    if settled == "SUCCEEDED" and after != before - total:
        raise Broken(f"settled SUCCEEDED but the balance is {after}, not {before - total}")
    if settled == "FAILED" and after != before:
        raise Broken(f"settled FAILED ({status.get('failureReason')}) but was not refunded")
    if settled not in ("SUCCEEDED", "FAILED"):
        raise Broken(f"settled as {settled!r}")
    return f"wallet {wallet_id}: {total} to bank {bank_id}, {settled}"


@row("money.identification_required", "an ANONYMOUS wallet cannot withdraw: "
     "IDENTIFICATION_REQUIRED", needs_money=True)
async def money_identification_required(ctx: CheckContext) -> str:
    anonymous_limit = limits_of(Identification.ANONYMOUS).balance_limit
    wallet = await test_wallet(
        ctx, lambda w: w.get("identification") == "ANONYMOUS"
        or money(w["balance"]) <= anonymous_limit,
        "that is ANONYMOUS or could be (balance at most 15 000.00)")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    if wallet.get("identification") != "ANONYMOUS":
        changed = await ctx.client.probe(
            "POST", ctx.path("identification", walletId=wallet_id, Identified="ANONYMOUS"),
            idempotency_key=new_key(ctx))
        expect_status(changed, 200)  # put back by the cleanup row
    listed = expect_status(await ctx.client.probe("GET", ctx.path("banks")), 200)
    response = await ctx.client.probe(
        "POST", ctx.path("withdrawal_create", walletId=wallet_id),
        body={"bankId": listed["banks"][0]["bankId"], "phone": wallet["phone"],
              "amount": "100.00", "currency": wire.CURRENCY},
        idempotency_key=new_key(ctx),
    )
    expect_error(response, ErrorName.IDENTIFICATION_REQUIRED)
    same_balance(before, await balance_of(ctx, wallet_id), "refused")
    return f"wallet {wallet_id}: refused, nothing moved"


@row("money.balance_limit", "a refill past the level's balance limit: BALANCE_LIMIT_EXCEEDED",
     needs_money=True)
async def money_balance_limit(ctx: CheckContext) -> str:
    from wallet_tui.protocol.money import MAX_OPERATION_AMOUNT

    def within_reach(wallet: dict[str, Any]) -> bool:
        over = money(wallet["limits"]["balanceLimit"]) - money(wallet["balance"]) + Decimal("0.01")
        return Decimal("0.01") <= over <= MAX_OPERATION_AMOUNT

    wallet = await test_wallet(ctx, within_reach, "whose balance limit a refill can pass")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    over = money(wallet["limits"]["balanceLimit"]) - before + Decimal("0.01")
    expect_error(await refill(ctx, wallet_id, f"{over:.2f}"), ErrorName.BALANCE_LIMIT_EXCEEDED)
    same_balance(before, await balance_of(ctx, wallet_id), "refused")
    return f"wallet {wallet_id}: a refill of {over:.2f} refused"


@row("money.idempotency_replay", "a repeat with the same Idempotency-Key replays byte for byte",
     needs_money=True)
async def money_idempotency_replay(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, room_for(Decimal("1.00")), "with room for a 1.00 refill")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    key = new_key(ctx)
    first = await refill(ctx, wallet_id, "1.00", key)
    expect_status(first, 200)
    if first.headers.get(wire.IDEMPOTENT_REPLAYED):
        raise Broken("the first answer says Idempotent-Replayed", first)
    second = await refill(ctx, wallet_id, "1.00", key)
    expect_status(second, 200)
    if second.headers.get(wire.IDEMPOTENT_REPLAYED, "").lower() != "true":
        raise Broken("the repeat lacks Idempotent-Replayed: true", second)
    if second.content != first.content:
        raise Broken("the replay differs from the first answer", second)
    after = await balance_of(ctx, wallet_id)
    if after != before + Decimal("1.00"):
        raise Broken(f"the balance went from {before} to {after}: not once")
    return f"wallet {wallet_id}: refilled once, replayed once"


@row("money.idempotency_conflict", "the same key with another body: IDEMPOTENCY_CONFLICT",
     needs_money=True)
async def money_idempotency_conflict(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, room_for(Decimal("3.00")), "with room for a 3.00 refill")
    wallet_id = wallet["walletId"]
    key = new_key(ctx)
    expect_status(await refill(ctx, wallet_id, "1.00", key), 200)
    before = await balance_of(ctx, wallet_id)
    expect_error(await refill(ctx, wallet_id, "2.00", key), ErrorName.IDEMPOTENCY_CONFLICT)
    same_balance(before, await balance_of(ctx, wallet_id), "refused")
    return "refused; nothing moved"


@row("money.request_in_progress", "the same key while the first runs: REQUEST_IN_PROGRESS, "
     "done once", needs_money=True)
async def money_request_in_progress(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, room_for(Decimal("1.00")), "with room for a 1.00 refill")
    wallet_id, before = wallet["walletId"], money(wallet["balance"])
    key = new_key(ctx)
    sandbox = await ctx.has_sandbox_extensions()
    latency = 0
    if sandbox:  # slow the first down so that the second surely meets it running
        faults = expect_status(await ctx.client.probe("GET", wire.SANDBOX_FAULTS), 200)
        latency = faults.get("latencyMs", 0)
        expect_status(await ctx.client.probe("PUT", wire.SANDBOX_FAULTS,
                                             body={"latencyMs": 1500}), 200)
    try:
        async def second() -> httpx.Response:
            await asyncio.sleep(0.3)
            return await refill(ctx, wallet_id, "1.00", key)

        answers = await asyncio.gather(refill(ctx, wallet_id, "1.00", key), second())
    finally:
        if sandbox:
            await ctx.client.probe("PUT", wire.SANDBOX_FAULTS, body={"latencyMs": latency})
    statuses = sorted(response.status_code for response in answers)
    in_progress = [r for r in answers if r.status_code == 409]
    for response in in_progress:
        expect_error(response, ErrorName.REQUEST_IN_PROGRESS)
    if sandbox and not in_progress:
        raise Broken(f"the repeat during a 1.5 s first call got HTTP {statuses[-1]}, not "
                     "REQUEST_IN_PROGRESS", answers[1])
    if not in_progress and answers[1].headers.get(wire.IDEMPOTENT_REPLAYED) != "true" \
            and answers[0].headers.get(wire.IDEMPOTENT_REPLAYED) != "true":
        raise Broken("two answers to one key, neither a replay nor REQUEST_IN_PROGRESS",
                     answers[1])
    after = await balance_of(ctx, wallet_id)
    if after != before + Decimal("1.00"):
        raise Broken(f"the balance went from {before} to {after}: not once")
    return f"answers {statuses[0]} and {statuses[1]}; refilled once"


@row("money.cleanup", "the test wallets are back at their starting balance and level",
     needs_money=True)
async def money_cleanup(ctx: CheckContext) -> str:
    if not ctx.starting_state:
        raise NotApplicable("no test wallet was touched")
    done = []
    for wallet_id, (balance, level) in ctx.starting_state.items():
        wallet = await read_wallet(ctx, wallet_id)
        if wallet["identification"] != level:
            changed = await ctx.client.probe(
                "POST", ctx.path("identification", walletId=wallet_id, Identified=level),
                idempotency_key=new_key(ctx))
            expect_status(changed, 200)
            done.append(f"{wallet_id} back to {level}")
        for _ in range(3):  # a fee on the payment back may leave a kopeck or two to refill
            now = await balance_of(ctx, wallet_id)
            if now == balance:
                break
            if now < balance:
                expect_status(await refill(ctx, wallet_id, f"{balance - now:.2f}"), 200)
            else:
                await pay(ctx, wallet_id, f"{now - balance:.2f}")
            done.append(f"{wallet_id} {now} -> {balance}")
        if await balance_of(ctx, wallet_id) != balance:
            raise Broken(f"wallet {wallet_id} could not be put back to {balance}")
    return "; ".join(done) or "nothing to put back"

"""Rules of reading and of the exchange itself: banks, wallets, history, error bodies,
request ids, TLS, the server's clock. None of them changes anything on the server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.levels import Identification

from .calls import (
    OPERATION_MONEY,
    UNKNOWN_WALLET,
    named_wallets,
    new_key,
    read_wallet,
    token_call,
)
from .context import (
    CLOCK_SKEW_TOLERANCE,
    Broken,
    CheckContext,
    NotApplicable,
    expect_error,
    expect_money,
    expect_status,
    server_time,
)


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


async def wallet_unknown(ctx: CheckContext) -> str:
    response = await ctx.client.probe("GET", ctx.path("wallet", walletId=UNKNOWN_WALLET))
    expect_error(response, ErrorName.WALLET_NOT_FOUND)
    return "404 2001, requestId = X-Request-Id"


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


async def malformed_body(ctx: CheckContext) -> str:
    broken = b'{"grantType": "client_credentials", "clientId": '
    expect_error(await token_call(ctx, content=broken), ErrorName.INVALID_REQUEST)
    response = await ctx.client.probe(
        "POST", ctx.path("registration"), content=b'{"phone": "+7999',
        idempotency_key=new_key(ctx),
    )
    expect_error(response, ErrorName.INVALID_REQUEST)
    return "token and registration refused it"


async def request_id(ctx: CheckContext) -> str:
    for response in (await ctx.client.probe("GET", ctx.path("banks")),
                     await ctx.client.probe("GET", ctx.path("wallet", walletId=UNKNOWN_WALLET))):
        sent = response.request.headers.get(wire.REQUEST_ID)
        if response.headers.get(wire.REQUEST_ID) != sent:
            raise Broken(f"sent X-Request-Id {sent}, got "
                         f"{response.headers.get(wire.REQUEST_ID)!r}", response)
    return "echoed on a success and on an error"


async def transport_tls(ctx: CheckContext) -> str:
    if not ctx.is_https:
        raise NotApplicable("not applicable: the profile uses plain http (loopback)")
    response = await ctx.client.probe("GET", ctx.path("banks"))
    if 300 <= response.status_code < 400:
        raise Broken(f"a redirect to {response.headers.get('location')}: check the base URL",
                     response)
    expect_status(response, 200)
    return "TLS verified by the client (it cannot be switched off)"


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

"""Rules that move money (run with --money, on the operator's test wallets only): refill,
payment and its expiry, withdrawal and its settlement, identification limits, idempotency,
and the cleanup that puts the test wallets back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.levels import Identification, limits_of

from .calls import (
    OPERATION_MONEY,
    PAYMENT_LIFETIME,
    PAYMENT_MONEY,
    WITHDRAWAL_MONEY,
    balance_of,
    holds_at_least,
    new_key,
    pay,
    read_wallet,
    refill,
    room_for,
    same_balance,
    test_wallet,
)
from .context import (
    Broken,
    CheckContext,
    NotApplicable,
    expect_error,
    expect_money,
    expect_status,
    money,
    server_time,
)


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


async def money_amount_as_number(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, room_for(Decimal("10.00")), "with room for a 10.00 refill")
    before = money(wallet["balance"])
    expect_error(await refill(ctx, wallet["walletId"], 10), ErrorName.INVALID_REQUEST)
    same_balance(before, await balance_of(ctx, wallet["walletId"]), "refused")
    return "refused; nothing moved"


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


async def money_idempotency_conflict(ctx: CheckContext) -> str:
    wallet = await test_wallet(ctx, room_for(Decimal("3.00")), "with room for a 3.00 refill")
    wallet_id = wallet["walletId"]
    key = new_key(ctx)
    expect_status(await refill(ctx, wallet_id, "1.00", key), 200)
    before = await balance_of(ctx, wallet_id)
    expect_error(await refill(ctx, wallet_id, "2.00", key), ErrorName.IDEMPOTENCY_CONFLICT)
    same_balance(before, await balance_of(ctx, wallet_id), "refused")
    return "refused; nothing moved"


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

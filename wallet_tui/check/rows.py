"""The contract (docs/protocol.md) as rows of data: each row is one rule a server must keep,
run through a WalletClient against any server. `wallet-tui check` runs them against a
profile's server; tests/sandbox/test_contract_rows.py runs the same rows against the sandbox,
so the check and the contract tests cannot drift apart.

A row's coroutine (in rules_access, rules_reading, rules_money) returns a short note when the
rule holds, raises `Broken` when the server breaks it, and `NotApplicable` when it cannot be
run here (saying what would let it run). The order is the order they run in: reading first,
money last, the cleanup at the very end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from . import rules_access as access
from . import rules_money as money
from . import rules_reading as reading
from .context import CheckContext

RowRun = Callable[[CheckContext], Awaitable[str]]


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    needs_money: bool
    run: RowRun


READS_ONLY, MOVES_MONEY = False, True
ROWS: list[Row] = [
    Row("auth.token", "log in: Bearer tokens with lifetimes, Cache-Control: no-store",
        READS_ONLY, access.auth_token),
    Row("auth.refresh", "refresh: a new pair of tokens, the new access token works",
        READS_ONLY, access.auth_refresh),
    Row("auth.rotation", "a reused refresh token is INVALID_GRANT and revokes its login",
        READS_ONLY, access.auth_rotation),
    Row("auth.refresh_other_client", "a refresh with another clientId is INVALID_GRANT",
        READS_ONLY, access.auth_refresh_other_client),
    Row("auth.bad_token", "no token or an unknown one is UNAUTHORIZED",
        READS_ONLY, access.auth_bad_token),
    Row("auth.wrong_partner", "a login with another partnerId is INVALID_CLIENT",
        READS_ONLY, access.auth_wrong_partner),
    Row("banks", "the bank list: SBP members with bankId and name",
        READS_ONLY, reading.banks),
    Row("wallet.by_id", "look up each named wallet by id; money as strings",
        READS_ONLY, reading.wallet_by_id),
    Row("wallet.by_phone", "look up each named wallet by phone (+ sent as %2B)",
        READS_ONLY, reading.wallet_by_phone),
    Row("wallet.unknown", "an unknown wallet is WALLET_NOT_FOUND with the contract's body",
        READS_ONLY, reading.wallet_unknown),
    Row("wallet.other_partner", "another partner's token reads none of these wallets",
        READS_ONLY, reading.wallet_other_partner),
    Row("history.paging", "history pages newest first; limit 1 to 100",
        READS_ONLY, reading.history_paging),
    Row("errors.malformed_body", "a malformed JSON body is INVALID_REQUEST",
        READS_ONLY, reading.malformed_body),
    Row("headers.request_id", "X-Request-Id: the client's own value comes back",
        READS_ONLY, reading.request_id),
    Row("transport.tls", "https: the certificate verified, no redirect",
        READS_ONLY, reading.transport_tls),
    Row("transport.plain_http", "plain http:// gets no API answer (refused or sent to https)",
        READS_ONLY, reading.transport_plain_http),
    Row("clock.date", "answers carry Date; the server's clock is within 30 s of ours",
        READS_ONLY, reading.clock_date),
    Row("money.refill", "refill: an Operation SUCCEEDED, the balance and history follow",
        MOVES_MONEY, money.money_refill),
    Row("money.amount_as_number", "an amount sent as a JSON number is INVALID_REQUEST",
        MOVES_MONEY, money.money_amount_as_number),
    Row("money.payment", "payment: initialise (CREATED), confirm once (SUCCEEDED), status",
        MOVES_MONEY, money.money_payment),
    Row("money.payment_expiry", "an unconfirmed payment expires after 15 minutes: PAYMENT_EXPIRED",
        MOVES_MONEY, money.money_payment_expiry),
    Row("money.withdrawal", "withdrawal: 202 PROCESSING, debited at once, settled by the bank",
        MOVES_MONEY, money.money_withdrawal),
    Row("money.identification_required",
        "an ANONYMOUS wallet cannot withdraw: IDENTIFICATION_REQUIRED",
        MOVES_MONEY, money.money_identification_required),
    Row("money.balance_limit", "a refill past the level's balance limit: BALANCE_LIMIT_EXCEEDED",
        MOVES_MONEY, money.money_balance_limit),
    Row("money.idempotency_replay", "a repeat with the same Idempotency-Key replays byte for byte",
        MOVES_MONEY, money.money_idempotency_replay),
    Row("money.idempotency_conflict", "the same key with another body: IDEMPOTENCY_CONFLICT",
        MOVES_MONEY, money.money_idempotency_conflict),
    Row("money.request_in_progress",
        "the same key while the first runs: REQUEST_IN_PROGRESS, done once",
        MOVES_MONEY, money.money_request_in_progress),
    Row("money.cleanup", "the test wallets are back at their starting balance and level",
        MOVES_MONEY, money.money_cleanup),
]

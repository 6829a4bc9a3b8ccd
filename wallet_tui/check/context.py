"""What a row of the contract check works with: clients on the profile's server, the wallets
it may read, the test wallets it may move money on, and plain ways to say what broke."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import httpx

from wallet_tui.protocol import ERROR_TABLE, ErrorName, wire

if TYPE_CHECKING:
    from wallet_tui.client import Credentials, Exchange, WalletClient
    from wallet_tui.protocol.paths import PathTable

Connect = Callable[..., "WalletClient"]

# Money in an answer: a string with exactly two fraction digits.
MONEY_TEXT = re.compile(r"^\d+\.\d{2}$")
# A server's Date may differ from ours by this much before the row says the clock is off.
CLOCK_SKEW_TOLERANCE = timedelta(seconds=30)


class Broken(Exception):
    """The server breaks the row's rule; the text says how. `response` is the answer that
    shows it, when one does."""

    def __init__(self, reason: str, response: httpx.Response | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.response = response


class NotApplicable(Exception):
    """The row cannot be run here (plain http, no wallet named, no second partner); the
    text says why and what would let it run."""


@dataclass
class Partner:
    """Who a client logs in as."""

    credentials: Credentials
    label: str


@dataclass
class CheckContext:
    """Everything rows share. `connect(on_exchange=...)` makes a client on the profile's
    server; every client made here records into `exchanges`."""

    connect: Connect
    partner: Partner
    base_url: str
    paths: PathTable
    wallets: list[str] = field(default_factory=list)
    test_wallets: list[str] = field(default_factory=list)
    other_partner: Partner | None = None
    money: bool = False
    settle_timeout: float = 60.0
    wait_for_expiry: bool = False
    # The embedded sandbox: no HTTP server between, so no Date header and no TLS.
    in_process: bool = False
    exchanges: list[Exchange] = field(default_factory=list)
    # Filled by rows for later rows and for the cleanup: a wallet's state before any money
    # row touched it ({walletId: (balance, identification)}).
    starting_state: dict[str, tuple[Decimal, str]] = field(default_factory=dict)
    sandbox_extensions: bool | None = None
    _clients: list[WalletClient] = field(default_factory=list)
    _main: WalletClient | None = None

    # --- clients -----------------------------------------------------------------------

    def new_client(self, partner: Partner | None = None) -> WalletClient:
        client = self.connect(on_exchange=self.exchanges.append)
        client.credentials = (partner or self.partner).credentials
        self._clients.append(client)
        return client

    @property
    def client(self) -> WalletClient:
        """The profile's own session, logged in on first use."""
        if self._main is None:
            self._main = self.new_client()
        return self._main

    async def aclose(self) -> None:
        for client in self._clients:
            await client.aclose()
        self._clients.clear()
        self._main = None

    @property
    def is_https(self) -> bool:
        return httpx.URL(self.base_url).scheme == "https"

    def path(self, operation: str, **values: str) -> str:
        return self.paths.path(operation, **values)

    async def has_sandbox_extensions(self) -> bool:
        """Whether the server is a wallet-tui sandbox (its /sandbox/faults answers): money
        rows then shorten what they would otherwise wait for."""
        if self.sandbox_extensions is None:
            answer = await self.client.probe("GET", wire.SANDBOX_FAULTS)
            self.sandbox_extensions = answer.status_code == 200
        return self.sandbox_extensions


# --- what a row expects of an answer ----------------------------------------------------


def body_of(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        raise Broken(f"HTTP {response.status_code} with a body that is not JSON",
                     response) from None


def expect_status(response: httpx.Response, *statuses: int) -> Any:
    """The JSON body of an answer with one of `statuses`."""
    if response.status_code not in statuses:
        wanted = " or ".join(str(status) for status in statuses)
        raise Broken(f"expected HTTP {wanted}, got {response.status_code}"
                     f"{_error_suffix(response)}", response)
    return body_of(response)


def _error_suffix(response: httpx.Response) -> str:
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return ""
    if isinstance(body, dict) and "name" in body:
        return f" {body.get('name')}"
    return ""


def expect_error(response: httpx.Response, name: ErrorName) -> dict[str, Any]:
    """The contract's error answer: status and code from the table, a message, and the
    requestId of the X-Request-Id header (a replayed answer keeps its first one)."""
    status, code = ERROR_TABLE[name]
    if response.status_code != status:
        raise Broken(f"expected HTTP {status} {name.value}, got {response.status_code}"
                     f"{_error_suffix(response)}", response)
    body = body_of(response)
    if not isinstance(body, dict):
        raise Broken("the error body is not a JSON object", response)
    if body.get("code") != code or body.get("name") != name.value:
        raise Broken(f"expected code {code} {name.value}, got code {body.get('code')!r} "
                     f"name {body.get('name')!r}", response)
    if not isinstance(body.get("message"), str) or not body["message"]:
        raise Broken("the error body has no message", response)
    replayed = response.headers.get(wire.IDEMPOTENT_REPLAYED, "").lower() == "true"
    if not replayed and body.get("requestId") != response.headers.get(wire.REQUEST_ID):
        raise Broken(f"requestId {body.get('requestId')!r} is not the X-Request-Id "
                     f"{response.headers.get(wire.REQUEST_ID)!r}", response)
    return body


def expect_money(body: Any, names: Iterable[str], response: httpx.Response) -> None:
    """Each named amount (a dotted path into `body`) is a string with two fraction digits,
    never a JSON number."""
    for name in names:
        value: Any = body
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None and name.endswith("monthlyTurnoverLimit"):
            continue  # FULL has no cap: null is the contract's answer
        if not isinstance(value, str) or not MONEY_TEXT.match(value):
            raise Broken(f"{name} is {json.dumps(value)}: money travels as a string with two "
                         "fraction digits (\"100.50\"), never a JSON number", response)


def money(value: Any) -> Decimal:
    return Decimal(str(value))


def server_time(response: httpx.Response) -> datetime | None:
    # A server that sends Date twice (a proxy adding its own) is read by its first one;
    # httpx would join both into one unreadable value.
    values = response.headers.get_list("date")
    if not values:
        return None
    try:
        told = parsedate_to_datetime(values[0])
    except (TypeError, ValueError):
        return None
    # "-0000" in a Date means UTC with no zone named; parsedate gives a naive time for it.
    return told if told.tzinfo else told.replace(tzinfo=UTC)

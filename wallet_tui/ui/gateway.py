"""The one door from screens to the API.

Screens never await the network: they call `Gateway.submit`, which runs the client call in a
Textual worker (group "api") and posts the outcome back to the widget that asked. A second
submit of the same (requester, op) while the first is in flight does nothing, so a double
Enter sends one request. Every HTTP exchange the client reports is kept for the inspector.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.worker import Worker

from wallet_tui.protocol import ApiError

from .messages import ApiAbandoned, ApiFailed, ApiSucceeded, ExchangeRecorded, SessionLost
from .server_clock import ServerClock

if TYPE_CHECKING:
    from textual.app import App

    from wallet_tui.client import Credentials, Exchange, WalletClient
    from wallet_tui.config import Profile

API_GROUP = "api"
LOGIN_OP = "login"

# connect(profile, on_exchange=...) -> a client that reports each exchange to on_exchange.
Connect = Callable[..., "WalletClient"]
Call = Callable[["WalletClient"], Awaitable[Any]]
_Key = tuple[int, str]


def _is_session_expired(error: BaseException) -> bool:
    try:
        from wallet_tui.client import SessionExpired
    except ImportError:  # the client room not built yet: nothing can expire
        return False
    return isinstance(error, SessionExpired)


class NotLoggedIn(Exception):
    """A call was submitted before any login: a bug in the calling screen."""


class Gateway:
    def __init__(self, app: "App[Any]", connect: Connect) -> None:
        self._app = app
        self._connect = connect
        self.client: WalletClient | None = None
        self.profile: Profile | None = None
        self.exchanges: list[Exchange] = []
        # The server's time from its answers' Date headers (countdowns count to its times).
        self.server_clock = ServerClock()
        self._in_flight: dict[_Key, tuple[Widget, Worker[Any], str | None]] = {}
        # Clients replaced by a new login, closed when the app ends (a worker may still use one).
        self._retired: list[WalletClient] = []

    # -- calls -----------------------------------------------------------------------------

    def submit(
        self,
        requester: Widget,
        op: str,
        call: Call,
        *,
        idempotency_key: str | None = None,
    ) -> bool:
        """Runs `call(client)` in a worker; posts ApiSucceeded / ApiFailed to `requester`.

        `idempotency_key` is the key `call` sends, if any: ApiAbandoned hands it back so a
        retry can reuse it. Returns False (and does nothing) while the same op is in flight."""
        if self.client is None:
            raise NotLoggedIn(f"{op} submitted before login")
        client = self.client
        return self._start(requester, op, lambda: call(client), idempotency_key)

    def login(
        self, requester: Widget, profile: "Profile", credentials: "Credentials"
    ) -> bool:
        """Logs in with `profile` (connecting anew when the profile changed); posts
        ApiSucceeded(LOGIN_OP, TokenResponse) or ApiFailed(LOGIN_OP, error) to `requester`."""

        async def log_in() -> Any:
            reuse = self.client if self._serves(profile) else None
            client = reuse or self._new_client(profile)
            try:
                token = await client.login(credentials)
            except BaseException:
                if reuse is None:
                    self._retired.append(client)
                raise
            if reuse is None and self.client is not None:
                # Another screen's worker may still hold the old client: close it at exit.
                self._retired.append(self.client)
            self.client = client
            self.profile = profile
            return token

        return self._start(requester, LOGIN_OP, log_in, None)

    def in_flight(self, requester: Widget, op: str) -> bool:
        return (id(requester), op) in self._in_flight

    def abandon(self, requester: Widget, op: str) -> None:
        """Stops waiting for `op`; the requester gets ApiAbandoned with the op's key."""
        entry = self._in_flight.pop((id(requester), op), None)
        if entry is None:
            return
        _, worker, key = entry
        worker.cancel()
        requester.post_message(ApiAbandoned(op, key))

    # -- exchanges -------------------------------------------------------------------------

    def record(self, exchange: "Exchange") -> None:
        """The client's `on_exchange` callback."""
        self.exchanges.append(exchange)
        self.server_clock.hear(exchange)
        self._app.post_message(ExchangeRecorded(exchange))

    @property
    def token_state(self) -> Any:
        return self.client.token_state if self.client is not None else None

    async def aclose(self) -> None:
        for worker in [entry[1] for entry in self._in_flight.values()]:
            worker.cancel()
        self._in_flight.clear()
        clients = [*self._retired, *([self.client] if self.client else [])]
        self._retired.clear()
        self.client = None
        for client in clients:
            try:
                await client.aclose()
            except Exception:  # closing a broken transport must not block quitting
                pass

    # -- internals -------------------------------------------------------------------------

    def _serves(self, profile: "Profile") -> bool:
        return (
            self.client is not None
            and self.profile is not None
            and _same_endpoint(self.profile, profile)
        )

    def _new_client(self, profile: "Profile") -> "WalletClient":
        return self._connect(profile, on_exchange=self.record)

    def _start(
        self,
        requester: Widget,
        op: str,
        work: Callable[[], Awaitable[Any]],
        idempotency_key: str | None,
    ) -> bool:
        key = (id(requester), op)
        if key in self._in_flight:
            return False

        async def run() -> None:
            try:
                value = await work()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 — every failure goes to the screen
                if self._owns(key, worker):
                    del self._in_flight[key]
                    if _is_session_expired(error):
                        self._app.post_message(SessionLost(_reason(error)))
                    requester.post_message(ApiFailed(op, error))
                return
            if self._owns(key, worker):
                del self._in_flight[key]
                requester.post_message(ApiSucceeded(op, value))

        worker = self._app.run_worker(
            run(), name=f"api:{op}", group=API_GROUP, exit_on_error=False
        )
        self._in_flight[key] = (requester, worker, idempotency_key)
        return True

    def _owns(self, key: _Key, worker: Worker[Any]) -> bool:
        # After abandon() a late result belongs to nobody: the screen already moved on.
        entry = self._in_flight.get(key)
        return entry is not None and entry[1] is worker


def _same_endpoint(a: "Profile", b: "Profile") -> bool:
    # Any change to a profile (address, TLS, timeout) deserves a fresh connection.
    return a == b


def _reason(error: BaseException) -> str:
    if isinstance(error, ApiError):
        return error.message
    return str(error) or type(error).__name__

"""The one door from screens to the API.

Screens never await the network: they hand `Gateway.call` a request (a client method call
awaiting some `T`) with the callbacks that take its answer: `on_success(T)`,
`on_failure(error)` and, when the operator stops waiting, `on_abandon(idempotency_key)`. The
request runs in a Textual worker (group "api"); the answer is delivered into the message queue
of the widget that asked (`call_later`), so it runs as that widget's own code, in order with
its other messages, and goes nowhere once the widget is gone. While a call is in flight, a
second one with the same requester and answer (the method that takes it: the form's call)
does nothing, so a double Enter sends one request. Every HTTP exchange the client reports is
kept for the inspector: the most recent ones in memory, the older ones in the session's
exchange log on disk (`SessionExchanges`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.widget import Widget
from textual.worker import Worker

from wallet_tui.protocol import ApiError

from .messages import ExchangeRecorded, SessionLost
from .server_clock import ServerClock

if TYPE_CHECKING:
    from textual.app import App

    from wallet_tui.client import Credentials, Exchange, TokenState, WalletClient
    from wallet_tui.client.session_exchanges import SessionExchanges
    from wallet_tui.config import Profile
    from wallet_tui.journal import Entry, Journal
    from wallet_tui.journal.writer import JournalThread
    from wallet_tui.protocol import TokenResponse

API_GROUP = "api"

T = TypeVar("T")
# connect(profile, on_exchange=...) -> a client that reports each exchange to on_exchange.
Connect = Callable[..., "WalletClient"]
# What a screen asks: given the logged-in client, one method's answer.
Request = Callable[["WalletClient"], Awaitable[T]]
# A call's identity while in flight, beside its requester: the callable its answer goes to
# (a bound method compares equal to itself each time it is taken).
Answer = Callable[..., object]
_Key = tuple[int, Answer]


def _is_session_expired(error: BaseException) -> bool:
    try:
        from wallet_tui.client import SessionExpired
    except ImportError:  # the client room not built yet: nothing can expire
        return False
    return isinstance(error, SessionExpired)


class NotLoggedIn(Exception):
    """A call was made before any login: a bug in the calling screen."""


@dataclass(eq=False)
class _Flight:
    worker: Worker[None]
    idempotency_key: str | None  # a journalled call's: known once its entry is on disk
    on_abandon: Callable[[str | None], object] | None


@dataclass(frozen=True)
class Journalled:
    """A money operation's journal line, on disk before its request leaves. `write()` puts
    it there (its entry: a new one, or an open one sent again) and runs on the journal's
    thread, off the event loop; `began(entry)` then tells the screen, on the loop, which
    entry it is, before the request is built. A `JournalError` from `write()` goes to the
    call's `on_failure`, and nothing is sent."""

    write: Callable[[], "Entry"]
    began: Callable[["Entry"], object] = lambda entry: None


class Gateway:
    def __init__(self, app: "App[Any]", connect: Connect,
                 exchange_log_dir: Callable[[], Path] | None = None) -> None:
        self._app = app
        self._connect = connect
        self.client: WalletClient | None = None
        self.profile: Profile | None = None
        self._exchange_log_dir = exchange_log_dir
        self._exchanges: SessionExchanges | None = None
        self.exchange_window: int | None = None  # from the settings; None: the default
        # The server's time from its answers' Date headers (countdowns count to its times).
        self.server_clock = ServerClock()
        self._in_flight: dict[_Key, _Flight] = {}
        # The journal of the profile and partner logged in (money operations, write-ahead),
        # and the journal entry of each call in flight that has one.
        self.journal: Journal | None = None
        self._entries: dict[_Key, Entry] = {}
        # Where its lines are written: one thread, off the event loop (journal/writer.py);
        # made at the first write (the journal room is not imported before the first paint).
        self._journal_writer: JournalThread | None = None
        # Keys of the entries sent in this run: their screens still tell their outcome.
        self.sent_this_run: set[str] = set()
        # Idempotency-Key -> the requestId of its last attempt, for the journal.
        self._request_ids: dict[str, str] = {}
        # Clients replaced by a new login, closed when the app ends (a worker may still use one).
        self._retired: list[WalletClient] = []

    # -- calls -----------------------------------------------------------------------------

    def call(
        self,
        requester: Widget,
        request: Request[T],
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object],
        *,
        on_abandon: Callable[[str | None], object] | None = None,
        answer: Answer | None = None,
        idempotency_key: str | None = None,
        journalled: Journalled | None = None,
    ) -> bool:
        """Runs `request(client)` in a worker; its value goes to `on_success`, an `ApiError`
        (the server said no) or `ClientError` (no answer, a bad one, an unknown outcome) to
        `on_failure`, each called in `requester`'s message queue.

        In flight the call is known by `requester` and `answer` (by default `on_success`;
        a requester that wraps its callbacks names the method it wraps): `in_flight` and
        `abandon` take the same. `idempotency_key` is the key `request` sends, if any:
        `on_abandon` gets it back so a retry can reuse it. A `journalled` call writes its
        entry first (its key is then the call's), settles it on a definite answer and leaves
        it open otherwise. Returns False (and does nothing) while the same call is in
        flight, its journal line being written included: a second Enter sends nothing."""
        if self.client is None:
            raise NotLoggedIn("a call made before login")
        client = self.client
        return self._start(requester, answer or on_success, lambda: request(client),
                           on_success, on_failure, on_abandon, idempotency_key, journalled)

    def login(
        self,
        requester: Widget,
        profile: "Profile",
        credentials: "Credentials",
        on_success: "Callable[[TokenResponse], object]",
        on_failure: Callable[[Exception], object],
        *,
        on_abandon: Callable[[str | None], object] | None = None,
    ) -> bool:
        """Logs in with `profile` (connecting anew when the profile changed); the token goes
        to `on_success`, the error to `on_failure`, as for `call` (known by `on_success`)."""

        async def log_in() -> "TokenResponse":
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
            self.journal = self._journal_of(profile)
            return token

        return self._start(requester, on_success, log_in, on_success, on_failure, on_abandon,
                           None, None)

    def _journal_of(self, profile: "Profile") -> "Journal":
        from wallet_tui.config import AppPaths
        from wallet_tui.journal import Journal

        paths = getattr(self._app, "paths", None) or AppPaths.from_env()
        return Journal(paths.journal_dir, str(getattr(profile, "name", "")),
                       str(getattr(profile, "partner_id", "")))

    def entries_in_flight(self) -> "list[Entry]":
        """The journalled operations sent and not yet answered."""
        return [entry for key, entry in self._entries.items() if key in self._in_flight]

    def in_flight(self, requester: Widget, answer: Answer) -> bool:
        """Whether `requester`'s call answered to `answer` is in flight."""
        return (id(requester), answer) in self._in_flight

    def abandon(self, requester: Widget, answer: Answer) -> None:
        """Stops waiting for that call; its `on_abandon` gets the call's Idempotency-Key."""
        key = (id(requester), answer)
        flight = self._in_flight.pop(key, None)
        self._entries.pop(key, None)  # stays open in the journal
        if flight is None:
            return
        flight.worker.cancel()
        if flight.on_abandon is not None:
            requester.call_later(flight.on_abandon, flight.idempotency_key)

    # -- exchanges -------------------------------------------------------------------------

    @property
    def exchanges(self) -> "SessionExchanges":
        """The session's exchanges; made on first use (the client room is not imported
        before the first paint)."""
        if self._exchanges is None:
            from wallet_tui.client.session_exchanges import SessionExchanges

            self._exchanges = SessionExchanges(self._exchange_log_dir)
            if self.exchange_window is not None:
                self._exchanges.window = self.exchange_window
        return self._exchanges

    def set_exchange_window(self, size: int) -> None:
        """How many exchanges stay in memory; the older ones go to the exchange log."""
        self.exchange_window = size
        if self._exchanges is not None:
            self._exchanges.window = size

    def record(self, exchange: "Exchange") -> None:
        """The client's `on_exchange` callback."""
        self.exchanges.append(exchange)
        self.server_clock.hear(exchange)
        self._app.post_message(ExchangeRecorded(exchange))

    @property
    def token_state(self) -> "TokenState | None":
        return self.client.token_state if self.client is not None else None

    async def aclose(self) -> None:
        for flight in list(self._in_flight.values()):
            flight.worker.cancel()
        self._in_flight.clear()
        clients = [*self._retired, *([self.client] if self.client else [])]
        self._retired.clear()
        self.client = None
        if self._exchanges is not None:
            self._exchanges.close()
        if self._journal_writer is not None:
            self._journal_writer.close()  # the lines asked for are on disk before the desk ends
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
        client = self._connect(profile, on_exchange=self.record)
        client.on_attempt = self._attempting
        return client

    def _start(
        self,
        requester: Widget,
        answer: Answer,
        work: Callable[[], Awaitable[T]],
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object],
        on_abandon: Callable[[str | None], object] | None,
        idempotency_key: str | None,
        journalled: Journalled | None,
    ) -> bool:
        key: _Key = (id(requester), answer)
        if key in self._in_flight:
            return False
        journal_entry: Entry | None = None

        def failed(error: Exception) -> None:
            if self._owns(key, worker):
                del self._in_flight[key]
                if _is_session_expired(error):
                    self._app.post_message(SessionLost(_reason(error)))
                requester.call_later(on_failure, error)

        async def run() -> None:
            nonlocal journal_entry
            if journalled is not None:
                from wallet_tui.journal import JournalError

                try:
                    journal_entry = await self._journal_thread.run(journalled.write)
                except JournalError as error:
                    failed(error)
                    return
                if not self._owns(key, worker):
                    return  # abandoned meanwhile: the entry stays open, nothing is sent
                journalled.began(journal_entry)
                self._entries[key] = journal_entry
                self.sent_this_run.add(journal_entry.key)
                self._in_flight[key].idempotency_key = journal_entry.key
            try:
                value = await work()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 — every failure goes to the screen
                if journal_entry is not None:
                    self._entry_answered(key, journal_entry)
                    await self._journal_failure(journal_entry, error)
                failed(error)
                return
            if journal_entry is not None:
                self._entry_answered(key, journal_entry)
                await self._journal_success(journal_entry, value)
            if self._owns(key, worker):
                del self._in_flight[key]
                requester.call_later(on_success, value)

        worker: Worker[None] = self._app.run_worker(
            run, name=f"api:{_name_of(answer)}", group=API_GROUP, exit_on_error=False
        )
        self._in_flight[key] = _Flight(worker, idempotency_key, on_abandon)
        return True

    # -- the journal -----------------------------------------------------------------------

    @property
    def _journal_thread(self) -> "JournalThread":
        if self._journal_writer is None:
            from wallet_tui.journal.writer import JournalThread

            self._journal_writer = JournalThread()
        return self._journal_writer

    async def _attempting(self, idempotency_key: str, request_id: str) -> None:
        """The client's `on_attempt`: a journalled call's attempt is about to leave. Its
        requestId goes to the journal first (fsync), so an entry left open by a crash in
        flight still names the request the service saw, for its support."""
        entry = next((e for e in self._entries.values() if e.key == idempotency_key), None)
        if entry is None:
            return
        self._request_ids[idempotency_key] = request_id
        # Not written (logged): sent all the same, the entry itself is on disk already.
        await self._journal_write(entry, lambda journal: journal.sending(entry.key, request_id))

    def _entry_answered(self, key: _Key, entry: "Entry") -> None:
        if self._entries.get(key) is entry:
            del self._entries[key]

    async def _journal_success(self, entry: "Entry", value: object) -> None:
        from wallet_tui.journal.outcome import result_of, success_words

        request_id = self._request_ids.pop(entry.key, None)
        self._settled(entry, await self._journal_write(entry, lambda journal: journal.settle(
            entry.key, success_words(value), result=result_of(value), request_id=request_id)))

    async def _journal_failure(self, entry: "Entry", error: BaseException) -> None:
        from wallet_tui.journal.outcome import outcome_unknown, refusal_words, request_id_of

        request_id = self._request_ids.pop(entry.key, None)
        request_id = request_id_of(error) or request_id
        if outcome_unknown(error):
            await self._journal_write(entry, lambda journal: journal.unknown(
                entry.key, _reason(error), request_id=request_id))
        else:
            self._settled(entry, await self._journal_write(entry, lambda journal: journal.settle(
                entry.key, refusal_words(error), request_id=request_id)))

    def _settled(self, entry: "Entry", written: bool) -> None:
        # Settled on disk: no login needs to tell it apart any more, and a day's operations
        # must not pile up here (issue 15).
        if written:
            self.sent_this_run.discard(entry.key)

    async def _journal_write(self, entry: "Entry", write: Callable[["Journal"], object]) -> bool:
        """Writes about `entry` in its own journal (the login may have changed partner
        meanwhile), on the journal's thread; True if written. Not written: the entry stays
        open and is checked at the next login."""
        journal = self.journal
        if journal is None:
            return False
        if (journal.profile, journal.partner_id) != (entry.profile, entry.partner_id):
            from wallet_tui.journal import Journal

            journal = Journal(journal.directory, entry.profile, entry.partner_id)
        try:
            await self._journal_thread.run(lambda: write(journal))
        except OSError as error:
            import logging

            logging.getLogger(__name__).warning("journal not updated: %s", error)
            return False
        return True

    def _owns(self, key: _Key, worker: Worker[None]) -> bool:
        # After abandon() a late result belongs to nobody: the screen already moved on.
        flight = self._in_flight.get(key)
        return flight is not None and flight.worker is worker


def _same_endpoint(a: "Profile", b: "Profile") -> bool:
    # Any change to a profile (address, TLS, timeout) deserves a fresh connection.
    return a == b


def _reason(error: BaseException) -> str:
    if isinstance(error, ApiError):
        return error.message
    return str(error) or type(error).__name__


def _name_of(answer: Answer) -> str:
    # The worker's name, for Textual's worker list and tracebacks: the answering method's.
    return getattr(answer, "__qualname__", None) or type(answer).__name__

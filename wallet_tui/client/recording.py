"""A transport wrapper that records every exchange and caps what is read of a body.

It sits under httpx's auth flow and above the real transport, so it sees each HTTP
exchange exactly once: token calls, a call rejected with 401 and its resend after a
refresh, every retry attempt."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from wallet_tui.protocol import wire

from .clock import ClientClock
from .exchange import Exchange
from .log_line import log_exchange

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1 << 20
# Set on responses whose body was longer than the cap and was cut there.
BODY_TRUNCATED = "wallet_tui.body_truncated"
# Headers that describe the body as it travelled, not as it is handed up (decoded, capped).
_BODY_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})

ExchangeListener = Callable[[Exchange], None]
# One numbering for every transport of the process: the desk builds a new client for each
# login (a failed one included), and a session's exchanges must never share a number.
_exchange_ids = itertools.count(1)
# Set on an error that struck after the server had begun to answer (its status line came):
# the request reached the server, whatever the error's class says.
ANSWER_STARTED = "wallet_tui_answer_started"


def answer_started(error: BaseException) -> bool:
    return bool(getattr(error, ANSWER_STARTED, False))


def header_dict(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for raw_name, raw_value in raw:
        name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def describe_error(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def read_capped(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """The decoded body up to ``limit`` bytes, and whether there was more."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            room = limit - size
            if len(chunk) > room:
                chunks.append(chunk[:room])
                return b"".join(chunks), True
            chunks.append(chunk)
            size += len(chunk)
    finally:
        await response.aclose()
    return b"".join(chunks), False


def _text_of(body: bytes, encoding: str | None) -> str:
    try:
        return body.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")


class RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        clock: ClientClock,
        on_exchange: ExchangeListener | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._inner = inner
        self._clock = clock
        self._on_exchange = on_exchange
        self._max_body_bytes = max_body_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started_at = self._clock.now()
        started = time.perf_counter()
        request_body = await request.aread()
        status: int | None = None
        response_headers: dict[str, str] = {}
        response_text: str | None = None
        try:
            response = await self._inner.handle_async_request(request)
            status = response.status_code
            response_headers = header_dict(response.headers.raw)
            response.request = request
            body, truncated = await read_capped(response, self._max_body_bytes)
        except BaseException as error:
            if status is not None and isinstance(error, Exception):
                setattr(error, ANSWER_STARTED, True)
            log_exchange(request.method, str(request.url), status,
                         (time.perf_counter() - started) * 1000,
                         request.headers.get(wire.REQUEST_ID), error)
            self._record(request, request_body, started_at, started, status,
                         response_headers, response_text, describe_error(error))
            raise
        log_exchange(request.method, str(request.url), status,
                     (time.perf_counter() - started) * 1000, request.headers.get(wire.REQUEST_ID))
        response_text = _text_of(body, response.charset_encoding)
        if truncated:
            response_text += f"\n… (cut at {self._max_body_bytes} bytes)"
        self._record(request, request_body, started_at, started, status,
                     response_headers, response_text, None)
        handed_up = [
            (name, value) for name, value in response.headers.raw
            if name.decode("latin-1").lower() not in _BODY_FRAMING_HEADERS
        ]
        return httpx.Response(
            status,
            headers=handed_up,
            content=body,
            request=request,
            extensions={**response.extensions, BODY_TRUNCATED: truncated},
        )

    async def aclose(self) -> None:
        await self._inner.aclose()

    def _record(
        self,
        request: httpx.Request,
        request_body: bytes,
        started_at: datetime,
        started: float,
        status: int | None,
        response_headers: dict[str, str],
        response_text: str | None,
        error: str | None,
    ) -> None:
        if self._on_exchange is None:
            return
        request_headers = header_dict(request.headers.raw)
        lowered = {name.lower(): value for name, value in request_headers.items()}
        replayed = any(
            name.lower() == wire.IDEMPOTENT_REPLAYED.lower() and value.lower() == "true"
            for name, value in response_headers.items()
        )
        url = str(request.url)
        exchange = Exchange(
            id=next(_exchange_ids),
            started_at=started_at,
            method=request.method,
            url=url,
            path=urlsplit(url).path,
            request_headers=request_headers,
            request_body=_text_of(request_body, "utf-8") if request_body else None,
            status=status,
            response_headers=response_headers,
            response_body=response_text,
            duration_ms=(time.perf_counter() - started) * 1000,
            error=error,
            request_id=lowered.get(wire.REQUEST_ID.lower()),
            idempotency_key=lowered.get(wire.IDEMPOTENCY_KEY.lower()),
            replayed=replayed,
        )
        try:
            self._on_exchange(exchange)
        except Exception:
            # A broken listener (the inspector) must not turn a done payment into a failure.
            logger.exception("on_exchange listener failed for exchange %s", exchange.id)

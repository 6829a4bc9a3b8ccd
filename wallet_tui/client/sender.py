"""Sending one call: headers every call carries, attempts, and what an unsettled end means."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from wallet_tui.protocol import wire

from .clock import ClientClock
from .errors import BadResponse, NoAnswer, OutcomeUnknown, ServerUnreachable
from .recording import answer_started, describe_error
from .replies import error_of, is_request_in_progress
from .retry import (
    MAYBE_SENT_ERRORS,
    NOT_SENT_ERRORS,
    RETRYABLE_STATUSES,
    RetryPolicy,
    Safety,
    Unsettled,
    is_certificate_failure,
    retry_after_seconds,
    run_with_retries,
)

_SEND_ONCE = RetryPolicy(max_attempts=1)
# Told (Idempotency-Key, X-Request-Id) just before each attempt of a keyed call leaves, and
# awaited: the attempt leaves once the hook is done (a journal line fsynced off the loop).
AttemptHook = Callable[[str, str], Awaitable[None]]


def new_request_id() -> str:
    return str(uuid.uuid4())


def new_idempotency_key() -> str:
    """A fresh key for one operation the operator submits."""
    return str(uuid.uuid4())


def check_idempotency_key(key: str) -> str:
    if not 1 <= len(key) <= wire.IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValueError(
            f"An idempotency key has 1 to {wire.IDEMPOTENCY_KEY_MAX_LENGTH} characters"
        )
    if not key.isascii() or not key.isprintable():
        raise ValueError("An idempotency key has printable ASCII characters only")
    return key


def _describe(failure: Unsettled) -> str:
    if failure.error is not None:
        return describe_error(failure.error)
    assert failure.response is not None
    error = error_of(failure.response)
    return f"HTTP {failure.response.status_code} {getattr(error, 'error_name', '')}".strip()


class Sender:
    def __init__(self, http: httpx.AsyncClient, *, policy: RetryPolicy, clock: ClientClock):
        self._http = http
        self._policy = policy
        self._clock = clock
        self.on_attempt: AttemptHook | None = None

    async def announce(self, request: httpx.Request) -> None:
        """Tells `on_attempt` about a keyed request about to leave (each attempt, and the
        auth flow's resend after a 401, which carries a new X-Request-Id). Before it leaves:
        a caller that must name this request later (its journal, after a crash) learns its
        id while nothing is sent yet."""
        key = request.headers.get(wire.IDEMPOTENCY_KEY)
        if key is not None and self.on_attempt is not None:
            await self.on_attempt(key, request.headers[wire.REQUEST_ID])

    @property
    def server(self) -> str:
        return str(self._http.base_url).rstrip("/")

    async def send(
        self,
        method: str,
        path: str,
        *,
        safety: Safety,
        operation: str,
        params: dict[str, Any] | None = None,
        body: bytes | None = None,
        idempotency_key: str | None = None,
        auth: httpx.Auth | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """The final response of the call, which may be an error answer for the caller to
        map. Raises ServerUnreachable, NoAnswer or OutcomeUnknown when none settled it."""
        # Whether any attempt may have reached the server's logic: it decides between
        # "nothing happened" and "something may have happened" when attempts run out.
        delivered = False

        def build() -> httpx.Request:
            sent = {wire.REQUEST_ID: new_request_id(), "Accept": wire.JSON_CONTENT_TYPE}
            if idempotency_key is not None:
                sent[wire.IDEMPOTENCY_KEY] = idempotency_key
            if body is not None:
                sent[wire.CONTENT_TYPE] = wire.JSON_CONTENT_TYPE
            sent.update(headers or {})  # a probe's own headers win
            return self._http.build_request(method, path, params=params, content=body,
                                            headers=sent)

        async def attempt() -> httpx.Response:
            nonlocal delivered
            request = build()
            await self.announce(request)
            try:
                response = await self._http.send(request, auth=auth)
            except httpx.DecodingError as error:
                # An answer came but its encoding is broken; a repeat would not mend it.
                if idempotency_key is not None:
                    raise OutcomeUnknown(idempotency_key=idempotency_key, operation=operation,
                                         reason=describe_error(error)) from error
                raise BadResponse(f"a body that cannot be decoded ({error})") from error
            except httpx.HTTPError as error:
                # Classes first (a ConnectError is a NetworkError too), unless the server
                # had begun to answer: then it got the request, whatever broke after.
                started = answer_started(error)
                if isinstance(error, NOT_SENT_ERRORS) and not started:
                    if not is_certificate_failure(error):
                        raise Unsettled(error=error) from error
                elif started or isinstance(error, MAYBE_SENT_ERRORS):
                    delivered = True
                    raise Unsettled(error=error) from error
                # A URL or protocol httpx cannot use, or a certificate that failed
                # verification: trying again would only repeat the same refusal.
                if idempotency_key is not None and delivered:
                    raise OutcomeUnknown(idempotency_key=idempotency_key, operation=operation,
                                         reason=describe_error(error)) from error
                raise ServerUnreachable(self.server, describe_error(error)) from error
            except Exception as error:
                # The token layer failed (session expired, server gone) on a repeat of
                # a POST an earlier attempt may have delivered: its outcome is unknown.
                if idempotency_key is not None and delivered:
                    raise OutcomeUnknown(idempotency_key=idempotency_key, operation=operation,
                                         reason=str(error)) from error
                raise
            in_progress = is_request_in_progress(response)
            if response.status_code in RETRYABLE_STATUSES or in_progress:
                delivered = delivered or in_progress or response.status_code >= 500
                retry_after = retry_after_seconds(
                    response.headers.get(wire.RETRY_AFTER), self._clock.now()
                )
                raise Unsettled(response=response, retry_after=retry_after)
            return response

        policy = _SEND_ONCE if safety is Safety.ONCE else self._policy
        try:
            return await run_with_retries(attempt, policy=policy, clock=self._clock)
        except Unsettled as failure:
            if failure.response is not None and safety is Safety.ONCE:
                return failure.response  # the raw console shows every answer as it came
            if idempotency_key is not None and delivered:
                cause = failure.error or (error_of(failure.response) if failure.response else None)
                raise OutcomeUnknown(idempotency_key=idempotency_key, operation=operation,
                                     reason=_describe(failure)) from cause
            if failure.response is not None:
                return failure.response
            if not delivered:
                raise ServerUnreachable(self.server, _describe(failure)) from failure.error
            raise NoAnswer(self.server, _describe(failure)) from failure.error

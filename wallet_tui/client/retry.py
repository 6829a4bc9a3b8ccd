"""When to try a call again, how long to wait, and when to give up.

tenacity drives the attempts (stamina, which wraps it, cannot take an injected sleep or
clock; see docs/client.md). What is retried: connection failures, timeouts, cut
connections, 429, 500, 502, 503, 504 and REQUEST_IN_PROGRESS. Which calls: only those a
repeat cannot harm (reads, token calls, PUTs) and wallet POSTs, whose repeats carry the
same Idempotency-Key."""

from __future__ import annotations

import random
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from enum import Enum
from typing import TypeVar

import httpx
import tenacity

from .clock import ClientClock

T = TypeVar("T")

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# Failures that happen before a byte of the request could reach the server.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Failures after the request may have reached the server: it may have acted on it.
MAYBE_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


class Safety(Enum):
    """What a repeat of a call could do."""

    ONCE = "once"  # sent exactly once: the raw console, moving the sandbox clock
    REPEATABLE = "repeatable"  # a repeat changes nothing: reads, token calls, PUTs
    KEYED = "keyed"  # a wallet POST: repeats carry the same Idempotency-Key


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    budget_seconds: float = 20.0
    wait_initial: float = 0.25
    wait_max: float = 4.0
    wait_jitter: float = 0.25

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.budget_seconds < 0:
            raise ValueError("retry_budget_seconds must not be negative")

    def backoff(self, attempt_number: int) -> float:
        """Wait after the ``attempt_number``-th failure: exponential, capped, jittered."""
        base = min(self.wait_max, self.wait_initial * 2 ** (attempt_number - 1))
        return base + random.uniform(0, self.wait_jitter)  # noqa: S311 - not cryptographic


def is_certificate_failure(error: BaseException) -> bool:
    """A TLS certificate that failed verification: it fails the same way on every try."""
    seen: BaseException | None = error
    for _ in range(10):  # the cause chain is short; never loop on a cycle
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Unsettled(Exception):
    """An attempt that ended without a definite answer: worth another try."""

    def __init__(
        self,
        *,
        response: httpx.Response | None = None,
        error: Exception | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(error or response)
        self.response = response
        self.error = error
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds to wait: delta-seconds, or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())


async def run_with_retries(
    attempt: Callable[[], Awaitable[T]], *, policy: RetryPolicy, clock: ClientClock
) -> T:
    """Runs ``attempt`` until it returns. It raises ``Unsettled`` to ask for another try;
    when the count or the time budget is spent, the last ``Unsettled`` is raised."""
    started = clock.monotonic()

    def wait(state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, Unsettled) and failure.retry_after is not None:
            return failure.retry_after
        return policy.backoff(state.attempt_number)

    def stop(state: tenacity.RetryCallState) -> bool:
        # Give up rather than start a wait that would end past the budget.
        elapsed = clock.monotonic() - started
        return (
            state.attempt_number >= policy.max_attempts
            or elapsed + state.upcoming_sleep > policy.budget_seconds
        )

    retrying = tenacity.AsyncRetrying(
        retry=tenacity.retry_if_exception_type(Unsettled),
        wait=wait,
        stop=stop,
        sleep=clock.sleep,
        reraise=True,
    )
    return await retrying(attempt)

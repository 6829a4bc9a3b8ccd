"""The life of one money operation's Idempotency-Key, as the protocol asks: a new key for
each operation the operator submits; the same key again only while that operation's outcome
is unknown; forgotten on any definite answer."""

from __future__ import annotations

import json
import uuid
from typing import Any

from wallet_tui.protocol import ApiError, ErrorName

# Answers that say nothing about whether the work was done: a retry must reuse the key.
_UNDECIDED_API_ERRORS = {
    ErrorName.REQUEST_IN_PROGRESS.value,
    ErrorName.INTERNAL_ERROR.value,
    ErrorName.SERVICE_UNAVAILABLE.value,
    ErrorName.TOO_MANY_REQUESTS.value,
}
_UNDECIDED_CLIENT_ERRORS = {"OutcomeUnknown", "ServerUnreachable", "SessionExpired"}


def outcome_unknown(error: BaseException) -> bool:
    """True when `error` leaves open whether the server applied the operation."""
    if isinstance(error, ApiError):
        return error.error_name in _UNDECIDED_API_ERRORS or error.http_status >= 500
    # Matched by name: the client room's classes, without importing the client here.
    return type(error).__name__ in _UNDECIDED_CLIENT_ERRORS


class PendingKey:
    """Holds the key of the operation in flight or of unknown outcome, with what it sent."""

    def __init__(self) -> None:
        self.key: str | None = None
        self._request: str | None = None
        self.unknown = False

    def for_request(self, request: Any) -> str:
        """The key to send with `request`: the kept one when this is a retry of the same
        request whose outcome is unknown, else a new one (a new operation)."""
        fingerprint = json.dumps(request, sort_keys=True, default=str)
        if self.key is not None and self.unknown and fingerprint == self._request:
            return self.key
        self.key = str(uuid.uuid4())
        self._request = fingerprint
        self.unknown = False
        return self.key

    @property
    def is_retry_pending(self) -> bool:
        return self.key is not None and self.unknown

    def settle(self, error: BaseException | None = None) -> None:
        """An answer came: keep the key if it leaves the outcome open, else forget it."""
        if error is not None and outcome_unknown(error):
            self.mark_unknown()
        else:
            self.forget()

    def mark_unknown(self) -> None:
        self.unknown = self.key is not None

    def forget(self) -> None:
        self.key = None
        self._request = None
        self.unknown = False

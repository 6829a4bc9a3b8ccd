"""What can go wrong between the client and the server, besides the API's own error answers.

The API's answers (INSUFFICIENT_FUNDS and the rest) are `wallet_tui.protocol.ApiError`
subclasses. Everything here is about the exchange itself: whether the request got there,
whether an answer came back, whether the answer made sense."""

from __future__ import annotations


class ClientError(Exception):
    """Base of every failure the client raises that is not an API error answer."""


class ServerUnreachable(ClientError):
    """No connection could be made: nothing was sent, so trying again is always safe."""

    def __init__(self, url: str, reason: str = "") -> None:
        self.url = url
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f"Cannot reach the server at {url}{detail}")


class NoAnswer(ClientError):
    """A request that changes nothing got no answer (timeout, cut connection)."""

    def __init__(self, url: str, reason: str = "") -> None:
        self.url = url
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f"No answer from the server at {url}{detail}")


class OutcomeUnknown(ClientError):
    """A wallet POST may have been applied, but no definite answer came.

    Sending the same call again with the same ``idempotency_key`` is safe: the server then
    replays what it did, or does it for the first time."""

    def __init__(self, *, idempotency_key: str, operation: str, reason: str = "") -> None:
        self.idempotency_key = idempotency_key
        self.operation = operation
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"The outcome of the {operation} is unknown{detail}; "
            f"retry with idempotency key {idempotency_key} to learn it"
        )


class BadResponse(ClientError):
    """An answer the server should never give: HTML, truncated JSON, wrong types, no body."""

    def __init__(
        self, reason: str, *, status: int | None = None, request_id: str | None = None
    ) -> None:
        self.reason = reason
        self.status = status
        self.request_id = request_id
        where = f"HTTP {status}: " if status is not None else ""
        suffix = f" (requestId {request_id})" if request_id else ""
        super().__init__(f"Unexpected answer from the server: {where}{reason}{suffix}")


class SessionExpired(ClientError):
    """The session could not be renewed: the refresh token and the stored credentials
    were both refused. The operator has to log in again."""


class NotLoggedIn(ClientError):
    """A wallet call was made before any login and without credentials to log in with."""


class InsecureUrl(ClientError, ValueError):
    """A connection setting that would expose secrets or skip TLS verification."""


class CaBundleError(ClientError, ValueError):
    """The CA bundle named for TLS verification cannot be read."""

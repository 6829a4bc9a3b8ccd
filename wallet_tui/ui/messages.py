"""Messages the gateway posts: to the widget that asked (Api*) or to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from wallet_tui.client import Exchange


class ApiSucceeded(Message):
    """`op` finished; `value` is what the client method returned."""

    def __init__(self, op: str, value: Any) -> None:
        super().__init__()
        self.op = op
        self.value = value


class ApiFailed(Message):
    """`op` failed with an `ApiError` (the server said no) or a `ClientError` (no answer,
    a bad one, or an unknown outcome)."""

    def __init__(self, op: str, error: Exception) -> None:
        super().__init__()
        self.op = op
        self.error = error


class ApiAbandoned(Message):
    """The operator gave up waiting on `op`: its outcome is unknown. Retrying with the same
    `idempotency_key` is safe and tells what happened."""

    def __init__(self, op: str, idempotency_key: str | None) -> None:
        super().__init__()
        self.op = op
        self.idempotency_key = idempotency_key


class ExchangeRecorded(Message):
    """One HTTP exchange happened (secrets already masked by the client)."""

    def __init__(self, exchange: "Exchange") -> None:
        super().__init__()
        self.exchange = exchange


class SessionLost(Message):
    """The session cannot be renewed: the app brings the login screen back."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

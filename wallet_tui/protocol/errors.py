"""The provider's error codes (section 5.1) as exception classes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorName(StrEnum):
    INVALID_REQUEST = "INVALID_REQUEST"
    UNAUTHORIZED = "UNAUTHORIZED"
    INVALID_CLIENT = "INVALID_CLIENT"
    INVALID_GRANT = "INVALID_GRANT"
    WALLET_NOT_FOUND = "WALLET_NOT_FOUND"
    WALLET_ALREADY_EXISTS = "WALLET_ALREADY_EXISTS"
    WALLET_BLOCKED = "WALLET_BLOCKED"
    INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS"
    BALANCE_LIMIT_EXCEEDED = "BALANCE_LIMIT_EXCEEDED"
    TURNOVER_LIMIT_EXCEEDED = "TURNOVER_LIMIT_EXCEEDED"
    IDENTIFICATION_REQUIRED = "IDENTIFICATION_REQUIRED"
    PAYMENT_NOT_FOUND = "PAYMENT_NOT_FOUND"
    PAYMENT_EXPIRED = "PAYMENT_EXPIRED"
    BANK_NOT_FOUND = "BANK_NOT_FOUND"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    REQUEST_IN_PROGRESS = "REQUEST_IN_PROGRESS"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"


# name -> (HTTP status, numeric code)
ERROR_TABLE: dict[ErrorName, tuple[int, int]] = {
    ErrorName.INVALID_REQUEST: (400, 1001),
    ErrorName.UNAUTHORIZED: (401, 1002),
    ErrorName.INVALID_CLIENT: (401, 1003),
    ErrorName.INVALID_GRANT: (400, 1004),
    ErrorName.WALLET_NOT_FOUND: (404, 2001),
    ErrorName.WALLET_ALREADY_EXISTS: (409, 2002),
    ErrorName.WALLET_BLOCKED: (409, 2003),
    ErrorName.INSUFFICIENT_FUNDS: (422, 3001),
    ErrorName.BALANCE_LIMIT_EXCEEDED: (422, 3002),
    ErrorName.TURNOVER_LIMIT_EXCEEDED: (422, 3003),
    ErrorName.IDENTIFICATION_REQUIRED: (422, 3004),
    ErrorName.PAYMENT_NOT_FOUND: (404, 3005),
    ErrorName.PAYMENT_EXPIRED: (409, 3006),
    ErrorName.BANK_NOT_FOUND: (404, 3008),
    ErrorName.IDEMPOTENCY_CONFLICT: (409, 4001),
    ErrorName.REQUEST_IN_PROGRESS: (409, 4002),
    ErrorName.TOO_MANY_REQUESTS: (429, 5001),
    ErrorName.INTERNAL_ERROR: (500, 5002),
    ErrorName.SERVICE_UNAVAILABLE: (503, 5003),
}

NAME_BY_CODE: dict[int, ErrorName] = {code: name for name, (_, code) in ERROR_TABLE.items()}


def http_status_of(name: ErrorName) -> int:
    return ERROR_TABLE[name][0]


def code_of(name: ErrorName) -> int:
    return ERROR_TABLE[name][1]


def is_business_refusal(code: int) -> bool:
    """Codes 2xxx and 3xxx: definite answers an idempotency key keeps and replays."""
    return 2000 <= code < 4000


class ApiError(Exception):
    """An error answer of the API, as the server sent it."""

    name: ErrorName | None = None

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        details: dict[str, Any] | None = None,
        request_id: str | None = None,
        http_status: int | None = None,
        error_name: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        known = type(self).name
        self.code = code if code is not None else (code_of(known) if known else 0)
        self.error_name = error_name or (known.value if known else "UNKNOWN_ERROR")
        self.details = details or {}
        self.request_id = request_id
        self.http_status = http_status if http_status is not None else (
            http_status_of(known) if known else 0
        )

    @property
    def field_problems(self) -> dict[str, str]:
        """INVALID_REQUEST's details.fields as {field: problem}."""
        fields = self.details.get("fields") or []
        problems: dict[str, str] = {}
        for item in fields:
            if isinstance(item, dict) and isinstance(item.get("field"), str):
                problems[item["field"]] = str(item.get("problem", "invalid"))
        return problems

    def __str__(self) -> str:
        suffix = f" (requestId {self.request_id})" if self.request_id else ""
        return f"{self.error_name}: {self.message}{suffix}"


class UnknownApiError(ApiError):
    """An error code this client does not know; kept whole for the operator to read."""


def _make(name: ErrorName) -> type[ApiError]:
    words = "".join(part.capitalize() for part in name.value.split("_"))
    class_name = words if words.endswith("Error") else words + "Error"
    return type(class_name, (ApiError,), {"name": name, "__doc__": f"{name.value} ({code_of(name)})"})


InvalidRequestError = _make(ErrorName.INVALID_REQUEST)
UnauthorizedError = _make(ErrorName.UNAUTHORIZED)
InvalidClientError = _make(ErrorName.INVALID_CLIENT)
InvalidGrantError = _make(ErrorName.INVALID_GRANT)
WalletNotFoundError = _make(ErrorName.WALLET_NOT_FOUND)
WalletAlreadyExistsError = _make(ErrorName.WALLET_ALREADY_EXISTS)
WalletBlockedError = _make(ErrorName.WALLET_BLOCKED)
InsufficientFundsError = _make(ErrorName.INSUFFICIENT_FUNDS)
BalanceLimitExceededError = _make(ErrorName.BALANCE_LIMIT_EXCEEDED)
TurnoverLimitExceededError = _make(ErrorName.TURNOVER_LIMIT_EXCEEDED)
IdentificationRequiredError = _make(ErrorName.IDENTIFICATION_REQUIRED)
PaymentNotFoundError = _make(ErrorName.PAYMENT_NOT_FOUND)
PaymentExpiredError = _make(ErrorName.PAYMENT_EXPIRED)
BankNotFoundError = _make(ErrorName.BANK_NOT_FOUND)
IdempotencyConflictError = _make(ErrorName.IDEMPOTENCY_CONFLICT)
RequestInProgressError = _make(ErrorName.REQUEST_IN_PROGRESS)
TooManyRequestsError = _make(ErrorName.TOO_MANY_REQUESTS)
InternalError = _make(ErrorName.INTERNAL_ERROR)
ServiceUnavailableError = _make(ErrorName.SERVICE_UNAVAILABLE)

ERROR_CLASSES: dict[ErrorName, type[ApiError]] = {
    cls.name: cls  # type: ignore[misc]
    for cls in (
        InvalidRequestError, UnauthorizedError, InvalidClientError, InvalidGrantError,
        WalletNotFoundError, WalletAlreadyExistsError, WalletBlockedError,
        InsufficientFundsError, BalanceLimitExceededError, TurnoverLimitExceededError,
        IdentificationRequiredError, PaymentNotFoundError, PaymentExpiredError,
        BankNotFoundError, IdempotencyConflictError, RequestInProgressError,
        TooManyRequestsError, InternalError, ServiceUnavailableError,
    )
}


def error_from_body(
    *, code: Any, name: Any, message: Any, details: Any, request_id: Any, http_status: int
) -> ApiError:
    """Builds the typed exception for an error body; unknown codes become UnknownApiError."""
    known: ErrorName | None = None
    if isinstance(code, int) and code in NAME_BY_CODE:
        known = NAME_BY_CODE[code]
    elif isinstance(name, str) and name in ErrorName.__members__:
        known = ErrorName(name)
    cls = ERROR_CLASSES[known] if known else UnknownApiError
    return cls(
        str(message) if message is not None else "(no message)",
        code=code if isinstance(code, int) else None,
        details=details if isinstance(details, dict) else None,
        request_id=str(request_id) if request_id is not None else None,
        http_status=http_status,
        error_name=known.value if known else (str(name) if name else f"HTTP_{http_status}"),
    )

"""Which answers settle an operation and which leave it open, and what a settled one says."""

from __future__ import annotations

from typing import Any

from wallet_tui.protocol import ApiError, ErrorName

# Answers that say nothing about whether the work was done: a retry must reuse the key.
_UNDECIDED_API_ERRORS = {
    ErrorName.REQUEST_IN_PROGRESS.value,
    ErrorName.INTERNAL_ERROR.value,
    ErrorName.SERVICE_UNAVAILABLE.value,
    ErrorName.TOO_MANY_REQUESTS.value,
}
# Matched by name: the client room's classes, without importing the client here.
_UNDECIDED_CLIENT_ERRORS = {"OutcomeUnknown", "ServerUnreachable", "SessionExpired"}
# The ids an answer may carry, kept with the settled entry.
_RESULT_IDS = ("walletId", "operationId", "paymentId", "withdrawalId", "status", "identification")


def outcome_unknown(error: BaseException) -> bool:
    """True when `error` leaves open whether the server applied the operation."""
    if isinstance(error, ApiError):
        return error.error_name in _UNDECIDED_API_ERRORS or error.http_status >= 500
    return type(error).__name__ in _UNDECIDED_CLIENT_ERRORS


def result_of(value: Any) -> dict[str, str]:
    """The ids and status of a success answer (an Operation, Payment, Withdrawal, Wallet)."""
    wire = value.to_wire() if hasattr(value, "to_wire") else {}
    return {name: str(wire[name]) for name in _RESULT_IDS if wire.get(name) is not None}


def success_words(value: Any) -> str:
    """One line for the file: "SUCCEEDED operationId …" and the like."""
    result = result_of(value)
    return " ".join(f"{name} {text}" for name, text in result.items()) or "done"


def refusal_words(error: BaseException) -> str:
    if isinstance(error, ApiError):
        return f"refused: {error.error_name}"
    return f"failed: {type(error).__name__}"


def request_id_of(error: BaseException) -> str | None:
    return getattr(error, "request_id", None)

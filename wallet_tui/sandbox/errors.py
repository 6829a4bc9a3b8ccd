"""The contract's error answers, raised anywhere in the sandbox and rendered in one place."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.errors import ERROR_TABLE, is_business_refusal
from wallet_tui.protocol.models import ErrorBody, FieldProblem

# Where a problem sits when it is not one field of the body.
BODY = "body"


class SandboxError(Exception):
    """An answer of the error table: `name` decides the HTTP status and the code."""

    def __init__(
        self,
        name: ErrorName,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.details = details
        self.headers = headers or {}
        self.status, self.code = ERROR_TABLE[name]
        # 405 and 413 carry INVALID_REQUEST's body under the status HTTP wants.
        self.status = status or self.status

    @property
    def kept_for_idempotency(self) -> bool:
        """Business refusals (2xxx, 3xxx) are answers a key keeps; the rest run afresh."""
        return is_business_refusal(self.code)

    def body(self, request_id: str | None) -> bytes:
        model = ErrorBody(
            code=self.code,
            name=self.name.value,
            message=self.message,
            details=self.details,
            request_id=request_id,
        )
        return encode(model.to_wire())


def invalid(
    problems: list[tuple[str, str]], message: str | None = None, *, status: int | None = None
) -> SandboxError:
    fields = [FieldProblem(field=field, problem=problem).to_wire() for field, problem in problems]
    text = message or "; ".join(f"{field}: {problem}" for field, problem in problems)
    return SandboxError(
        ErrorName.INVALID_REQUEST, text, details={wire.DETAILS_FIELDS: fields}, status=status
    )


def _field_name(loc: tuple[Any, ...]) -> str:
    # Locations carry the camelCase aliases already (pydantic reports by alias).
    return ".".join(str(part) for part in loc) or BODY


def _problem(error: Any) -> str:
    if error["type"] == "missing":
        return "is required"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def problems_of(error: ValidationError, prefix: tuple[Any, ...] = ()) -> list[tuple[str, str]]:
    return [(_field_name(prefix + tuple(e["loc"])), _problem(e)) for e in error.errors()]


def encode(body: Any) -> bytes:
    """JSON as the wire wants it: UTF-8, Cyrillic kept readable, no padding."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

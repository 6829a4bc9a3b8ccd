"""The record of one HTTP exchange, secrets masked the moment it is made.

Masking happens in ``Exchange.__post_init__`` so that no record, however it was built,
ever holds a token or a client secret: the inspector, the JSON export and the curl
command downstream cannot leak what they were never given."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from wallet_tui.protocol import wire

MASK = "****"
BEARER_MASK = f"{wire.BEARER} {MASK}"

_SECRET_NAMES = "|".join(sorted(wire.SECRET_FIELDS))
# "accessToken": "..." with any spacing; the value may hold escaped quotes.
_JSON_SECRET = re.compile(rf'("(?:{_SECRET_NAMES})"\s*:\s*)"(?:[^"\\]|\\.)*"')
# Secrets outside JSON: form bodies, query strings, half-written console input.
_PLAIN_SECRET = re.compile(rf"\b((?:{_SECRET_NAMES})=)[^&\s\"']*")
_CURL_SKIPPED_HEADERS = frozenset(
    {"host", "content-length", "accept-encoding", "connection", "user-agent"}
)


def mask_header(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered == wire.AUTHORIZATION.lower():
        return BEARER_MASK if value.lower().startswith(wire.BEARER.lower()) else MASK
    if lowered in wire.SECRET_HEADERS:
        return MASK
    return value


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    return {name: mask_header(name, value) for name, value in headers.items()}


def _mask_parsed(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (MASK if key in wire.SECRET_FIELDS else _mask_parsed(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask_parsed(item) for item in value]
    return value


def _holds_unmasked_secret(value: Any) -> bool:
    if isinstance(value, dict):
        return any(
            (key in wire.SECRET_FIELDS and item != MASK) or _holds_unmasked_secret(item)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(_holds_unmasked_secret(item) for item in value)
    return False


def mask_text(text: str | None) -> str | None:
    """Masks secret fields in a body, keeping the text as it was sent where possible."""
    if text is None:
        return None
    masked = _PLAIN_SECRET.sub(rf"\1{MASK}", _JSON_SECRET.sub(rf'\1"{MASK}"', text))
    try:
        parsed = json.loads(masked)
    except (ValueError, RecursionError):
        return masked
    # A key spelled with escapes ("client\u0053ecret") or a secret that is not a string
    # slips past the pattern; the parsed form catches it, at the cost of reformatting.
    if _holds_unmasked_secret(parsed):
        return json.dumps(_mask_parsed(parsed), ensure_ascii=False)
    return masked


@dataclass(frozen=True)
class Exchange:
    """One request and what came of it: a response, or the error that stopped it."""

    id: int
    started_at: datetime
    method: str
    url: str
    path: str
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: str | None = None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str | None = None
    duration_ms: float = 0.0
    error: str | None = None
    request_id: str | None = None
    idempotency_key: str | None = None
    replayed: bool = False

    def __post_init__(self) -> None:
        set_field = object.__setattr__  # frozen: masking is the one write allowed
        set_field(self, "url", _PLAIN_SECRET.sub(rf"\1{MASK}", self.url))
        set_field(self, "path", _PLAIN_SECRET.sub(rf"\1{MASK}", self.path))
        set_field(self, "request_headers", mask_headers(self.request_headers))
        set_field(self, "response_headers", mask_headers(self.response_headers))
        set_field(self, "request_body", mask_text(self.request_body))
        set_field(self, "response_body", mask_text(self.response_body))
        set_field(self, "error", mask_text(self.error))

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def as_curl(self) -> str:
        """The request as a curl command an operator can read, adapt and run (secrets
        masked: put the real token in before running it)."""
        parts = ["curl", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.request_headers.items():
            if name.lower() not in _CURL_SKIPPED_HEADERS:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body:
            parts += ["--data-raw", shlex.quote(self.request_body)]
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = self.started_at.isoformat()
        return data


def exchanges_to_json(exchanges: list[Exchange]) -> str:
    """A JSON array of exchanges (already masked), for saving or sharing a session."""
    return json.dumps([exchange.to_dict() for exchange in exchanges], ensure_ascii=False, indent=2)

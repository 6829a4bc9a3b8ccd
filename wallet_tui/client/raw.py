"""The raw console's view of an answer: everything as it came, secrets masked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from wallet_tui.protocol import wire

from .exchange import mask_headers, mask_text
from .recording import header_dict
from .replies import is_truncated


@dataclass(frozen=True)
class RawReply:
    status: int
    headers: dict[str, str]
    text: str
    json: Any | None  # the parsed body when it is JSON (see is_json), else None
    is_json: bool
    request_id: str | None
    idempotency_key: str | None
    replayed: bool
    truncated: bool

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @classmethod
    def of(cls, response: httpx.Response, idempotency_key: str | None) -> RawReply:
        # Masked like an Exchange: a token answer shown on screen must not show the tokens.
        text = mask_text(response.text) or ""
        try:
            parsed, is_json = json.loads(text), not is_truncated(response)
        except (ValueError, RecursionError):
            parsed, is_json = None, False
        return cls(
            status=response.status_code,
            headers=mask_headers(header_dict(response.headers.raw)),
            text=text,
            json=parsed if is_json else None,
            is_json=is_json,
            request_id=response.headers.get(wire.REQUEST_ID),
            idempotency_key=idempotency_key,
            replayed=response.headers.get(wire.IDEMPOTENT_REPLAYED, "").lower() == "true",
            truncated=is_truncated(response),
        )

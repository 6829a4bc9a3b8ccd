"""Defensive masking of secrets in exchange records.

The client masks secrets when it creates an Exchange; a report is a file that leaves the
machine, so it masks again and does not trust that every record was made by that client.
Two passes: the secret values found in headers and JSON bodies are collected first, then
masked structurally and also wherever the same literal value turns up in any other text
(a URL, a non-JSON body, an echo in an error message)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from wallet_tui.protocol import wire

MASK = "****"
BEARER_MASK = f"{wire.BEARER} {MASK}"

# A secret field in text that is not valid JSON (truncated bodies, form bodies, query strings).
_JSON_SECRET = re.compile(
    r'("(?:' + "|".join(sorted(wire.SECRET_FIELDS)) + r')"\s*:\s*)"(?:[^"\\]|\\.)*("|$)'
)
_FORM_SECRET = re.compile(r"\b(" + "|".join(sorted(wire.SECRET_FIELDS)) + r")=[^&\s]*")
_BEARER_TEXT = re.compile(r"(\bBearer\s+)(?!\*{4}\b)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)

# Shorter values are not worth a global replace: they would mangle ordinary text.
_MIN_LITERAL = 6


def mask_header_value(name: str, value: str) -> str:
    if name.lower() not in wire.SECRET_HEADERS:
        return value
    if name.lower() == wire.AUTHORIZATION.lower() and value.lower().startswith("bearer"):
        return BEARER_MASK
    return MASK


def _secret_values_in_json(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in wire.SECRET_FIELDS and isinstance(item, str):
                found.add(item)
            else:
                _secret_values_in_json(item, found)
    elif isinstance(value, list):
        for item in value:
            _secret_values_in_json(item, found)


def _mask_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (MASK if key in wire.SECRET_FIELDS and item is not None else _mask_json(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_mask_json(item) for item in value]
    return value


def parse_json(text: str | None) -> tuple[bool, Any]:
    if not text:
        return False, None
    try:
        return True, json.loads(text)
    except (ValueError, RecursionError):
        return False, None


class SecretScrubber:
    """Knows the secret values of a whole session and removes them from any text."""

    def __init__(self, literals: Iterable[str] = ()) -> None:
        self._literals = sorted(
            {v for v in literals if len(v) >= _MIN_LITERAL and MASK not in v},
            key=len,
            reverse=True,
        )

    @classmethod
    def for_exchanges(cls, exchanges: Iterable[Any]) -> SecretScrubber:
        found: set[str] = set()
        for exchange in exchanges:
            for headers in (exchange.request_headers, exchange.response_headers):
                for name, value in (headers or {}).items():
                    if name.lower() in wire.SECRET_HEADERS and isinstance(value, str):
                        found.add(value)
                        token = value.split(None, 1)
                        if len(token) == 2:
                            found.add(token[1])
            for body in (exchange.request_body, exchange.response_body):
                ok, parsed = parse_json(body)
                if ok:
                    _secret_values_in_json(parsed, found)
        return cls(found)

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        for literal in self._literals:
            value = value.replace(literal, MASK)
        value = _JSON_SECRET.sub(lambda m: f'{m.group(1)}"{MASK}"', value)
        value = _FORM_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", value)
        return _BEARER_TEXT.sub(lambda m: f"{m.group(1)}{MASK}", value)

    def headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {
            name: self.text(mask_header_value(name, str(value))) or ""
            for name, value in (headers or {}).items()
        }

    def body(self, text: str | None) -> tuple[str | None, bool]:
        """The body, masked and pretty-printed when it is JSON; and whether it was JSON."""
        ok, parsed = parse_json(text)
        if ok:
            try:
                pretty = json.dumps(_mask_json(parsed), indent=2, ensure_ascii=False)
            except RecursionError:  # nested deeper than we can walk: shown as sent
                return self.text(text), False
            return self.text(pretty), True
        return self.text(text), False

"""Request bodies as the sandbox reads them: at most `wire.MAX_BODY_BYTES`, read a chunk at a
time (a 200 MB body is refused once 64 KiB have come, never held), strict UTF-8 JSON with no
NaN or Infinity, nested at most `wire.MAX_JSON_DEPTH` deep, and no lone surrogate (a
`"\\ud800"` escape) in any string, since nothing can store or encode one."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

from wallet_tui.protocol import wire

from .errors import BODY, SandboxError, invalid

_SURROGATE = re.compile("[\ud800-\udfff]")
CONTENT_LENGTH = "content-length"


def too_large() -> SandboxError:
    return invalid(
        [(BODY, f"must be at most {wire.MAX_BODY_BYTES} bytes")],
        status=wire.STATUS_BODY_TOO_LARGE,
    )


async def read_body(request: Request) -> bytes:
    """The body, or 413 as soon as it is known to be over the limit."""
    declared = request.headers.get(CONTENT_LENGTH, "")
    if declared.isascii() and declared.isdigit() and int(declared) > wire.MAX_BODY_BYTES:
        raise too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > wire.MAX_BODY_BYTES:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check_shape(value: Any) -> None:
    """Depth and surrogates, walked without recursion (the value may be deep)."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise invalid([(BODY, "has a lone surrogate (\\ud800-\\udfff) in a string")])
            continue
        if not isinstance(item, dict | list):
            continue
        if depth >= wire.MAX_JSON_DEPTH:
            raise invalid([(BODY, f"is nested deeper than {wire.MAX_JSON_DEPTH} levels")])
        if isinstance(item, dict):
            pending.extend((key, depth + 1) for key in item)
            pending.extend((child, depth + 1) for child in item.values())
        else:
            pending.extend((child, depth + 1) for child in item)


def parse_json(raw: bytes) -> Any:
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError as error:
        raise invalid([(BODY, f"is nested deeper than {wire.MAX_JSON_DEPTH} levels")]) from error
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors too
        raise invalid([(BODY, f"is not valid JSON: {error}")]) from error
    _check_shape(value)
    return value

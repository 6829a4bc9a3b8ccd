"""What a broken server, proxy or network can hand the client, as hypothesis strategies:
statuses, content types, truncated and wrong-typed JSON, unknown error codes, huge, deep,
slow and broken bodies, failures before any answer, and junk headers."""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import strategies as st

from wallet_tui.client import MAX_BODY_BYTES

WALLET_ID = "100000000001"

WALLET = {
    "walletId": WALLET_ID, "phone": "+79990000001", "firstName": "Анна", "lastName": "Смирнова",
    "status": "ACTIVE", "identification": "ANONYMOUS", "balance": "1500.00", "currency": "RUB",
    "limits": {"balanceLimit": "15000.00", "monthlyTurnoverLimit": "40000.00",
               "monthlyTurnoverUsed": "0.00"},
    "createdAt": "2026-11-01T10:00:00Z", "updatedAt": "2026-11-01T10:00:00Z",
}
OPERATION = {
    "operationId": "5f1c3a52-0000-4000-8000-000000000001", "walletId": WALLET_ID,
    "type": "REFILL", "status": "SUCCEEDED", "amount": "100.00", "fee": "0.00",
    "balance": "1600.00", "externalId": "x-1", "createdAt": "2026-11-29T09:00:00Z",
}
PAYMENT = {
    "paymentId": "7d0e0a52-0000-4000-8000-000000000002", "walletId": WALLET_ID,
    "status": "CREATED", "amount": "100.00", "fee": "0.00", "totalAmount": "100.00",
    "currency": "RUB", "expiresAt": "2026-11-29T09:15:00Z",
}
WITHDRAWAL = {
    "withdrawalId": "9a0e0a52-0000-4000-8000-000000000003", "walletId": WALLET_ID,
    "status": "PROCESSING", "amount": "100.00", "fee": "10.00", "totalAmount": "110.00",
    "currency": "RUB", "bankId": "100000000111", "phone": "+79161234567", "balance": "1390.00",
    "createdAt": "2026-11-29T09:00:00Z",
}
PAGE = {"items": [OPERATION, {**OPERATION, "operationId": "op-2", "type": "PAYMENT"}], "total": 2}
BANKS = {"banks": [{"bankId": "100000000111", "name": "Сбербанк", "bic": "044525225"},
                   {"bankId": "100000000004", "name": "Т-Банк"}]}
FAULTS = {"latencyMs": 0, "errorRate": 0.0, "dropAfterCommitRate": 0.0, "tokenTtlSeconds": 300,
          "paymentTtlSeconds": 900, "withdrawalSettleSeconds": 2}
TOKEN = {"accessToken": "at-junk-1", "refreshToken": "rt-junk-1", "tokenType": "Bearer",
         "expiresIn": 300, "refreshExpiresIn": 86400}

# --- pieces -----------------------------------------------------------------------------------

def _nested(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from(["", "1e400", "-1.00", "NaN", "100.001"]),
    _nested, max_leaves=5,
)


def paths_of(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document a value sits, as a tuple of keys and indexes."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*prefix, index))
    return found


def _replace(document: Any, path: tuple, new: Any, *, delete: bool) -> Any:
    copied = copy.deepcopy(document)
    parent = copied
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copied


@st.composite
def wrong_typed(draw: st.DrawFn, template: dict) -> bytes:
    """The template with one value replaced by anything (or removed)."""
    path = draw(st.sampled_from(paths_of(template)))
    delete = draw(st.booleans())
    new = None if delete else draw(json_values)
    return json.dumps(_replace(template, path, new, delete=delete)).encode()


@st.composite
def truncated(draw: st.DrawFn, template: dict) -> bytes:
    text = json.dumps(template, ensure_ascii=False).encode()
    return text[: draw(st.integers(0, len(text) - 1))]


error_bodies = st.fixed_dictionaries(
    {"code": st.one_of(st.sampled_from([1001, 1002, 2001, 3001, 3999, 4002, 5002, 7777, 0, -1]),
                       st.integers(), st.text(max_size=4), st.none(), st.booleans()),
     "name": st.one_of(st.sampled_from(["WALLET_NOT_FOUND", "BRAND_NEW_ERROR", ""]),
                       st.integers(), st.none())},
    optional={"message": st.one_of(st.text(max_size=30), st.integers(), st.none()),
              "details": st.one_of(json_values, st.fixed_dictionaries(
                  {"fields": st.one_of(json_values, st.lists(st.fixed_dictionaries(
                      {"field": json_values, "problem": json_values}), max_size=2))})),
              "requestId": st.one_of(st.text(max_size=20), st.integers(), st.none())},
).map(lambda body: json.dumps(body).encode())


def huge(kind: str, extra: int) -> bytes:
    size = MAX_BODY_BYTES + extra
    if kind == "json":
        return (b'{"items": [' + b'"x",' * (size // 4) + b'"x"], "total": 1}')
    if kind == "string":
        return b'{"walletId": "' + b"9" * size + b'"}'
    return b"\x00\xff" * (size // 2)


def deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@dataclass
class Junk:
    """One answer, or one failure, of the server."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delivery: str = "whole"  # whole | slow | broken | gzip-broken | before-answer
    failure: str = "ReadTimeout"
    chunk: int = 64

    def describe(self) -> str:
        return f"{self.status} {self.delivery} {self.headers.get('Content-Type')} {len(self.body)}B"

    async def _slow(self) -> AsyncIterator[bytes]:
        chunk = max(self.chunk, len(self.body) // 40)  # at most ~40 pauses
        for start in range(0, len(self.body), chunk):
            await asyncio.sleep(0.0005)
            yield self.body[start:start + chunk]

    async def _broken(self) -> AsyncIterator[bytes]:
        yield self.body[: len(self.body) // 2]
        await asyncio.sleep(0)
        raise getattr(httpx, self.failure)("the connection broke in the middle of the body")

    def response(self, request: httpx.Request) -> httpx.Response:
        if self.delivery == "before-answer":
            raise getattr(httpx, self.failure)("no answer", request=request)
        headers = dict(self.headers)
        if self.delivery == "slow":
            return httpx.Response(self.status, headers=headers, content=self._slow())
        if self.delivery == "broken":
            return httpx.Response(self.status, headers=headers, content=self._broken())
        if self.delivery == "gzip-broken":
            headers["Content-Encoding"] = "gzip"
            return httpx.Response(self.status, headers=headers,
                                  content=gzip.compress(self.body)[:-7] + b"garbage")
        return httpx.Response(self.status, headers=headers, content=self.body)


statuses = st.one_of(
    st.sampled_from([200, 201, 202, 204, 301, 302, 400, 401, 404, 409, 422, 429, 500, 502, 503,
                     504]),
    st.integers(100, 599),
)
content_types = st.sampled_from([
    "application/json", "application/json; charset=utf-8", "application/json; charset=klingon",
    "application/json; charset=latin-1", "text/html; charset=utf-8", "text/plain",
    "application/problem+json", "application/octet-stream", None,
])
HEADER_VALUES = ["0", "1", "99999999999", "-5", "1.5", "soon", "true", "TRUE", "no", "Bearer",
                 "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                 "//evil.example/", "x" * 300, "тест".encode()]
header_junk = st.lists(
    st.tuples(st.sampled_from(["Retry-After", "Idempotent-Replayed", "X-Request-Id", "Location",
                               "WWW-Authenticate", "Cache-Control"]),
              st.sampled_from(HEADER_VALUES)),
    max_size=3,
).map(dict)
FAILURES = ["ReadTimeout", "ConnectError", "ConnectTimeout", "RemoteProtocolError", "ReadError",
            "WriteError", "PoolTimeout", "WriteTimeout", "LocalProtocolError", "UnsupportedProtocol",
            "ProxyError"]


@st.composite
def junk(draw: st.DrawFn, template: dict) -> Junk:
    """Anything, weighted toward what looks almost right."""
    body = draw(st.one_of(
        st.just(json.dumps(template).encode()),
        wrong_typed(template),
        truncated(template),
        error_bodies,
        json_values.map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"<html><body><h1>502 Bad Gateway</h1></body></html>",
                         b'{"balance": NaN}', b'{"a": Infinity}', b"\xef\xbb\xbf{}",
                         b'{"code": 1002, "code": "x"}', b"null", b"", b" \n "]),
        st.builds(huge, st.sampled_from(["json", "string", "binary"]), st.integers(1, 5000)),
        st.builds(deep, st.sampled_from([50, 5000, 200000])),
    ))
    content_type = draw(content_types)
    headers = draw(header_junk)
    if content_type:
        headers["Content-Type"] = content_type
    return Junk(
        status=draw(statuses), body=body, headers=headers,
        delivery=draw(st.sampled_from(["whole", "whole", "whole", "slow", "broken",
                                       "gzip-broken", "before-answer"])),
        failure=draw(st.sampled_from(FAILURES)), chunk=draw(st.sampled_from([1, 7, 512, 65536])),
    )

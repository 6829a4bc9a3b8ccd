"""Servers for `wallet-tui check` to find fault with: the sandbox's own app behind a small
ASGI wrapper that breaks one rule, served by uvicorn on a free loopback port in a thread."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from wallet_tui.protocol import wire
from wallet_tui.sandbox.app import create_app

Scope = dict[str, Any]


class NeverReplays:
    """Drops every Idempotency-Key before the sandbox sees it: each repeat runs afresh."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            key = wire.IDEMPOTENCY_KEY.lower().encode()
            scope = {**scope, "headers": [(n, v) for n, v in scope["headers"] if n != key]}
        await self.app(scope, receive, send)


class PartnersShareWallets:
    """Lets a token of partner 1002 read what 1001 reads: it learns whose each token is
    from the logins it sees, and hands 1002's wallet reads 1001's latest token."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.partner_of_token: dict[str, str] = {}
        self.latest_token: dict[str, str] = {}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"] == wire.TOKEN:
            return await self._learn(scope, receive, send)
        headers = dict(scope["headers"])
        token = headers.get(b"authorization", b"").decode().removeprefix("Bearer ")
        if (scope["method"] == "GET" and scope["path"].startswith(wire.WALLET_PREFIX)
                and self.partner_of_token.get(token) == wire.OTHER_PARTNER_ID
                and wire.DEMO_PARTNER_ID in self.latest_token):
            borrowed = f"Bearer {self.latest_token[wire.DEMO_PARTNER_ID]}".encode()
            scope = {**scope, "headers": [
                (n, borrowed if n == b"authorization" else v) for n, v in scope["headers"]]}
        await self.app(scope, receive, send)

    async def _learn(self, scope: Scope, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            partner = json.loads(body).get("partnerId")
        except (ValueError, AttributeError):
            partner = None
        answer = bytearray()

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def watch(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                answer.extend(message.get("body", b""))
                if not message.get("more_body") and partner:
                    try:
                        token = json.loads(bytes(answer)).get("accessToken")
                    except (ValueError, AttributeError):
                        token = None
                    if token:
                        self.partner_of_token[token] = partner
                        self.latest_token[partner] = token
            await send(message)

        await self.app(scope, replay, watch)


MONEY_KEYS = frozenset({"balance", "amount", "fee", "totalAmount", "balanceLimit",
                        "monthlyTurnoverLimit", "monthlyTurnoverUsed"})


def _numbers_for_money(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: (float(item) if key in MONEY_KEYS and isinstance(item, str)
                      else _numbers_for_money(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_for_money(item) for item in value]
    return value


class AmountsAsNumbers:
    """Answers every amount as a JSON number (1500.0) instead of a string ("1500.00")."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start: dict[str, Any] = {}
        body = bytearray()

        async def rewrite(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            content = bytes(body)
            try:
                content = json.dumps(_numbers_for_money(json.loads(content))).encode()
            except ValueError:
                pass
            headers = [(n, str(len(content)).encode() if n == b"content-length" else v)
                       for n, v in start["headers"]]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, rewrite)


class RespelledPaths:
    """The sandbox as a provider that spells `withdrawal` right: its paths answer under the
    new spelling, and the seed's `wifhdrawal` is not found."""

    SEED = re.compile(r"/wifhdrawal(?=/|$)")

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            if self.SEED.search(path):
                path = path.replace("/wifhdrawal", "/no-such-path")
            path = re.sub(r"/withdrawal(?=/|$)", "/wifhdrawal", path)
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


@contextmanager
def served(app: Any, **tls: Any) -> Iterator[str]:
    """`app` on a free loopback port, in a thread; its URL. `tls`: uvicorn's ssl_certfile and
    ssl_keyfile, to serve https."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=False,
                            lifespan="on", date_header=False, **tls)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # waiting for a socket to listen, not for time to pass
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the wrapped sandbox did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def sandbox_app(db: Path) -> Any:
    return create_app(db, reset=True)

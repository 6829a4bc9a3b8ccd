"""The sandbox as an httpx transport: no port, no thread, the app runs on the caller's loop.

Starlette is imported and the app built on the first request, so a desk that never talks to
the sandbox never pays for importing it. An app's lifespan does not run under
`httpx.ASGITransport`, so this transport enters it itself and leaves it in `aclose()`."""

from __future__ import annotations

import asyncio
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from .app import SandboxApp
    from .clock import Clock

# The in-process sandbox answers any host; this one names it in records and curl lines.
BASE_URL = "http://sandbox.local"


class InProcessTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        db_path: str | Path,
        reset: bool = False,
        clock: Clock | None = None,
        *,
        token_ttl: int | None = None,
        seed_rng: Any = None,
    ) -> None:
        self._db_path = db_path
        self._reset = reset
        self._clock = clock
        self._token_ttl = token_ttl
        self._seed_rng = seed_rng
        self._app: SandboxApp | None = None
        self._inner: httpx.ASGITransport | None = None
        self._lifespan: AbstractAsyncContextManager[Any] | None = None
        self._starting: asyncio.Lock | None = None

    @property
    def app(self) -> SandboxApp | None:
        """The application, once the first request built it."""
        return self._app

    async def _start(self) -> httpx.ASGITransport:
        if self._starting is None:
            self._starting = asyncio.Lock()
        async with self._starting:
            if self._inner is None:
                from .app import create_app
                from .pipeline import ConnectionCut

                app = create_app(
                    self._db_path, clock=self._clock, token_ttl=self._token_ttl,
                    seed_rng=self._seed_rng, reset=self._reset,
                )
                lifespan = app.router.lifespan_context(app)
                await lifespan.__aenter__()

                async def application(scope: Any, receive: Any, send: Any) -> None:
                    started = False

                    async def watch(message: Any) -> None:
                        nonlocal started
                        started = started or message["type"] == "http.response.start"
                        await send(message)

                    try:
                        await app(scope, receive, watch)
                    except ConnectionCut:
                        raise
                    except Exception:
                        # The app already answered 500 with the contract's body (and logged);
                        # hand that answer to the client instead of the exception.
                        if not started:
                            raise

                self._app, self._lifespan = app, lifespan
                self._inner = httpx.ASGITransport(app=application)
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        inner = self._inner or await self._start()
        from .pipeline import ConnectionCut

        try:
            return await inner.handle_async_request(request)
        except ConnectionCut as cut:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            ) from cut

    async def aclose(self) -> None:
        lifespan, self._lifespan = self._lifespan, None
        self._inner = None
        self._app = None
        self._starting = None  # a later first request may come on another event loop
        if lifespan is not None:
            await lifespan.__aexit__(None, None, None)


class InProcessSandbox:
    """One sandbox database and the in-process transports onto it, one per client: the desk
    connects anew at every log-in, and each connection must find what the last one left.

    The first transport starts the database over from the demo data when `reset` is set;
    the later ones open it as it is. Each transport runs an app of its own (its own faults
    and rate limits, as two servers on one database); `transports` lists them, oldest first.
    The desk's embedded sandbox is one (`cli.build_connect`), and so is a test's
    (`wallet_tui.sandbox.testing`)."""

    base_url = BASE_URL

    def __init__(
        self,
        db_path: str | Path,
        clock: Clock | None = None,
        *,
        reset: bool = True,
        token_ttl: int | None = None,
        seed_rng: Any = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.clock = clock
        self._reset = reset
        self._token_ttl = token_ttl
        self._seed_rng = seed_rng
        self.transports: list[InProcessTransport] = []

    def transport(self) -> httpx.AsyncBaseTransport:
        """A new transport onto the database, for one client (which closes it)."""
        transport = InProcessTransport(
            self.db_path, reset=self._reset and not self.transports, clock=self.clock,
            token_ttl=self._token_ttl, seed_rng=self._seed_rng,
        )
        self.transports.append(transport)
        return transport

    async def aclose(self) -> None:
        """Closes every transport handed out (closing one twice does no harm)."""
        for transport in self.transports:
            await transport.aclose()

"""`wallet-tui sandbox serve`: the sandbox over HTTP with uvicorn, quiet, one line of output.

`serve_in_background` runs the same server on a free port inside a running event loop (for a
desk that wants a real port, or for tests)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import socket
import sys
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn

    from .clock import Clock

DB_FILE_NAME = "sandbox.sqlite3"
TOKEN_TTL_MAX = 86_400  # as the tokenTtlSeconds fault allows


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("wallet-tui")) / DB_FILE_NAME


class _HideConnectionCuts(logging.Filter):
    """A cut connection is a fault the operator asked for, not a crash worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .pipeline import ConnectionCut

        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, ConnectionCut)


def _server(app: Any, host: str, port: int) -> uvicorn.Server:
    import uvicorn

    logging.getLogger("uvicorn.error").addFilter(_HideConnectionCuts())
    config = uvicorn.Config(
        app, host=host, port=port, log_config=None, access_log=False, lifespan="on",
        server_header=False, date_header=False,  # the sandbox dates answers by its clock
    )
    return uvicorn.Server(config)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts: a taken port is a clean OSError
    here, and port 0 is resolved to the real one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only turns Nagle off (TCP_NODELAY) on sockets that
    # say they are TCP, and with Nagle on every small answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{sock.getsockname()[1]}"


async def _start(server: uvicorn.Server, sock: socket.socket) -> asyncio.Task[None]:
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()  # re-raises why it could not start
            raise OSError("the sandbox server stopped before it started")
        await asyncio.sleep(0.01)
    return task


@asynccontextmanager
async def serve_in_background(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    clock: Clock | None = None,
    token_ttl: int | None = None,
    reset: bool = False,
) -> AsyncIterator[str]:
    """Serves the sandbox on `host:port` (0: any free port) and yields its base URL."""
    from .app import create_app

    app = create_app(db_path, clock=clock, token_ttl=token_ttl, reset=reset)
    sock = bind(host, port)
    server = _server(app, host, port)
    # Signals belong to whoever runs the loop, not to this helper.
    server.capture_signals = nullcontext  # type: ignore[method-assign]
    try:
        task = await _start(server, sock)
        try:
            yield url_of(sock, host)
        finally:
            server.should_exit = True
            with suppress(asyncio.CancelledError):
                await task
    finally:
        sock.close()


def _run_fast(main: Coroutine[Any, Any, None]) -> None:
    """asyncio.run, on uvloop where it is installed (it serves a third more per CPU second)."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    uvloop.run(main)


def _clock_at(moment: str | None) -> Clock | None:
    """The clock `--clock-at` asks for (None: real time). Raises ValueError saying why not."""
    if moment is None:
        return None
    from datetime import datetime

    from .clock import SystemClock

    try:
        start = datetime.fromisoformat(moment)
    except ValueError:
        raise ValueError(f"{moment!r} is not an ISO 8601 moment (e.g. 2026-11-14T09:15Z)") from None
    if start.tzinfo is None:
        raise ValueError(f"{moment!r} needs a zone (Z or +03:00): whose 09:15 would it be?")
    return SystemClock(start)


def serve_command(args: argparse.Namespace) -> int:
    """Runs until Ctrl+C or SIGTERM; prints the URL once it listens."""
    db_path = Path(args.db) if args.db else default_db_path()
    if args.token_ttl is not None and not 1 <= args.token_ttl <= TOKEN_TTL_MAX:
        print(f"wallet-tui sandbox: --token-ttl must be 1 to {TOKEN_TTL_MAX} seconds",
              file=sys.stderr)
        return 2
    try:
        clock = _clock_at(args.clock_at)
    except ValueError as error:
        print(f"wallet-tui sandbox: --clock-at {error}", file=sys.stderr)
        return 2
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        print(f"wallet-tui sandbox: cannot listen on {args.host}:{args.port}: {error.strerror}",
              file=sys.stderr)
        return 1
    from .app import create_app

    if not args.db:
        # wallet-tui's own data dir (an older version left it 0755): private like the file.
        from .files import private_database

        private_database(db_path, own_dir=True)
    app = create_app(db_path, clock=clock, token_ttl=args.token_ttl, reset=args.reset)
    server = _server(app, args.host, args.port)

    async def run() -> None:
        task = await _start(server, sock)
        print(f"wallet-tui sandbox on {url_of(sock, args.host)}  (data: {db_path})", flush=True)
        await task

    # uvicorn turns SIGINT/SIGTERM into a graceful shutdown, then re-raises the signal to the
    # handler it found; a no-op one there lets the process end with status 0.
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        _run_fast(run())
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0

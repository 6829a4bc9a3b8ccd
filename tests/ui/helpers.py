"""Building the app for tests: isolated settings, test mode, a chosen way to connect."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from rich.cells import cell_len
from rich.style import Style
from textual.errors import NoWidget
from textual.geometry import Region

from wallet_tui.cli import sandbox_connect
from wallet_tui.client import WalletClient
from wallet_tui.config import ConfigStore, Profile
from wallet_tui.protocol import wire
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.sandbox.inprocess import InProcessSandbox
from wallet_tui.ui.app import WalletApp


def make_app(connect: Callable[..., WalletClient], **kwargs: Any) -> WalletApp:
    return WalletApp(connect, store=ConfigStore(), test_mode=True, **kwargs)


_HELD_PORTS: list[socket.socket] = []


def closed_port() -> int:
    """A loopback port nobody listens on: bound and kept, never listening, to the end of the
    run (connections are refused), so no server of another test or xdist worker can take it
    meanwhile, as it could once released."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD_PORTS.append(sock)
    return sock.getsockname()[1]


def add_profile(profile: Profile) -> None:
    store = ConfigStore()
    settings = store.load()
    settings.add_profile(profile)
    store.save(settings)


class GatedTransport(httpx.AsyncBaseTransport):
    """Holds token requests until `gate` is set; counts them."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.gate = asyncio.Event()
        self.gate.set()
        self.token_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == wire.TOKEN:
            self.token_requests += 1
            await self.gate.wait()
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Sandbox(InProcessSandbox):
    """A fresh in-process sandbox (wallet_tui.sandbox.testing) and `connect` for the app onto
    it: every client on one database; token requests pass `gate` (set) and are counted."""

    def __init__(self, db_path: Path, clock: Any = None) -> None:
        # A standing clock unless a test brings its own: the sandbox's "this month", expiries and
        # dates never depend on the day the suite runs.
        super().__init__(db_path, clock or ManualClock())
        self.gated: list[GatedTransport] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.connect = sandbox_connect(self)

    @property
    def token_requests(self) -> int:
        return sum(t.token_requests for t in self.gated)

    def transport(self) -> httpx.AsyncBaseTransport:
        transport = GatedTransport(super().transport())
        transport.gate = self.gate
        self.gated.append(transport)
        return transport


def network_connect(profile: Profile, *, on_exchange=None) -> WalletClient:
    from wallet_tui.client import remote_transport

    return WalletClient(
        base_url=profile.base_url or "",
        transport=remote_transport(profile.base_url or "", allow_plain_http=True),
        timeout=2.0,
        max_attempts=1,
        on_exchange=on_exchange,
    )


async def settle(pilot) -> None:
    """Lets the app finish what the last key started: its workers, then what they posted.

    `pilot.pause()` returns once the process looks idle, which on a loaded machine (the
    process waiting for a core) can be before the app's queues ran; so it loops until two
    rounds in a row find no worker pending or running, whatever the machine's load."""
    quiet = 0
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if any(not worker.is_finished for worker in pilot.app.workers):
            quiet = 0
            continue
        quiet += 1
        if quiet == 2:
            return


async def wait_for(pilot, predicate: Callable[[], bool], *, timeout: float = 10.0) -> None:
    """Lets the app run until `predicate()` holds (for work the app does in the background,
    such as the command palette's search); fails the test after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"waited {timeout:g}s for {predicate.__doc__ or predicate}")
        await pilot.pause(0.05)


def palette_offers(app, text: str) -> Callable[[], bool]:
    def offered() -> bool:
        from textual.command import CommandList

        try:
            hits = app.screen.query_one(CommandList)
        except Exception:
            return False
        return hits.option_count > 0 and text.lower() in str(
            hits.get_option_at_index(hits.highlighted or 0).prompt
        ).lower()

    offered.__doc__ = f"the palette to offer {text!r}"
    return offered


def drawn_cells(app) -> list[list[tuple[str, Style]]]:
    """The screen in sight as drawn, row by row, cell by cell: the character and its style,
    after the line filters (ASCII, few colours). Read as Textual's `Screen.get_style_at`
    reads a style: the widget on top at the cell, and that widget's line, rendered."""
    screen = app.screen
    width, height = app.size  # the terminal: a screen's own size leaves out its border
    lines: dict[tuple[int, int], list[tuple[str, Style]]] = {}
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            try:
                widget, region = screen.get_widget_at(x, y)
            except NoWidget:
                row.append((" ", Style.null()))
                continue
            if (id(widget), y) not in lines:
                strips = widget.render_lines(Region(0, y - region.y, region.width, 1))
                cells = []
                for segment in strips[0] if strips else []:
                    for char in segment.text:
                        cells.append((char, segment.style or Style.null()))
                        # a wide character's second cell
                        cells.extend([("", segment.style or Style.null())] * (cell_len(char) - 1))
                lines[id(widget), y] = cells
            cells = lines[id(widget), y]
            at = x - region.x
            row.append(cells[at] if at < len(cells) else (" ", Style.null()))
        rows.append(row)
    return rows


def drawn_text(app) -> str:
    """The screen in sight as drawn, as plain text: a line per row."""
    return "\n".join("".join(char for char, _style in row) for row in drawn_cells(app))


def shown_notices(app) -> list[str]:
    """The notifications shown on the screen in sight, oldest first, as drawn: the title, a
    new line and the message, with the message's own line breaks (run_test hides them unless
    given `notifications=True`)."""
    return [toast.render().plain for toast in app.screen.query("Toast")]

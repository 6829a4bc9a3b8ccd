"""A fresh sandbox in the test's own process, as httpx ships `MockTransport`: no port, no
thread, no server to start or stop, the demo data in place.

The sandbox never imports the client or the desk (README, "How the code is laid out"), so this
hands out what a client is put on, and the caller puts its client there:

    sandbox = fresh_sandbox(tmp_path, clock=ManualClock())
    async with connect(sandbox) as http:             # raw HTTP, for contract tests
        ...
    app = WalletApp(sandbox_connect(sandbox), ...)   # wallet_tui.cli: the desk's connect

`sandbox_connect` lives in `cli`, the one module that wires rooms, and builds the desk's
embedded sandbox the same way."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from .inprocess import InProcessSandbox

if TYPE_CHECKING:
    from .clock import Clock

DB_NAME = "sandbox.sqlite3"


def fresh_sandbox(
    folder: str | Path, clock: Clock | None = None, *, token_ttl: int | None = None,
    seed_rng: Any = None,
) -> InProcessSandbox:
    """A sandbox on `folder/sandbox.sqlite3`, started over from the demo data by the first
    client; `clock` moves its time (a `ManualClock`), `seed_rng` fixes its fault draws."""
    return InProcessSandbox(Path(folder) / DB_NAME, clock, reset=True, token_ttl=token_ttl,
                            seed_rng=seed_rng)


def connect(sandbox: InProcessSandbox, **client_options: Any) -> httpx.AsyncClient:
    """A raw httpx client on the sandbox (its own transport onto the database); closing the
    client closes the transport. `client_options` are httpx's (another `base_url`...)."""
    options = {"base_url": sandbox.base_url, **client_options}
    return httpx.AsyncClient(transport=sandbox.transport(), **options)

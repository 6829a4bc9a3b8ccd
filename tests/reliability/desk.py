"""The desk (the Textual app) logged in to an in-process sandbox, for the reliability tests
that must see what the operator sees (in the test's own HOME: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from textual.pilot import Pilot

from wallet_tui.client import WalletClient
from wallet_tui.config import ConfigStore
from wallet_tui.cli import sandbox_connect
from wallet_tui.sandbox.inprocess import InProcessSandbox
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.widgets.form import ErrorBanner, Field

from tests.ui.helpers import settle

from .support import QuickClock

KEY_NAMES = {" ": "space", "+": "plus", "-": "minus", ",": "comma", ".": "full_stop",
             "(": "left_parenthesis", ")": "right_parenthesis", "@": "at", "/": "slash",
             "'": "apostrophe", ";": "semicolon", "_": "underscore", "*": "asterisk"}


class SandboxConnect(InProcessSandbox):
    """`connect(profile)` for the app on a fresh in-process sandbox: every client on one
    SQLite file, with a clock whose retries never wait. `wrap` may put a transport of the
    test's between the client and the sandbox."""

    def __init__(self, db_path: Path, *, clock: Any = None,
                 wrap: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None
                 ) -> None:
        super().__init__(db_path, clock)
        self.wrap = wrap
        self.connect = sandbox_connect(self, clock=QuickClock(clock))

    def transport(self) -> httpx.AsyncBaseTransport:
        transport = super().transport()
        return self.wrap(transport) if self.wrap else transport

    def __call__(self, profile: Any, *, on_exchange: Callable[..., None] | None = None
                 ) -> WalletClient:
        return self.connect(profile, on_exchange=on_exchange)


@asynccontextmanager
async def desk(connect: Callable[..., WalletClient], *, size: tuple[int, int] = (110, 36),
               log_in: bool = True):
    """Yields (app, pilot); logged in as the demo partner unless `log_in` is False."""
    app = WalletApp(connect, store=ConfigStore(), test_mode=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        if log_in:
            await pilot.press("enter")
            await settle(pilot)
            assert app.logged_in, "the demo partner could not log in"
        try:
            yield app, pilot
        finally:
            await app.gateway.aclose()


def keys_for(text: str) -> list[str]:
    return [KEY_NAMES.get(ch, ch) for ch in text]


async def type_into(pilot: Pilot, field_id: str, text: str) -> None:
    """Clears the field and types `text` key by key, as an operator would; longer texts are
    pasted (each key costs a screen update, and 300 keys prove nothing more than one paste)."""
    field = pilot.app.screen.query_one(f"#{field_id}", Field)
    field.input.focus()
    await pilot.pause()
    field.input.value = ""
    if len(text) > 12:
        field.input.insert_text_at_cursor(text)
    else:
        await pilot.press(*keys_for(text))
    await pilot.pause()


async def show(pilot: Pilot, name: str):
    # Right after logging in the shell may still be on its way to the lookup screen.
    for _ in range(3):
        pilot.app.action_show(name)
        await settle(pilot)
        if getattr(pilot.app.screen, "SCREEN_NAME", None) == name:
            break
    assert getattr(pilot.app.screen, "SCREEN_NAME", None) == name, pilot.app.screen
    return pilot.app.screen


async def paste_into(pilot: Pilot, field_id: str, text: str) -> None:
    """Puts `text` into the field as a paste does: one change, whatever the characters
    (control characters included, which key presses cannot carry)."""
    field = pilot.app.screen.query_one(f"#{field_id}", Field)
    field.input.focus()
    field.input.value = text
    field.input.cursor_position = len(text)
    await pilot.pause()


async def look_up(pilot: Pilot, wallet_id: str):
    screen = await show(pilot, "lookup")
    await type_into(pilot, "lookup-query", wallet_id)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.current_wallet is not None, banner_text(screen)
    return screen


def banner_text(screen: Any) -> str:
    banners = [b for b in screen.query(ErrorBanner) if b.shown]
    return " | ".join(str(b.content) for b in banners)


def text_of(screen: Any, selector: str) -> str:
    widget = screen.query_one(selector)
    return str(getattr(widget, "content", "")).replace("\xa0", " ").replace("\u202f", " ")

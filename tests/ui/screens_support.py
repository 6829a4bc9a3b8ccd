"""The desk logged in to a fresh in-process sandbox, for the operation screens' flows.

Each test gets its own SQLite file (tmp_path) and, via tests/conftest.py, its own HOME and
XDG dirs, so the bank cache and recent wallets start empty."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from wallet_tui.protocol import FaultsUpdate
from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.ui.app import WalletApp
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.widgets.form import Field

from .helpers import Sandbox, make_app, settle

SIMPLIFIED_WALLET = "100000000002"
ANONYMOUS_WALLET = "100000000001"
FULL_WALLET = "100000000003"
BLOCKED_WALLET = "100000000004"


@asynccontextmanager
async def desk(tmp_path: Path, *, size: tuple[int, int] = (80, 24), clock: Any = None):
    """Yields (app, pilot) with the operator logged in as the demo partner, on lookup."""
    sandbox = Sandbox(tmp_path / "sandbox.sqlite3", clock)
    app = make_app(sandbox.connect)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.logged_in, "the demo partner could not log in"
        try:
            yield app, pilot
        finally:
            # Leaves the sandbox's lifespan properly (run_test does not go through quit).
            await app.gateway.aclose()


async def show(pilot: Pilot, name: str) -> Screen:
    pilot.app.action_show(name)
    await settle(pilot)
    return pilot.app.screen


async def type_into(pilot: Pilot, field_id: str, text: str, *, clear: bool = True) -> None:
    """Focuses the field's input and types `text` as keys, the way an operator would."""
    field = pilot.app.screen.query_one(f"#{field_id}", Field)
    field.input.focus()
    await pilot.pause()
    if clear:
        field.input.value = ""
    await pilot.press(*text_keys(text))


def text_keys(text: str) -> list[str]:
    names = {" ": "space", "+": "plus", "-": "minus", ",": "comma", ".": "full_stop",
             "(": "left_parenthesis", ")": "right_parenthesis", "@": "at",
             "[": "left_square_bracket", "]": "right_square_bracket"}
    return [names.get(ch, ch) for ch in text]


async def look_up(pilot: Pilot, query: str) -> Screen:
    screen = await show(pilot, "lookup")
    await type_into(pilot, "lookup-query", query)
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def withdraw(pilot: Pilot, bank: str, amount: str) -> None:
    """On the withdrawal screen: the bank picked by `bank` typed into its filter, the amount,
    Enter, and the confirmation answered y."""
    await type_into(pilot, "wd-bank-filter", bank)
    await pilot.press("enter")
    await type_into(pilot, "wd-amount", amount)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)


async def set_faults(app: WalletApp, **faults: Any) -> None:
    client = app.gateway.client
    assert client is not None
    await client.set_faults(FaultsUpdate(**faults))


def error_under(screen: Screen, field_id: str) -> str:
    return screen.query_one(f"#{field_id}", Field).error


def wallet_posts(app: WalletApp) -> list[str]:
    """Paths of the wallet API's POSTs sent so far (token calls left out)."""
    return [e.path for e in app.gateway.exchanges if e.method == "POST" and "/api/wallet/" in e.path]


def focused_input_id(app: WalletApp) -> str | None:
    focused = app.screen.focused
    return focused.id if isinstance(focused, Input) else None


def counting_uuid4() -> Callable[[], uuid.UUID]:
    """A uuid4 stand-in for pictures: the same ids in the same order on every run."""
    counter = itertools.count(1)
    return lambda: uuid.UUID(int=next(counter), version=4)


def manual_clock() -> ManualClock:
    return ManualClock()


def text_of(screen: Screen, selector: str) -> str:
    """What a Static shows, with format_rub's no-break spaces as plain ones."""
    widget = screen.query_one(selector)
    return str(getattr(widget, "content", "")).replace("\xa0", " ").replace("\u202f", " ")

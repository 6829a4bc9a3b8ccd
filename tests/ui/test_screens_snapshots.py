"""Pictures of the operation screens with data, at 80x24 and 120x40.

Deterministic: the sandbox runs on a ManualClock, the ids it and the client make come from
counters, the app is in test mode (fixed theme, no blinking, no countdown timer).
Update after a deliberate change of looks:
`pytest tests/ui/test_screens_snapshots.py --snapshot-update`."""

from __future__ import annotations

import itertools
import sys
import types
import uuid

import pytest

from wallet_tui.sandbox.clock import ManualClock

from .helpers import make_app, settle
from .screens_support import Sandbox, text_keys

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _count_uuids(monkeypatch) -> None:
    """Every sandbox module that makes ids, and the client's request ids, count up from 1."""
    import wallet_tui.client.sender
    import wallet_tui.sandbox.app  # noqa: F401 — imports every sandbox module that makes ids

    modules = [
        module for name, module in sorted(sys.modules.items())
        if name.startswith("wallet_tui.sandbox.") and getattr(module, "uuid", None) is uuid
    ]
    for module in [*modules, wallet_tui.client.sender]:
        counter = itertools.count(1)
        fake = types.SimpleNamespace(
            uuid4=lambda counter=counter: uuid.UUID(int=next(counter), version=4)
        )
        monkeypatch.setattr(module, "uuid", fake)


@pytest.fixture
def desk_app(tmp_path, monkeypatch):
    """The app over a sandbox whose clock stands still and whose ids count up."""
    _count_uuids(monkeypatch)
    clock = ManualClock()
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3", clock).connect)
    app.sandbox_clock = clock
    return app


async def log_in(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def show(pilot, name: str) -> None:
    pilot.app.action_show(name)
    await settle(pilot)


async def type_in(pilot, field_id: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{field_id}-input").focus()
    await pilot.press(*text_keys(text))


async def looked_up(pilot) -> None:
    await log_in(pilot)
    await type_in(pilot, "lookup-query", "+7 999 000-00-02")
    await pilot.press("enter")
    await settle(pilot)


async def then_show(pilot, name: str) -> None:
    await looked_up(pilot)
    await show(pilot, name)


@pytest.mark.parametrize("size", SIZES)
def test_lookup_card_and_history(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=looked_up)


@pytest.mark.parametrize("size", SIZES)
def test_operation_screen_without_wallet(snap_compare, desk_app, size):
    async def run_before(pilot):
        await log_in(pilot)
        await show(pilot, "refill")

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_registration_offers_existing_wallet(snap_compare, desk_app, size):
    async def run_before(pilot):
        await log_in(pilot)
        await show(pilot, "registration")
        await type_in(pilot, "reg-phone", "89990000002")
        await type_in(pilot, "reg-email", "boris@example.ru")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_identification_shows_the_chosen_levels_limits(snap_compare, desk_app, size):
    async def run_before(pilot):
        await then_show(pilot, "identification")
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_refill_confirmation(snap_compare, desk_app, size):
    async def run_before(pilot):
        await then_show(pilot, "refill")
        await type_in(pilot, "refill-amount", "1 000,50")
        await type_in(pilot, "refill-description", "Наличные в кассе")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_refill_result(snap_compare, desk_app, size):
    async def run_before(pilot):
        await then_show(pilot, "refill")
        await type_in(pilot, "refill-amount", "1 000,50")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_payment_step_two_with_countdown(snap_compare, desk_app, size):
    async def run_before(pilot):
        await then_show(pilot, "payment")
        pilot.app.screen.clock = desk_app.sandbox_clock.now
        await type_in(pilot, "pay-amount", "1 500")
        await type_in(pilot, "pay-description", "Такси")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_payment_expired(snap_compare, desk_app, size):
    async def run_before(pilot):
        await then_show(pilot, "payment")
        await type_in(pilot, "pay-amount", "1 500")
        await pilot.press("enter")
        await settle(pilot)
        desk_app.sandbox_clock.advance(901)
        screen = pilot.app.screen
        screen.clock = desk_app.sandbox_clock.now
        screen.refresh_countdown()
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


async def withdrawal_filled(pilot) -> None:
    await then_show(pilot, "withdrawal")
    await type_in(pilot, "wd-bank-filter", "альфа")
    await pilot.press("enter")
    await settle(pilot)
    await type_in(pilot, "wd-amount", "2 000")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_withdrawal_form_with_estimate(snap_compare, desk_app, size):
    assert snap_compare(desk_app, terminal_size=size, run_before=withdrawal_filled)


@pytest.mark.parametrize("size", SIZES)
def test_withdrawal_succeeded(snap_compare, desk_app, size):
    async def run_before(pilot):
        await withdrawal_filled(pilot)
        pilot.app.screen.POLL_SECONDS = 0.3
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        desk_app.sandbox_clock.advance(3)
        for _ in range(100):
            withdrawal = pilot.app.screen.withdrawal
            if withdrawal is not None and withdrawal.status.value == "SUCCEEDED":
                break
            await pilot.pause(0.05)
        await settle(pilot)

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_withdrawal_refused_for_anonymous(snap_compare, desk_app, size):
    async def run_before(pilot):
        await log_in(pilot)
        await type_in(pilot, "lookup-query", "100000000001")
        await pilot.press("enter")
        await settle(pilot)
        await show(pilot, "withdrawal")

    assert snap_compare(desk_app, terminal_size=size, run_before=run_before)


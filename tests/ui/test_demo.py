"""The guided demo on the in-process sandbox: `wallet-tui demo --auto` to the end, one step per
Enter, a failing step that stops the story, and a retry that reuses the key."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Static

from scenario.support import SandboxConnect, picture_connect, steady_pictures
from wallet_tui.cli import build_parser
from wallet_tui.config import Profile
from wallet_tui.protocol import FaultsUpdate
from wallet_tui.scenario import DemoSettings, StepStatus
from wallet_tui.ui.screens.demo import DemoScreen
from wallet_tui.ui.screens.demo_launch import demo_autopilot
from wallet_tui.ui.screens.login import LoginScreen

from .helpers import add_profile, closed_port, make_app, network_connect, settle

DEMO_PHONE = "+79991234567"


@pytest.fixture
def sandbox(tmp_path: Path) -> SandboxConnect:
    return SandboxConnect(tmp_path / "sandbox.sqlite3")


@pytest.fixture(autouse=True)
def demo_settings(sandbox: SandboxConnect, monkeypatch: pytest.MonkeyPatch) -> DemoSettings:
    """A known phone, and waiting for the bank moves the sandbox's clock, not real time."""

    async def sleep(seconds: float) -> None:
        sandbox.advance(seconds)

    settings = DemoSettings(sleep=sleep, phone_source=lambda: DEMO_PHONE)
    monkeypatch.setattr(DemoScreen, "SETTINGS", settings)
    return settings


@asynccontextmanager
async def desk(sandbox: SandboxConnect, *, size: tuple[int, int] = (80, 24)):
    app = make_app(sandbox)
    async with app.run_test(size=size) as pilot:
        try:
            yield app, pilot
        finally:
            await app.gateway.aclose()


async def open_demo(app, pilot) -> DemoScreen:
    await settle(pilot)
    assert isinstance(app.screen, LoginScreen)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("f12")
    await settle(pilot)
    assert isinstance(app.screen, DemoScreen)
    return app.screen


def text_of(screen: DemoScreen, selector: str) -> str:
    content = str(screen.query_one(selector, Static).content)
    return content.replace("\xa0", " ").replace("\u202f", " ")


async def run_until(pilot, done, *, rounds: int = 80) -> None:
    for _ in range(rounds):
        if done():
            return
        await settle(pilot)
    raise AssertionError("the demo did not get there")


async def test_demo_auto_logs_in_and_tells_the_whole_story(sandbox, demo_settings, monkeypatch):
    phones = iter([DEMO_PHONE, "+79997654321"])
    monkeypatch.setattr(DemoScreen, "SETTINGS", DemoSettings(
        sleep=demo_settings.sleep, phone_source=lambda: next(phones)))
    async with desk(sandbox) as (app, pilot):
        # What `wallet-tui demo --auto` runs: the login screen's own secret (the sandbox's
        # demo one here), then the demo, every step without a key press.
        await demo_autopilot(auto=True)(pilot)
        screen = app.screen
        assert isinstance(screen, DemoScreen) and screen.auto
        await run_until(pilot, lambda: screen.scenario.finished)

        assert all(r.status is StepStatus.DONE for r in screen.scenario.records)
        reply = text_of(screen, "#demo-reply")
        assert "balance RUB 2,790.00, 3 operations" in reply
        assert "WITHDRAWAL −RUB 1,000.00 − fee RUB 10.00 → RUB 2,790.00" in reply
        assert "The story is told" in text_of(screen, "#demo-heading")
        # The wallet it made is the desk's current wallet, for F2 and the other screens.
        assert app.current_wallet.phone == DEMO_PHONE
        assert app.current_wallet.balance == Decimal("2790.00")
        # Nothing sandbox-only: the same story runs on a remote profile.
        assert all(e.path.startswith("/api/") for e in app.gateway.exchanges)

        # Enter at the end tells it again, with a new wallet (still in auto mode).
        await pilot.press("enter")
        await run_until(pilot, lambda: screen.scenario.finished)
        assert screen.runs == 2
        assert app.current_wallet.phone == "+79997654321"
        assert app.current_wallet.balance == Decimal("2790.00")


async def test_each_step_waits_for_enter_and_shows_what_it_will_send(sandbox):
    async with desk(sandbox) as (app, pilot):
        screen = await open_demo(app, pilot)
        sent_before = len(app.gateway.exchanges)
        await settle(pilot)
        assert len(app.gateway.exchanges) == sent_before, "nothing goes before Enter"
        request = text_of(screen, "#demo-request")
        assert "POST /api/auth/v1/token" in request
        assert '"clientSecret": "****"' in request and "demo-secret" not in request
        # 80 columns: the inspector would cover the demo, so F9 is left to the operator.
        assert not app.settings.inspector_open

        await pilot.press("enter")
        await settle(pilot)
        assert screen.scenario.records[0].status is StepStatus.DONE
        assert "POST /api/auth/v1/token → 200" in text_of(screen, "#demo-reply")
        assert "Step 2 of 10" in text_of(screen, "#demo-heading")
        assert f'"phone": "{DEMO_PHONE}"' in text_of(screen, "#demo-request")
        assert "Idempotency-Key" in text_of(screen, "#demo-request")

        await pilot.press("enter")
        await settle(pilot)
        assert "ANONYMOUS, balance RUB 0.00" in text_of(screen, "#demo-reply")

        # `a` lets it run on by itself from here.
        await pilot.press("a")
        # The story's end and its last reply on screen arrive in separate messages.
        await run_until(
            pilot,
            lambda: screen.scenario.finished
            and "balance RUB 2,790.00" in text_of(screen, "#demo-reply"),
            rounds=200,
        )


async def test_wide_terminal_opens_the_inspector_beside_the_demo(sandbox):
    async with desk(sandbox, size=(120, 40)) as (app, pilot):
        screen = await open_demo(app, pilot)
        assert app.settings.inspector_open
        assert screen.has_class("-with-inspector")
        await pilot.press("f9")
        await settle(pilot)
        assert not app.settings.inspector_open and not screen.has_class("-with-inspector")


async def test_a_failed_step_stops_the_story_and_retry_reuses_the_key(sandbox):
    async with desk(sandbox) as (app, pilot):
        screen = await open_demo(app, pilot)
        for _ in range(3):  # log in, register, SIMPLIFIED
            await pilot.press("enter")
            await settle(pilot)
        assert screen.scenario.current.step.name == "refill"
        await app.gateway.client.set_faults(FaultsUpdate(error_rate=1))

        await pilot.press("enter")
        await settle(pilot)
        record = screen.scenario.current
        assert record.step.name == "refill" and record.status is StepStatus.FAILED
        stopped = text_of(screen, "#demo-error")
        assert stopped.startswith("OUTCOME_UNKNOWN: ")
        assert "requestId " in stopped
        assert f"same Idempotency-Key {record.idempotency_key}" in stopped
        assert "Sends again (same body)" in text_of(screen, "#demo-request")

        # Enter retries; with the faults gone it goes through, with the same key.
        await app.gateway.client.set_faults(FaultsUpdate(error_rate=0))
        await pilot.press("enter")
        await settle(pilot)
        assert record.status is StepStatus.DONE
        refills = [e for e in app.gateway.exchanges if e.path.endswith("/refill")]
        assert len(refills) >= 2 and {e.idempotency_key for e in refills} == {
            record.idempotency_key
        }
        assert "balance RUB 5,000.00" in text_of(screen, "#demo-reply")
        assert not screen.query_one("#demo-error").has_class("-shown")

        # A read that fails gives the API's own error name, message and requestId.
        for _ in range(3):  # pay in two steps, then the bank list fails
            if screen.scenario.current.step.name == "banks":
                break
            await pilot.press("enter")
            await settle(pilot)
        await app.gateway.client.set_faults(FaultsUpdate(error_rate=1))
        await pilot.press("enter")
        await settle(pilot)
        stopped = text_of(screen, "#demo-error")
        assert stopped.split(":")[0] in ("INTERNAL_ERROR", "SERVICE_UNAVAILABLE")
        assert "requestId " in stopped and "Enter tries the step again" in stopped


async def test_demo_without_a_secret_waits_at_the_login_screen_and_quits(tmp_path):
    add_profile(Profile(name="remote", base_url=f"http://127.0.0.1:{closed_port()}",
                        client_id="c", partner_id="1", allow_plain_http=True))
    app = make_app(network_connect, profile_name="remote")
    async with app.run_test() as pilot:
        pilot_task = asyncio.create_task(demo_autopilot(auto=True)(pilot))
        for _ in range(50):  # on a loaded machine the login screen may take a few rounds
            await settle(pilot)
            if app.screen_stack and isinstance(app.screen, LoginScreen):
                break
        assert isinstance(app.screen, LoginScreen), "no secret: the operator types it"
        assert not app.gateway.exchanges and not pilot_task.done()
        app.exit()
    # Quitting at the login screen must not leave `wallet-tui demo` waiting for ever.
    await asyncio.wait_for(pilot_task, timeout=10)


def test_demo_command_line():
    args = build_parser().parse_args(["demo", "--auto", "--profile", "staging"])
    assert (args.command, args.auto, args.demo_profile) == ("demo", True, "staging")
    args = build_parser().parse_args(["demo"])
    assert (args.auto, args.demo_profile) == (False, None)


# -- pictures ---------------------------------------------------------------------------------


def _demo_picture(snap_compare, monkeypatch, tmp_path, size: tuple[int, int]) -> None:
    """After the first step: its reply, and the registration about to be sent."""
    steady_pictures(monkeypatch)
    sandbox = picture_connect(tmp_path / "picture.sqlite3")
    monkeypatch.setattr(DemoScreen, "SETTINGS", DemoSettings(phone_source=lambda: DEMO_PHONE))
    app = make_app(sandbox)

    async def run_before(pilot) -> None:
        await open_demo(app, pilot)
        await pilot.press("enter")
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        asyncio.run(app.gateway.aclose())


def test_demo_picture_80x24(snap_compare, monkeypatch, tmp_path):
    _demo_picture(snap_compare, monkeypatch, tmp_path, (80, 24))


def test_demo_picture_120x40(snap_compare, monkeypatch, tmp_path):
    _demo_picture(snap_compare, monkeypatch, tmp_path, (120, 40))


async def test_the_demos_money_steps_go_through_the_journal(sandbox):
    """The demo's steps that move money or change a wallet are journalled like the screens'
    operations: on disk before they are sent, under the key they are sent with, settled on
    their answers; those with an externalId on the wire carry one."""
    from wallet_tui.config import AppPaths
    from wallet_tui.journal import SETTLED, Journal

    async with desk(sandbox) as (app, pilot):
        await demo_autopilot(auto=True)(pilot)
        screen = app.screen
        await run_until(pilot, lambda: screen.scenario.finished)
        entries = Journal(AppPaths.from_env().journal_dir, "sandbox", "1001").entries()
        assert [e.op for e in entries] == ["registration", "identification", "refill",
                                           "payment", "confirmation", "withdrawal"]
        assert all(e.state == SETTLED for e in entries)
        sent = [e.idempotency_key for e in app.gateway.exchanges
                if e.method == "POST" and e.path.startswith("/api/wallet/")]
        assert sent == [e.key for e in entries]
        assert all(e.external_id and e.body["externalId"] == e.external_id
                   for e in entries if e.op in ("refill", "payment", "withdrawal"))


async def test_a_demo_step_the_journal_cannot_take_is_not_sent_and_says_why(sandbox):
    import errno

    from wallet_tui.journal import JournalError

    async with desk(sandbox) as (app, pilot):
        screen = await open_demo(app, pilot)
        journal = app.gateway.journal
        write_entry = journal.begin

        def full_disk(draft):
            raise JournalError(errno.ENOSPC, "No space left on device")

        await pilot.press("enter")  # the story's own login
        await settle(pilot)
        assert str(screen.scenario.current.title) == "Register a wallet"
        journal.begin = full_disk
        await pilot.press("enter")  # a money step: journalled
        await settle(pilot)
        error = text_of(screen, "#demo-error")
        assert "Not sent: the journal of money operations cannot be written" in error
        assert "No space left on device" in error
        assert not [e for e in app.gateway.exchanges if e.path.startswith("/api/wallet/")]
        assert screen.scenario.current.status is StepStatus.PENDING
        journal.begin = write_entry
        await pilot.press("enter")  # the disk has room again: the same step goes, once
        await settle(pilot)
        [sent] = [e for e in app.gateway.exchanges if e.path.startswith("/api/wallet/")]
        assert [entry.key for entry in journal.entries()] == [sent.idempotency_key]

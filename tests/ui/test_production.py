"""The desk on a production profile: the frame, the amount typed again, the refused
sandbox controls and console writes, the idle lock, the report offered on quit, the login's
warning. The profile is the in-process sandbox marked production: the environment is a
label, the connect function never reads it."""

from __future__ import annotations

from decimal import Decimal

import keyring
import pytest
from textual.color import Color
from textual.widgets import Header, Select

from wallet_tui.config import ConfigStore, Profile
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.modals import ConfirmModal
from wallet_tui.ui.screens.production import LockScreen, QuitOfferModal, RetypeAmountModal

from tests.config.helpers import MemoryKeyring
from .helpers import settle
from .screens_support import (
    SIMPLIFIED_WALLET,
    desk,
    look_up,
    set_faults,
    show,
    text_of,
    type_into,
    wallet_posts,
)

LIVE = "live"
RED = Color.parse("#d70000")
REFILL = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill"
CONFIRM = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/payment"
WITHDRAW = f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/wifhdrawal"


def production_profile(*, default: bool = True) -> Profile:
    """The demo partner on the in-process sandbox, labelled production."""
    store = ConfigStore()
    settings = store.load()
    profile = Profile(name=LIVE, kind="sandbox", client_id="demo-client", partner_id="1001",
                      environment="production")
    settings.add_profile(profile)
    if default:
        settings.set_default(LIVE)
    store.save(settings)
    return profile


@pytest.fixture
def live():
    return production_profile()


def border_of(screen):
    return screen.styles.border_top


# -- the frame --------------------------------------------------------------------------------


async def test_every_frame_says_production_login_screens_and_dialogs(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        assert app.has_class("-production")
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert "PRODUCTION — real money · live" in str(screen.border_title)
        assert border_of(screen) == ("heavy", RED)
        await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "PRODUCTION" in str(app.screen.border_title)
        assert border_of(app.screen) == ("heavy", RED)


async def test_the_sandbox_profile_has_no_frame(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert not app.has_class("-production")
        assert screen.border_title is None
        assert border_of(screen)[0] in ("", "none", "hidden")


async def test_no_theme_takes_the_frame_or_the_red_header_away(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        themes = sorted(app.available_themes)
        assert len(themes) > 5
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            assert border_of(screen) == ("heavy", RED), theme
            assert screen.styles.border_title_background == RED, theme
            header = screen.query_one(Header)
            assert header.styles.background == RED, theme


@pytest.mark.parametrize("terminal", ["ascii", "few_colours", "no_color"])
async def test_the_frame_and_its_words_stay_in_ascii_16_colours_and_no_color(
        tmp_path, live, monkeypatch, terminal):
    from .helpers import make_app
    from .screens_support import Sandbox
    from .test_terminals import screen_text

    if terminal == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    options = {"ascii": {"ascii": True}, "few_colours": {"few_colours": True}}.get(terminal, {})
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3").connect, **options)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        kind, colour = border_of(app.screen)
        assert kind == ("ascii" if terminal == "ascii" else "heavy")
        # NO_COLOR greys red into the dark: the frame takes the text's colour there.
        text_colour = Color.parse(app.get_css_variables()["foreground"])
        assert colour == (text_colour if terminal == "no_color" else RED)
        lines = screen_text(app).splitlines()
        dash = "-" if terminal == "ascii" else "—"
        assert f"PRODUCTION {dash} real money . live" in lines[0].replace("·", ".")
        assert lines[0][0] == ("+" if terminal == "ascii" else "┏")
        assert lines[-1][0] == ("+" if terminal == "ascii" else "┗")
        assert all(line[0] == line[-1] == ("|" if terminal == "ascii" else "┃")
                   for line in lines[1:-1])
        await app.gateway.aclose()


# -- the login says so before login -------------------------------------------------------------


async def test_picking_a_production_profile_on_the_login_warns_before_login(tmp_path):
    production_profile(default=False)
    async with desk(tmp_path) as (app, pilot):  # logged in on the sandbox
        app.action_login()
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        note = login.query_one("#production-note")
        assert not note.display
        login.query_one("#profile", Select).value = LIVE
        await settle(pilot)
        assert note.display
        assert "PRODUCTION — real money" in str(note.render())
        login.query_one("#profile", Select).value = "sandbox"
        await settle(pilot)
        assert not note.display


# -- the amount typed again ---------------------------------------------------------------------


async def refill_to_retype(pilot, amount: str = "1 000,50") -> None:
    await look_up(pilot, SIMPLIFIED_WALLET)
    await show(pilot, "refill")
    await type_into(pilot, "refill-amount", amount)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)


async def test_a_refill_on_production_is_sent_only_when_the_amount_is_typed_again(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        await refill_to_retype(pilot)
        modal = app.screen
        assert isinstance(modal, RetypeAmountModal)
        await type_into(pilot, "retype-amount", "100,50")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal
        assert "is not the amount of this refill: nothing was sent" in text_of(
            modal, "#retype-amount .field--error")
        assert wallet_posts(app) == []
        await type_into(pilot, "retype-amount", "1000.5")  # the same amount, written otherwise
        await pilot.press("enter")
        await settle(pilot)
        assert wallet_posts(app) == [REFILL]
        assert app.current_wallet.balance == Decimal("26000.50")


async def test_esc_in_the_retype_sends_nothing(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        await refill_to_retype(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, RetypeAmountModal)
        assert wallet_posts(app) == []


async def test_a_refill_on_the_sandbox_asks_nothing_more(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await refill_to_retype(pilot)
        assert not isinstance(app.screen, RetypeAmountModal)
        assert wallet_posts(app) == [REFILL]


async def test_a_payment_confirmation_waits_for_the_amount_again(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await show(pilot, "payment")
        await type_into(pilot, "pay-amount", "1 500")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RetypeAmountModal)
        await type_into(pilot, "retype-amount", "15 000")
        await pilot.press("enter")
        await settle(pilot)
        assert CONFIRM not in wallet_posts(app)
        await type_into(pilot, "retype-amount", "1 500")
        await pilot.press("enter")
        await settle(pilot)
        assert wallet_posts(app)[-1] == CONFIRM


async def test_a_withdrawal_waits_for_the_amount_again(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        await set_faults(app, withdrawal_settle_seconds=60)
        await look_up(pilot, SIMPLIFIED_WALLET)
        await show(pilot, "withdrawal")
        await type_into(pilot, "wd-bank-filter", "сбер")
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "wd-amount", "1 000")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RetypeAmountModal)
        await type_into(pilot, "retype-amount", "100")
        await pilot.press("enter")
        await settle(pilot)
        assert wallet_posts(app) == []
        await type_into(pilot, "retype-amount", "1 000")
        await pilot.press("enter")
        await settle(pilot)
        assert wallet_posts(app) == [WITHDRAW]


# -- the raw console ----------------------------------------------------------------------------


async def console_send(pilot, method: str, path: str, body: str = "") -> None:
    screen = pilot.app.screen
    screen.query_one("#console-method", Select).value = method
    screen.path_input.value = path
    screen.body_area.load_text(body)
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)


@pytest.mark.parametrize(("method", "path", "said"), [
    ("POST", "/sandbox/reset", "the sandbox controls (/sandbox/*) exist only on the sandbox"),
    ("GET", "/sandbox/faults", "the sandbox controls (/sandbox/*) exist only on the sandbox"),
    ("POST", f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}/refill",
     "the raw console sends only GET here; POST would change real data"),
    ("DELETE", "/api/wallet/v1/account/1", "DELETE would change real data"),
])
async def test_the_console_refuses_writes_and_sandbox_controls(tmp_path, live, method, path,
                                                               said):
    async with desk(tmp_path) as (app, pilot):
        await show(pilot, "console")
        before = len(app.gateway.exchanges)
        await console_send(pilot, method, path, '{"amount": "1.00"}')
        assert said in text_of(app.screen, "#console-banner")
        assert "Nothing was sent" in text_of(app.screen, "#console-banner")
        assert len(app.gateway.exchanges) == before


async def test_the_console_still_reads_on_production(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        await show(pilot, "console")
        await console_send(pilot, "GET", f"/api/wallet/v1/account/{SIMPLIFIED_WALLET}")
        assert app.gateway.exchanges[-1].path.endswith(SIMPLIFIED_WALLET)
        assert app.gateway.exchanges[-1].status == 200


# -- the idle lock -----------------------------------------------------------------------------


class StepClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def idle(app, pilot, seconds: float) -> None:
    app.idle_watch.clock.now += seconds
    app.lock_if_idle()
    await settle(pilot)


async def test_the_desk_locks_after_the_idle_time_and_the_secret_resumes_it(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        clock = StepClock()
        app.idle_watch.clock = clock
        app.idle_watch.touch()
        await look_up(pilot, SIMPLIFIED_WALLET)
        refill = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "777")
        await idle(app, pilot, 299)  # the default: five minutes
        assert not app.locked
        await pilot.press("backspace")  # a key: the five minutes start again
        await pilot.press("7")
        await idle(app, pilot, 299)
        assert not app.locked
        await idle(app, pilot, 1)
        assert isinstance(app.screen, LockScreen)
        assert app.screen.sub_title == "profile live"  # not the wallet being worked on
        await pilot.press("f2")  # nothing underneath can be reached
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await type_into(pilot, "unlock-secret", "guess")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "not the clientSecret of this session" in text_of(
            app.screen, "#unlock-secret .field--error")
        await type_into(pilot, "unlock-secret", "demo-secret")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is refill
        assert refill.field("refill-amount").value == "777"


async def test_the_idle_time_is_the_settings_value(tmp_path, live):
    store = ConfigStore()
    settings = store.load()
    settings.idle_lock_minutes = 1
    store.save(settings)
    async with desk(tmp_path) as (app, pilot):
        app.idle_watch.clock = StepClock()
        app.idle_watch.touch()
        await idle(app, pilot, 59)
        assert not app.locked
        await idle(app, pilot, 1)
        assert app.locked


async def test_the_sandbox_desk_never_locks(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        app.idle_watch.clock = StepClock()
        await idle(app, pilot, 10_000)
        assert not app.locked


async def test_the_keyring_unlocks_when_it_holds_the_sessions_secret(tmp_path, live):
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    async with desk(tmp_path) as (app, pilot):
        app.lock()
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert app.locked
        assert "holds no clientSecret of this session" in text_of(app.screen, "#lock-note")
        app.secrets.remember(app.profile, "demo-secret")
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert not app.locked


async def test_without_a_keyring_the_lock_says_so(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        app.lock()
        await settle(pilot)
        await pilot.press("ctrl+k")
        await settle(pilot)
        assert app.locked
        assert "No keyring to unlock with" in text_of(app.screen, "#lock-note")


# -- the session report on quit ----------------------------------------------------------------


async def test_quit_on_production_offers_the_session_report(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitOfferModal)
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert not isinstance(app.screen, QuitOfferModal) and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        report = app.last_saved_report
        assert report is not None and report.exists()
        assert SIMPLIFIED_WALLET in report.read_text()
        assert "demo-secret" not in report.read_text()
        assert app.return_code == 0


async def test_quit_on_the_sandbox_asks_nothing(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not isinstance(app.screen, QuitOfferModal)
        assert app.last_saved_report is None


# -- pictures: each production rule at 80x24, the frame also wide ------------------------------
# Update after a deliberate change of looks:
# `pytest tests/ui/test_production.py -k picture --snapshot-update`.


@pytest.fixture
def live_app(tmp_path, monkeypatch, live):
    """The production desk over a sandbox whose clock stands still and whose ids count up."""
    from wallet_tui.sandbox.clock import ManualClock

    from .helpers import make_app
    from .screens_support import Sandbox
    from .test_screens_snapshots import _count_uuids

    _count_uuids(monkeypatch)
    return make_app(Sandbox(tmp_path / "sandbox.sqlite3", ManualClock()).connect)


async def logged_in_on_lookup(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await look_up(pilot, SIMPLIFIED_WALLET)


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"),
                                  pytest.param((120, 40), id="120x40")])
def test_picture_production_frame_on_lookup(snap_compare, live_app, size):
    assert snap_compare(live_app, terminal_size=size, run_before=logged_in_on_lookup)


def test_picture_production_frame_in_ascii(snap_compare, tmp_path, live):
    from wallet_tui.sandbox.clock import ManualClock

    from .helpers import make_app
    from .screens_support import Sandbox

    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3", ManualClock()).connect, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=logged_in_on_lookup)


def test_picture_production_frame_with_no_color(snap_compare, tmp_path, monkeypatch, live):
    from wallet_tui.sandbox.clock import ManualClock

    from .helpers import make_app
    from .screens_support import Sandbox

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(Sandbox(tmp_path / "sandbox.sqlite3", ManualClock()).connect)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=logged_in_on_lookup)


def test_picture_production_login_warning(snap_compare, live_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        # The secret's cursor is drawn or not by timing (the keyring's answer selects it):
        # the picture is about the warning, so the focus waits on the profile list.
        pilot.app.screen.query_one("#profile").focus()
        await settle(pilot)

    assert snap_compare(live_app, terminal_size=(80, 24), run_before=run_before)


def test_picture_retyped_amount_does_not_match(snap_compare, live_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await refill_to_retype(pilot)
        await type_into(pilot, "retype-amount", "100,50")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(live_app, terminal_size=(80, 24), run_before=run_before)


def test_picture_console_refuses_a_write(snap_compare, live_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await show(pilot, "console")
        await console_send(pilot, "PUT", "/sandbox/faults", '{"latencyMs": 2000}')
        pilot.app.screen.query_one("#console-body").cursor_blink = False

    assert snap_compare(live_app, terminal_size=(80, 24), run_before=run_before)


def test_picture_lock_after_a_wrong_secret(snap_compare, live_app):
    async def run_before(pilot) -> None:
        await logged_in_on_lookup(pilot)
        pilot.app.lock()
        await settle(pilot)
        await type_into(pilot, "unlock-secret", "guess")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(live_app, terminal_size=(80, 24), run_before=run_before)


def test_picture_quit_offers_the_report(snap_compare, live_app):
    async def run_before(pilot) -> None:
        await logged_in_on_lookup(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)

    assert snap_compare(live_app, terminal_size=(80, 24), run_before=run_before)


# -- the editor, and what is refused outright ---------------------------------------------------


async def test_the_profile_editor_sets_the_environment_and_the_login_follows(tmp_path):
    from textual.widgets import Select as SelectWidget

    from wallet_tui.ui.screens.profile_editor import ProfileEditorScreen

    from .helpers import Sandbox as GatedSandbox
    from .helpers import make_app

    store = ConfigStore()
    settings = store.load()
    settings.add_profile(Profile(name="host", base_url="https://wallet-test.example.ru",
                                 client_id="acme", partner_id="42", environment="test"))
    store.save(settings)
    app = make_app(GatedSandbox(tmp_path / "sandbox.sqlite3").connect)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ProfileEditorScreen)
        assert editor.query_one("#environment", SelectWidget).disabled  # the built-in sandbox
        editor.query_one("#profile-list").highlighted = 1  # sandbox, host, + new profile
        await settle(pilot)
        environment = editor.query_one("#environment", SelectWidget)
        assert environment.value == "test" and not environment.disabled
        environment.value = "production"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ConfigStore().load().profiles["host"].environment == "production"
        await pilot.press("escape")
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert login.query_one("#profile", SelectWidget).value == "host"
        assert login.query_one("#production-note").display


async def test_the_guided_demo_is_refused_on_production(tmp_path, live):
    async with desk(tmp_path) as (app, pilot):
        before = app.screen
        assert app.action_show("demo") is False
        await settle(pilot)
        assert app.screen is before


async def test_the_desk_watches_the_idle_time_by_itself_after_a_production_login(tmp_path, live):
    from .helpers import wait_for

    async with desk(tmp_path) as (app, pilot):
        app.idle_watch.clock = StepClock()
        app.idle_watch.touch()
        app.idle_watch.clock.now += 10_000  # long past the limit: the app's own check locks
        await wait_for(pilot, lambda: app.locked, timeout=30)  # its timer: every IDLE_CHECK_SECONDS
        assert isinstance(app.screen, LockScreen)

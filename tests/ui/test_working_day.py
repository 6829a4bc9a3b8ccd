"""A working day (issue 15): what the desk does so that a day's thousands of exchanges leave
no pause an operator can feel. The footer's keys change with every step of a flow and every
call; they change in place rather than as new widgets, which were garbage for a full
collection each time. Full collections are the desk's own, between frames."""

from __future__ import annotations

import gc
import weakref

from textual.app import App, ComposeResult
from textual.binding import Binding

from wallet_tui.ui.garbage import (
    MOST_PUT_OFF_SECONDS, NEVER, QUIET_SECONDS, QUIET_TURNS, GarbageSchedule,
)
from wallet_tui.ui.widgets.footer import Footer, FooterKey

from .helpers import settle
from .screens_support import (
    SIMPLIFIED_WALLET, desk, look_up, set_faults, show, withdraw,
)
from .test_terminals import footer_text, screen_text


async def test_a_withdrawals_footer_changes_its_words_on_the_same_keys(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await set_faults(app, withdrawal_settle_seconds=600)
        screen = await show(pilot, "withdrawal")
        keys = list(screen.query(FooterKey))
        assert "⏎ Withdraw…" in footer_text(app)
        await withdraw(pilot, "100000000111", "100")
        following = footer_text(app)
        assert list(screen.query(FooterKey)) == keys
        await pilot.press("escape")
        await settle(pilot)
        stopped = footer_text(app)
        assert list(screen.query(FooterKey)) == keys
        await app.gateway.aclose()
    assert "esc Stop following" in following and "r Check status" in following
    assert "r Follow again" in stopped and "n New withdrawal" in stopped
    assert "Stop following" not in stopped and "Withdraw…" not in stopped


class KeysThatComeAndGo(App[None]):
    BINDINGS = [
        Binding("a", "first", "First"),
        Binding("b", "second", "Second"),
        Binding("c", "third", "Third"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.third_shown = False

    def compose(self) -> ComposeResult:
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.third_shown if action == "third" else True


async def test_a_key_more_or_less_leaves_the_others_where_they_are():
    app = KeysThatComeAndGo()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = list(app.query(FooterKey))
        app.third_shown = True
        app.refresh_bindings()
        await pilot.pause()
        with_third = screen_text(app).split("\n")[-1]
        during = list(app.query(FooterKey))
        app.third_shown = False
        app.refresh_bindings()
        await pilot.pause()
        without = screen_text(app).split("\n")[-1]
        after = [key for key in app.query(FooterKey) if key.display]
        app.third_shown = True
        app.refresh_bindings()
        await pilot.pause()
        again = screen_text(app).split("\n")[-1]
        back = list(app.query(FooterKey))
    assert "c Third" in with_third and "a First" in with_third and "b Second" in with_third
    assert "Third" not in without and "a First" in without and "b Second" in without
    assert during[: len(before)] == before and len(during) == len(before) + 1
    assert after == before
    # The key that went comes back as the same widget: no new one each time it comes and goes.
    assert "c Third" in again and back == during


class Loop:
    """The turns of an event loop, by hand: callbacks asked with call_soon run at the next;
    those asked with call_after_refresh once the screen has drawn what is pending: at once
    when nothing is (`frame_pending` False), else at the next `frame()`."""

    def __init__(self, now: list[float]) -> None:
        self.now = now
        self.ready: list[tuple] = []
        self.frame_pending = False
        self.after_frame: list = []

    def call_soon(self, callback, *args) -> None:
        self.ready.append((callback, args))

    def call_after_refresh(self, callback) -> None:
        if self.frame_pending:
            self.after_frame.append(callback)
        else:
            callback()

    def frame(self, drawing: float) -> None:
        """The pending frame drawn, in `drawing` seconds; then what waited for it."""
        self.now[0] += drawing
        self.frame_pending = False
        waiting, self.after_frame = self.after_frame, []
        for callback in waiting:
            callback()

    def turn(self, busy_for: float = 0.0) -> None:
        """One turn: the callbacks ready, after `busy_for` seconds of other work."""
        self.now[0] += busy_for
        ready, self.ready = self.ready, []
        for callback, args in ready:
            callback(*args)

    def quiet_turns(self, turns: int = QUIET_TURNS) -> None:
        for _ in range(turns):
            self.turn(busy_for=0.0)

    def work(self, seconds: float) -> None:
        """Work ready to run at the next turn, after what is ready already."""
        self.call_soon(lambda: self.now.__setitem__(0, self.now[0] + seconds))


def schedule_by_hand(loop: Loop, full_every: float = 0.25, cpu: list[float] | None = None,
                     ) -> GarbageSchedule:
    """A schedule on the hand-turned loop; its CPU clock is the wall clock unless given."""
    now = loop.now
    return GarbageSchedule(full_every=full_every, clock=lambda: now[0],
                           cpu_clock=lambda: (now if cpu is None else cpu)[0],
                           call_soon=loop.call_soon, after_refresh=loop.call_after_refresh)


def test_full_collections_are_the_desks_and_still_free_cycles():
    """Python starts no full collection by itself; the desk's timer frees what only a full
    collection can (cycles grown old)."""
    saved, was_enabled = gc.get_threshold(), gc.isenabled()
    intervals: list[float] = []

    class TimerHost:
        def set_interval(self, interval: float, callback, *, name: str = "") -> None:
            intervals.append(interval)

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    now = [0.0]
    loop = Loop(now)
    schedule = schedule_by_hand(loop, full_every=0.5)
    try:
        schedule.start(TimerHost())  # type: ignore[arg-type]
        assert gc.get_threshold()[2] == NEVER
        assert intervals == [0.5]
        cycle = Cycle()
        gone = weakref.ref(cycle)
        gc.collect(1)  # the cycle survives young collections while it lives: now it is old
        del cycle
        gc.collect(1)
        assert gone() is not None, "only a full collection frees an old cycle"
        schedule.collect_if_due()
        loop.quiet_turns()
        assert gone() is None
        assert schedule.full_collections == 1
        schedule.collect_if_due()  # nothing grew old since: no full collection
        loop.turn()
        assert schedule.full_collections == 1 and not loop.ready
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
        if not was_enabled:
            gc.disable()


def test_a_full_collection_waits_for_a_quiet_turn_of_the_loop():
    """A turn of the loop runs every callback ready at once (an answer shown, a screen
    drawn): a collection in a busy turn adds to its pause. A due collection waits for
    QUIET_TURNS turns in a row that each came within QUIET_SECONDS of being asked, but not
    for ever."""
    now = [0.0]
    loop = Loop(now)
    schedule = schedule_by_hand(loop)

    def due() -> None:
        gc.collect(1)  # something has grown old: a full collection is due
        schedule.collect_if_due()

    due()
    loop.turn(busy_for=QUIET_SECONDS / 2)
    assert schedule.full_collections == 0, "one quiet turn is not enough"
    loop.turn(busy_for=QUIET_SECONDS / 2)
    assert schedule.full_collections == 1
    due()
    loop.turn(busy_for=0.030)  # a screen drawn in that turn: the loop is busy
    loop.turn(busy_for=0.015)
    assert schedule.full_collections == 1 and loop.ready  # asked again
    due()  # the timer again, while waiting: nothing more asked
    assert len(loop.ready) == 1
    loop.quiet_turns()
    assert schedule.full_collections == 2 and not loop.ready
    due()
    turns = 0
    while schedule.full_collections == 2:
        loop.turn(busy_for=0.05)  # busy all along
        turns += 1
    # Collected all the same, once waited on for MOST_PUT_OFF_SECONDS.
    assert MOST_PUT_OFF_SECONDS / 0.05 <= turns <= MOST_PUT_OFF_SECONDS / 0.05 + 1


def test_a_full_collection_waits_for_what_is_ready_behind_it():
    """A frame ends a step and wakes what waited for it (the next step of a flow, a key held
    behind it): ready in the same turn as the collection's ask but behind it, it ran right
    after a collection made there, the two one pause (50 + 40 ms in a working day). The
    collection waits until a turn also ran nothing behind it."""
    now = [0.0]
    loop = Loop(now)
    schedule = schedule_by_hand(loop)
    gc.collect(1)
    schedule.collect_if_due()  # its ask is ready now...
    loop.work(0.040)  # ...and behind it, the next step
    loop.turn()
    assert schedule.full_collections == 0
    loop.turn()  # the turn that ran that step was busy: asked again
    assert schedule.full_collections == 0 and loop.ready
    loop.quiet_turns()
    assert schedule.full_collections == 1 and not loop.ready


def due_with_a_frame_pending() -> tuple[list[float], Loop, GarbageSchedule]:
    """A full collection due while the screen has a frame still to draw."""
    now = [0.0]
    loop = Loop(now)
    schedule = schedule_by_hand(loop)
    loop.frame_pending = True
    gc.collect(1)  # something has grown old
    schedule.collect_if_due()
    return now, loop, schedule


def test_a_full_collection_waits_for_the_frame_a_screen_has_pending():
    """The loop is quiet too while it waits for the next frame of a screen half drawn (an
    answer's card shown, its history not yet): a collection there made that frame late by
    its whole time. A due collection waits for the frame, then for a quiet turn."""
    _, loop, schedule = due_with_a_frame_pending()
    loop.turn(busy_for=0.0)  # quiet, but the frame is still to come
    loop.turn(busy_for=0.0)
    assert schedule.full_collections == 0
    loop.frame(drawing=0.025)
    assert schedule.full_collections == 0, "not in the frame's own turn"
    loop.quiet_turns()
    assert schedule.full_collections == 1 and not loop.ready and not loop.after_frame


def test_a_collection_asked_of_a_screen_that_never_drew_is_not_lost():
    """A screen closed before its frame (a dialog dismissed at once) takes the ask with it:
    the timer collects all the same once it has waited twice MOST_PUT_OFF_SECONDS, and
    asks again for the next one."""
    now, loop, schedule = due_with_a_frame_pending()
    loop.after_frame.clear()  # the screen went, and the ask with it
    now[0] += MOST_PUT_OFF_SECONDS
    schedule.collect_if_due()
    assert schedule.full_collections == 0
    now[0] += MOST_PUT_OFF_SECONDS
    schedule.collect_if_due()
    assert schedule.full_collections == 1
    loop.frame_pending = False
    gc.collect(1)
    schedule.collect_if_due()
    loop.quiet_turns()
    assert schedule.full_collections == 2


def test_a_turn_that_waited_for_a_core_is_quiet():
    """On a loaded machine a turn waits for a core: by the wall clock every turn looked busy
    and the desk kept asking for turns, never sleeping, for the whole 2 s. What the process
    spent on the CPU says whether the turn had anything to run."""
    now, cpu = [0.0], [0.0]
    loop = Loop(now)  # its turns move the wall clock only: the process was off the CPU
    schedule = schedule_by_hand(loop, cpu=cpu)
    gc.collect(1)
    schedule.collect_if_due()
    for _ in range(QUIET_TURNS):
        loop.turn(busy_for=0.030)
    assert schedule.full_collections == 1 and not loop.ready


async def test_a_screen_shown_the_first_time_is_frozen_out_of_full_collections(tmp_path):
    """What a first showing builds lives all day: frozen then (before the warm-up's freezes a
    full collection walking the first screens built took 70 ms). Shown again: nothing new."""
    async with desk(tmp_path) as (app, pilot):
        app.garbage = GarbageSchedule()  # not started: Python's thresholds untouched
        try:
            gc.unfreeze()
            await show(pilot, "refill")
            first = gc.get_freeze_count()
            await show(pilot, "lookup")
            gc.unfreeze()
            await show(pilot, "refill")
            again = gc.get_freeze_count()
        finally:
            gc.unfreeze()
            app.garbage = None
            await app.gateway.aclose()
    assert first > 0 and again == 0


class OldCycle:
    def __init__(self) -> None:
        self.me = self


async def test_the_running_desk_collects_an_old_cycle_once_its_screen_has_drawn(tmp_path):
    """The schedule on a running desk, with Textual's own refresh and loop: a cycle grown old
    and dropped is freed by the desk's timer, after the frame the screen had pending."""
    saved, was_enabled = gc.get_threshold(), gc.isenabled()
    async with desk(tmp_path) as (app, pilot):
        schedule = GarbageSchedule(full_every=0.05)
        try:
            schedule.start(app)
            cycle = OldCycle()
            gone = weakref.ref(cycle)
            gc.collect(1)
            del cycle
            gc.collect(1)  # old now: only a full collection frees it
            assert gone() is not None
            app.screen.refresh(layout=True)  # a frame pending
            for _ in range(30):  # 1.5 s: sooner than the fallback for a lost ask
                await pilot.pause(0.05)
                if gone() is None:
                    break
            assert gone() is None and schedule.full_collections >= 1
        finally:
            gc.unfreeze()
            gc.set_threshold(*saved)
            if not was_enabled:
                gc.disable()
            await app.gateway.aclose()


async def test_a_screen_shown_the_first_time_styles_its_widgets_once(tmp_path, monkeypatch):
    """A screen took -no-wallet as it mounted and its breakpoint class (-narrow at 80
    columns, -wide at 150) at its first Resize, and each restyled every widget on it: three
    stylings of each in a first F7. It is now made with both: no restyle of the whole
    screen, and the same classes as before (the first frame narrow or wide as the terminal,
    the hint to look a wallet up where there is none)."""
    for size, breakpoint in (((80, 24), "-narrow"), ((150, 40), "-wide")):
        async with desk(tmp_path / breakpoint, size=size) as (app, pilot):
            restyled: list[int] = []
            update_nodes = app.stylesheet.update_nodes

            def counting(nodes, animate: bool = False, _update=update_nodes) -> None:
                nodes = list(nodes)
                restyled.append(len(nodes))
                _update(nodes, animate=animate)

            monkeypatch.setattr(app.stylesheet, "update_nodes", counting)
            screen = await show(pilot, "withdrawal")
            widgets = len(list(screen.walk_children()))
            assert screen.has_class(breakpoint) and screen.has_class("-no-wallet")
            assert screen.query_one("#no-wallet").display
            assert restyled and max(restyled) < widgets / 4, (restyled, widgets)
            await app.gateway.aclose()

"""A screen's parts found by id or class without Textual's query cache (issue 15)."""

from __future__ import annotations

import gc

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches, WrongType
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Label, Static

from wallet_tui.ui.parts_by_id import PartsById


class Steps(PartsById, Screen[None]):
    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="one", id="steps"):
            with Vertical(id="one"):
                yield Static("first", id="says")
                yield Button("go", id="go")
            with Vertical(id="two"):
                yield Label("nested", classes="deep")
        yield Label("shallow", id="shallow")


class StepsApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Steps())


async def test_parts_are_found_as_textual_finds_them_and_follow_a_part_replaced():
    app = StepsApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Steps)
        says = screen.query_one("#says", Static)
        assert str(says.render()) == "first"
        # A widget class: the first breadth first, as Textual's query_one has it.
        assert screen.query_one(Label).id == "shallow"
        for _ in range(50):  # steps of a flow: each display toggle moved Textual's count
            switcher = screen.query_one("#steps", ContentSwitcher)
            switcher.current = "two" if switcher.current == "one" else "one"
        assert screen.query_one("#says", Static) is says
        with pytest.raises(WrongType):
            screen.query_one("#says", Button)
        with pytest.raises(NoMatches):
            screen.query_one("#nowhere")
        await says.remove()
        with pytest.raises(NoMatches):
            screen.query_one("#says")  # a part removed is not kept
        await screen.query_one("#one").mount(Static("again", id="says"))
        assert str(screen.query_one("#says", Static).render()) == "again"
        # Other selectors are Textual's own.
        assert screen.query_one("Vertical Label.deep", Label).id is None


class PlainSteps(Steps):
    """The same screen on Textual's own query_one."""

    query_one = Screen.query_one  # type: ignore[assignment]


class PlainStepsApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(PlainSteps())


async def objects_kept_by_steps(app: App[None]) -> int:
    """Objects left alive by 400 steps of a flow, each followed by a lookup by id (after 200
    such steps, so that what the first steps set up is not counted)."""
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        switcher = screen.query_one("#steps", ContentSwitcher)

        def steps(count: int) -> None:
            for _ in range(count):
                switcher.current = "two" if switcher.current == "one" else "one"
                screen.query_one("#says", Static)

        steps(200)
        gc.collect()
        before = len(gc.get_objects())
        steps(400)
        gc.collect()
        return len(gc.get_objects()) - before


async def test_steps_of_a_flow_leave_no_lookups_behind():
    """Textual kept an entry per lookup and step (a count of changes in its key): up to
    1 024 stale entries a screen, walked by every full collection all day."""
    assert await objects_kept_by_steps(PlainStepsApp()) >= 400  # what the cure is for
    assert await objects_kept_by_steps(StepsApp()) < 40

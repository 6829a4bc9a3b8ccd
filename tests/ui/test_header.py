"""The desk's header: Textual's, minus the crash when a screen is taken down under it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from wallet_tui.ui.widgets.header import DeskHeader


class OneHeader(App[None]):
    def compose(self) -> ComposeResult:
        yield DeskHeader()


def title_shown(app: App[None]) -> str:
    return str(app.screen.query_one(DeskHeader).query_one(Static).render())


async def test_the_header_shows_the_status_line_as_it_changes():
    app = OneHeader()
    async with app.run_test() as pilot:
        app.title, app.sub_title = "desk", "token valid"
        await pilot.pause()
        assert "desk — token valid" in title_shown(app)


async def test_a_title_change_queued_while_the_header_is_taken_down_does_not_end_the_app():
    app = OneHeader()
    async with app.run_test() as pilot:
        header = app.screen.query_one(DeskHeader)
        # Where a header is while Textual prunes it (a screen closed at once, the app
        # quitting as the idle lock comes up): its parts gone, itself still on the screen.
        await header.query_one(Static).remove()
        app.sub_title = "token renewed"
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)

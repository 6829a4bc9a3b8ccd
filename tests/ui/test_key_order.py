"""Keys posted to the app all at once (as a burst read from the terminal) are handled as if
typed one by one (ui/key_order.py). The real terminal is in test_key_bursts.py; this is the
same burst without a pty, quick."""

from __future__ import annotations

from textual import events

from wallet_tui.ui.screens.modals import ConfirmModal

from .helpers import settle
from .screens_support import SIMPLIFIED_WALLET, desk, look_up, show, text_keys


async def handled(pilot) -> None:
    """Until the app has handled every key of the burst (no key in flight for a while: the
    next one may still be in the app's queue between two), then settled."""
    quiet = 0
    while quiet < 10:
        await pilot.pause()
        quiet = 0 if pilot.app.key_order.busy else quiet + 1
    await settle(pilot)


def burst(app, *parts: str) -> None:
    """Every key in the app's queue before any is handled, as the driver does for one read.
    A part is text (typed character by character) or a key name in angle brackets."""
    for part in parts:
        if part.startswith("<"):
            app.post_message(events.Key(part.strip("<>"), None))
            continue
        for name, character in zip(text_keys(part), part):
            app.post_message(events.Key(name, character))


async def test_text_tab_text_enter_in_one_go_fills_each_field_then_sends(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        burst(app, "1 000,50", "<tab>", "burst-1", "<tab>", "coffee", "<enter>")
        await handled(pilot)
        values = [screen.field(name).value
                  for name in ("refill-amount", "refill-external-id", "refill-description")]
        assert values == ["1 000,50", "burst-1", "coffee"]
        assert isinstance(app.screen, ConfirmModal)
        assert "RUB 1,000.50" in str(app.screen.query_one("#dialog-body").content)


async def test_a_screen_key_in_a_burst_is_handled_before_the_keys_after_it(tmp_path):
    """F5 bubbles up to the app's binding; the digits after it are for the refill's field."""
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        lookup = app.screen
        burst(app, "<f5>", "<tab>", "<shift+tab>", "250")
        await handled(pilot)
        assert app.screen is not lookup
        assert app.screen.field("refill-amount").value == "250"
        assert lookup.field("lookup-query").value == SIMPLIFIED_WALLET

"""Keeping the operator's keys from screens that are not ready for them.

While the desk composes screens again (a language switch, relabel.py) or runs what was chosen
in the palette, a key pressed meanwhile would land on whatever screen is there at that moment:
a tester's Down+Enter, meant for the palette during a slow language switch, opened a refill's
confirmation underneath, one `y` away from sending money. The app asks its `InputGate` about
every event (WalletApp.on_event); while it is closed, keys, pastes and clicks are held or
dropped."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.command import CommandPalette
from textual.widgets import Button, Input

if TYPE_CHECKING:
    from textual.app import App

# What the operator does with the keyboard and the mouse; moving the mouse and scrolling
# change nothing and go through.
_ACTING = (events.Key, events.Paste, events.MouseDown, events.MouseUp)
# Always let through: quitting the app is never a mistake to keep from a screen.
_ALWAYS = frozenset({"ctrl+q"})
# A switch takes a fraction of a second; a gate closed this long was forgotten by a bug, and
# a desk that takes no keys at all is worse than one that takes them early.
STUCK_SECONDS = 10.0


class InputGate:
    """Keeps the operator's keys, pastes and clicks from the screens while it is closed.

    Each `close(owner, replay=)` is ended by `open(app, owner)`; the gate opens when every
    owner has opened it. `replay=False` drops what comes meanwhile (a language switch: what
    was pressed then was meant for the palette or for what was drawn before, never for the
    screen that will be shown). `replay=True` holds keys and pastes and gives them back in
    order when the gate opens (a screen relabelled just before it is shown: they were typed
    for it); clicks are dropped all the same, their places are gone. Dropping wins: a close
    without replay turns what was held into dropped keys."""

    def __init__(self) -> None:
        self._owners: set[Any] = set()
        self._replay = True
        self._held: list[events.Event] = []
        self._dropped = 0
        self._since = 0.0

    @property
    def closed(self) -> bool:
        return bool(self._owners)

    def close(self, owner: Any, *, replay: bool) -> None:
        if not self._owners:
            self._replay, self._held, self._dropped = True, [], 0
            self._since = time.monotonic()
        self._owners.add(owner)
        if self._replay and not replay:
            self._replay = False
            self._dropped += sum(isinstance(event, events.Key) for event in self._held)
            self._held = []

    def stops(self, event: events.Event) -> bool:
        """True when `event` must not reach the app's screens (it is held or dropped)."""
        if not self._owners or not isinstance(event, _ACTING) or event.is_forwarded:
            return False
        if isinstance(event, events.Key) and event.key in _ALWAYS:
            return False
        if time.monotonic() - self._since > STUCK_SECONDS:
            self._owners.clear()
            return False
        if self._replay and isinstance(event, (events.Key, events.Paste)):
            self._held.append(event)
        elif isinstance(event, events.Key):
            self._dropped += 1
        return True

    def open(self, app: "App[Any]", owner: Any) -> int:
        """`owner` is done. The last one lets input through, what was held first; it gets
        how many keys were dropped while the gate was closed (0 for the others)."""
        if owner not in self._owners:
            return 0
        self._owners.discard(owner)
        if self._owners:
            return 0
        held, dropped = self._held, self._dropped
        self._held, self._dropped = [], 0
        for event in held:
            if isinstance(event, events.Key):
                app.post_message(events.Key(event.key, event.character))
            elif isinstance(event, events.Paste):
                app.post_message(events.Paste(event.text))
        return dropped

    def open_after_screen(self, app: "App[Any]", owner: Any) -> None:
        """Opens once the screen now shown has handled what it was sent (its ScreenResume,
        where it puts the focus): the keys held go where it put it."""
        if not app.screen.call_later(self.open, app, owner):
            self.open(app, owner)


class GatedCommandPalette(CommandPalette):
    """Textual's palette, that runs one command and takes no key after its Enter.

    Keys typed right after Enter may already be on their way to the palette's list and
    input: Textual would choose again and pop a screen too many (the app ended with
    ScreenStackError on Enter, Down, Enter typed quickly). And until the command has run,
    keys would reach the screen under the palette: they are held (the app's InputGate) and
    given to the screen the command leaves in sight; a language switch drops them."""

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _select_or_command(
        self, event: Input.Submitted | Button.Pressed | None = None
    ) -> None:
        if event is not None:
            event.prevent_default()  # decided here: Textual's handler would choose again
        if not self.is_active:
            if event is not None:
                event.stop()
            return  # already chosen and closing
        gate: InputGate | None = getattr(self.app, "input_gate", None)
        runs = not self._list_visible and self._selected_command is not None
        if gate is not None and runs:
            gate.close(self, replay=True)
        super()._select_or_command(event)
        if gate is not None and runs:
            # Queued behind the command (Textual runs it with call_later).
            self.app.call_later(gate.open_after_screen, self.app, self)

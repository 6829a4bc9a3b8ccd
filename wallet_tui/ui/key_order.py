"""Keys typed in one burst are handled as if typed one by one.

Why: Textual's app hands each key to the focused widget's own message queue and takes the
next key at once. The widget handles it later, and a key no widget takes (Tab, F5, Ctrl+R)
bubbles back up to the app, whose non-priority bindings see it only after every key queued
behind it. So when a lagging SSH link delivers `abc Tab def` in one read, `def` is handed to
the first field before the Tab has moved the focus (`abcdef` in the first field: 20 of 20
bursts in a bare Textual 8.2.8 app with two inputs), and a screen's priority Enter reads the
fields before the text typed just before it has landed.

The cure keeps one key in flight: after a key is handed out, the next keys wait until that
key, and what it set off on its way, has been handled by the focused widget and each of its
ancestors up to the screen, and has reached the app if it bubbled there. Each step is a
`call_later` on the next node, taken twice: it runs behind what that node was already sent
and behind what the node posted to itself while handling it (an Input's Submitted). Typing
slowly is exactly that. Keys arriving one at a time (never more than one waiting) pass
without delay; a node that cannot take the callback (removed) or a step that does not come
back within a second lets the held keys go, so the desk never stops taking keys."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

STUCK_SECONDS = 1.0
SCREEN_PASSES = 20  # at most, rounds through a newly shown screen's queue until it has a focus


class KeyOrder:
    """Owned by the app; `WalletApp.on_event` hands it every key it did not stop."""

    def __init__(self, app: "App[Any]") -> None:
        self._app = app
        self._held: deque[events.Key] = deque()
        self._in_flight = 0  # a token per key handed out; 0 when none is in flight
        self._tokens = 0
        self._stuck_timer: Any = None
        self._screen: Any = None  # the screen in sight when the key in flight was handed out
        self._passes = 0

    @property
    def busy(self) -> bool:
        """A key is in flight or held (tests wait for this to end, as for typing)."""
        return bool(self._in_flight or self._held)

    def _shown_screen(self) -> Any:
        stack = self._app.screen_stack
        return stack[-1] if stack else None

    async def key(self, event: events.Key, handle: Any) -> None:
        """`handle(event)` is the app's own key handling (Textual's `App.on_event`); it
        hands it to the focused widget."""
        if self._in_flight:
            self._held.append(event)
            if self._stuck_timer is None:
                self._stuck_timer = self._app.set_timer(STUCK_SECONDS, self._stuck)
            return
        await self._hand_out(event, handle)

    async def _hand_out(self, event: events.Key, handle: Any) -> None:
        self._tokens += 1
        token = self._in_flight = self._tokens
        self._handle = handle
        self._screen, self._passes = self._shown_screen(), 0
        if self._screen is None:  # the app is closing: no screen takes keys any more
            self._in_flight = 0
            self._held.clear()
            return
        await handle(event)
        # Follow the key from where it went (the focused widget, else the screen).
        app = self._app
        start: DOMNode | None = app.focused or self._shown_screen()
        if start is None or not start.call_later(self._step, start, token):
            await self._release(token)

    def _step(self, node: "DOMNode", token: int, again: bool = True) -> None:
        if token != self._in_flight:
            return
        if again and node.call_later(self._step, node, token, False):
            # Once more behind what the node posted to itself while handling the key (an
            # Input's Submitted, on its way up to the screen that acts on it).
            return
        parent = node.parent
        if isinstance(node, Screen) or parent is None or parent is self._app:
            # Behind whatever the screen bubbled up to the app (a non-priority binding).
            self._app.call_later(self._release, token)
        elif not parent.call_later(self._step, parent, token):
            self._app.call_later(self._release, token)

    async def _release(self, token: int) -> None:
        if token != self._in_flight:
            return
        screen = self._shown_screen()
        if screen is not None and self._passes < SCREEN_PASSES and (
            screen is not self._screen or (self._passes and screen.focused is None)
        ):
            # The key showed another screen (F5): it is composed, then takes its focus as
            # it is resumed, behind what it was already sent; the next key waits for that.
            self._screen, self._passes = screen, self._passes + 1
            if screen.call_later(self._step, screen, token):
                return
        self._in_flight = 0
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
            self._stuck_timer = None
        if self._held:
            await self._hand_out(self._held.popleft(), self._handle)
            if self._held and self._stuck_timer is None:
                self._stuck_timer = self._app.set_timer(STUCK_SECONDS, self._stuck)

    async def _stuck(self) -> None:
        """A key's path did not come back: let the held keys go rather than take none."""
        self._stuck_timer = None
        if self._in_flight and self._held:
            await self._release(self._in_flight)

"""Textual's Header, without its crash when a screen is taken down.

Textual's Header shows the title through a watcher (registered when it mounts) that looks
up its title part and catches only `NoScreen`. The first call of that watcher is queued on
the app and the screen; when the header's parts are pruned before it runs (a screen closed
at once, the app quitting just as the idle lock came up), the lookup raises `NoMatches` and
ends the app with a traceback. Here a lookup that misses one of the header's parts answers
`NoScreen`, which that watcher already takes as "nothing to show the title on"."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.widgets import Header


class DeskHeader(Header):
    """The header every desk screen shows: Textual's, looks and all."""

    def query_one(self, selector: Any, expect_type: Any = None) -> Any:
        try:
            return super().query_one(selector, expect_type)
        except NoMatches as missing:
            # The header's parts are fixed at compose: one missing means it is being pruned.
            raise NoScreen(f"{self!r} is being taken down") from missing

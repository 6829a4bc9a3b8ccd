"""A screen's parts found by id without Textual's query cache (issue 15).

Textual's `query_one("#id")` (and `query_one(SomeWidget)`) caches each answer in the screen
under a key holding a count of the changes below it, and a step of a flow moves that count
on: each `display` toggle (a ContentSwitcher's step, a button shown or hidden) and each
widget removed count as one. So each lookup after a step made a new entry, and the cache
grew to its 1 024 entries of stale keys on each operation screen: 8 000 objects, a fifth of
what every full collection walked all day. The screens' parts never move, so each is looked
up once and kept; a part that was removed (its parent gone) is looked up again. Any other
selector goes to Textual as before.

Only public Textual (`walk_children`, `ancestors`)."""

from __future__ import annotations

import re
from typing import Any

from textual.css.query import NoMatches, WrongType

# "#name" and nothing more (a widget class is the other selector kept).
_ID_ONLY = re.compile(r"#[A-Za-z_][A-Za-z0-9_-]*")


class PartsById:
    """A mixin named before the screen's Textual base: its `query_one` comes first."""

    _parts: dict[Any, Any] | None = None  # selector -> the part found for it

    def query_one(self, selector: Any, expect_type: Any = None) -> Any:
        if not (isinstance(selector, type) or (
                isinstance(selector, str) and _ID_ONLY.fullmatch(selector))):
            return super().query_one(selector, expect_type)  # type: ignore[misc]
        if self._parts is None:
            self._parts = {}
        part = self._parts.get(selector)
        if part is None or self not in part.ancestors:  # removed, or moved elsewhere
            part = self._find(selector)
            self._parts[selector] = part
        if expect_type is not None and not isinstance(part, expect_type):
            raise WrongType(f"Node matching {selector!r} is the wrong type; expected type "
                            f"{expect_type.__name__!r}, found {part}")
        return part

    def _find(self, selector: str | type) -> Any:
        """As Textual finds it: the first match breadth first."""
        for node in self.walk_children(method="breadth"):  # type: ignore[attr-defined]
            if isinstance(selector, str):
                if node.id == selector[1:]:
                    return node
            elif isinstance(node, selector):
                return node
        raise NoMatches(f"No nodes match {selector!r} on {self!r}")

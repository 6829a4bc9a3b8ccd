"""The footer in the current language, fitted to the terminal's width.

Binding descriptions are class attributes, written once in English (marked with `N_`):
this footer translates them each time it is drawn, so switching the language needs no new
bindings, only a footer redraw (which recomposing a screen does).

At 80 columns Textual's footer cuts whatever comes last (F9 Inspector went first, in ASCII
mode where Enter is five letters). This one lays the keys out as Textual does while they
fit, and otherwise gives up the least important first, one step at a time: the screen keys
become a range (`F2-F8 F12 screens`), Quit goes (Ctrl+Q still quits, the palette has it),
the palette key and the screen range lose their words, the screen's secondary keys go from
the last, and at the very end F9 loses its word. The screen's main key (its first) and F9
always stay. Widths are counted the way Textual's footer styles lay them out."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from ..i18n import N_, _

if TYPE_CHECKING:
    from textual.binding import ActiveBinding, Binding

# Textual's own words our footer shows (the palette key), for the catalogue.
TEXTUAL_WORDS = (N_("palette"), N_("Open the command palette"))

INSPECTOR_ACTION = "toggle_inspector"
QUIT_ACTION = "quit"
STOP_ACTIONS = ("abandon", "stop_waiting", "stop_following")  # Esc while something runs
# Narrower than this the screen keys are a range on every screen (at 80 columns most
# screens need it; a footer changing shape from screen to screen reads worse).
ALL_SCREEN_KEYS_COLUMNS = 100


@dataclass(frozen=True)
class FooterItem:
    """One thing the footer shows: a key (or a group of keys) and its words."""

    bindings: tuple["ActiveBinding", ...]
    keys: tuple[str, ...]  # as displayed
    description: str  # translated; "" shows the key alone
    role: str  # main, stop, screen, inspector, screens, quit, app
    ranged: bool = False  # a group drawn as one key: "F2-F8 F12"

    @property
    def is_group(self) -> bool:
        return len(self.bindings) > 1

    def width(self) -> int:
        """Columns it takes, by Textual's footer styles (see FooterKey and Footer CSS)."""
        if self.is_group and not self.ranged:
            # Grouped keys have margin 0 1 (collapsed between them); the label margin-right 1.
            keys = sum(cell_len(key) for key in self.keys) + len(self.keys) + 1
            return keys + (cell_len(self.description) + 1 if self.description else 0)
        key = cell_len(self.key_display)
        if self.description:
            return key + cell_len(self.description) + 3  # " key " + "words "
        return key + 2  # a bare key: padding 0 1 (Footer CSS below)

    @property
    def key_display(self) -> str:
        return key_ranges(self.keys) if self.ranged else " ".join(self.keys)


def key_ranges(keys: tuple[str, ...]) -> str:
    """`F2 F3 F4 F5 F6 F7 F8 F12` → `F2-F8 F12`; other keys are listed as they are."""
    numbers = [re.fullmatch(r"F(\d+)", key) for key in keys]
    if not all(numbers):
        return " ".join(keys)
    values = [int(match.group(1)) for match in numbers if match]
    parts: list[str] = []
    start = previous = values[0]
    for value in [*values[1:], None]:
        if value is not None and value == previous + 1:
            previous = value
            continue
        parts.append(f"F{start}" if start == previous else f"F{start}-F{previous}")
        if value is not None:
            start = previous = value
    return " ".join(parts)


def fit(items: list[FooterItem], palette: FooterItem | None,
        width: int) -> tuple[list[FooterItem], FooterItem | None]:
    """The items and the palette key to show in `width` columns, shrunk as the module says
    (the barest when even that is too wide)."""
    steps = shrinking(items, palette)
    if width < ALL_SCREEN_KEYS_COLUMNS:
        next(steps)  # the same range on every screen, not a shape that changes with the keys
    for shown, shown_palette in steps:
        # The palette key is docked right; its border and padding take its key's padding.
        used = sum(item.width() for item in shown)
        used += shown_palette.width() if shown_palette is not None else 0
        if used <= width:
            break
    return shown, shown_palette


def shrinking(items: list[FooterItem], palette: FooterItem | None):
    """Yields (items, palette key) from the full footer to the barest, a step at a time."""
    yield items, palette
    items = [replace(i, ranged=True) if i.role == "screens" else i for i in items]
    yield items, palette
    items = [i for i in items if i.role != "quit"]
    yield items, palette
    if palette is not None:
        palette = replace(palette, description="")
        yield items, palette
    items = [replace(i, description="") if i.role == "screens" else i for i in items]
    yield items, palette
    for secondary in reversed([i for i in items if i.role in ("screen", "app")]):
        items = [i for i in items if i is not secondary]
        yield items, palette
    items = [replace(i, description="") if i.role == "inspector" else i for i in items]
    yield items, palette


class Footer(TextualFooter):
    DEFAULT_CSS = """
    Footer FooterKey.-bare {
        padding: 0 1;
    }
    """

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._composed_width = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self._available_width()
        self._composed_width = width
        shown, palette = fit(*self.planned_items(), width)
        for item in shown:
            yield from self._widgets(item)
        if palette is not None:
            [(binding, enabled, tooltip)] = [
                (active.binding, active.enabled, active.tooltip) for active in palette.bindings
            ]
            yield self._key(binding, palette.key_display, palette.description, enabled,
                            _(binding.tooltip or binding.description), "-command-palette")

    def planned_items(self) -> tuple[list[FooterItem], FooterItem | None]:
        """Everything the footer would show with room enough, in Textual's order, and the
        palette key."""
        app = self.app
        active_bindings = self.screen.active_bindings
        shown = [active for active in active_bindings.values() if active.binding.show]
        # One entry per action, as Textual's footer does (a key bound twice shows once).
        by_action: dict[str, list[ActiveBinding]] = {}
        for active in shown:
            by_action.setdefault(active.binding.action, []).append(active)
        items: list[FooterItem] = []
        main_taken = False
        for group, runs in groupby(by_action.values(), lambda run: run[0].binding.group):
            runs = list(runs)
            if group is not None and len(runs) > 1:
                firsts = tuple(run[0] for run in runs)
                keys = tuple(app.get_key_display(active.binding) for active in firsts)
                items.append(FooterItem(firsts, keys, _(group.description), "screens"))
                continue
            for run in runs:
                active = run[0]
                role = self._role(active)
                if role == "screen" and not main_taken:
                    role, main_taken = "main", True
                items.append(FooterItem((active,), (app.get_key_display(active.binding),),
                                        _(active.binding.description), role))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            active = active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if active is not None:
                palette = FooterItem((active,), (app.get_key_display(active.binding),),
                                     _(active.binding.description), "palette")
        return items, palette

    def _role(self, active: "ActiveBinding") -> str:
        action = active.binding.action
        if action == INSPECTOR_ACTION:
            return "inspector"
        if active.node is self.app:
            return "quit" if action == QUIT_ACTION else "app"
        if action in STOP_ACTIONS:
            return "stop"
        return "screen"

    def _widgets(self, item: FooterItem) -> ComposeResult:
        if item.is_group and not item.ranged:
            with KeyGroup():
                for active, key in zip(item.bindings, item.keys):
                    yield self._key(active.binding, key, "", active.enabled,
                                    _(active.tooltip or active.binding.description), "-grouped")
            if item.description:
                yield FooterLabel(item.description)
            return
        first = item.bindings[0]
        tooltip = _(first.tooltip) if first.tooltip else ""
        if item.ranged:
            tooltip = "  ".join(f"{key} {_(active.binding.description)}"
                                for active, key in zip(item.bindings, item.keys))
        yield self._key(first.binding, item.key_display, item.description, first.enabled,
                        tooltip, "" if item.description else "-bare")

    def _key(self, binding: "Binding", key_display: str, description: str, enabled: bool,
             tooltip: str, classes: str) -> FooterKey:
        key = FooterKey(binding.key, key_display, description, binding.action,
                        disabled=not enabled, tooltip=tooltip, classes=classes)
        if "-command-palette" not in classes:
            key.data_bind(compact=TextualFooter.compact)
        return key

    def _available_width(self) -> int:
        # The terminal's width less the screen's frame (production's border, ui/production.py).
        return self.app.size.width - self.screen.styles.gutter.width

    def on_resize(self, event: events.Resize) -> None:
        # Textual's footer keeps its keys on a resize; what fits depends on the width.
        if self._bindings_ready and event.size.width and (
            self._available_width() != self._composed_width
        ):
            self.call_after_refresh(self.recompose)


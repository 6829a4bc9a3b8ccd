"""The footer in the current language, fitted to the terminal's width.

Binding descriptions are class attributes, written once in English (marked with `N_`):
this footer translates them each time it plans its keys, so switching the language needs no
new bindings. The switch refreshes the bindings (`WalletApp.choose_language`): the footer in
sight plans again and, its words being new, puts its keys up again (`rebuild`); a screen out
of sight does the same when it is next shown, as Textual refreshes its bindings then.

At 80 columns Textual's footer cuts whatever comes last (F9 Inspector went first, in ASCII
mode where Enter is five letters). This one lays the keys out as Textual does while they
fit, and otherwise gives up the least important first, one step at a time: the screen keys
become a range (`F2-F8 F12 screens`), Quit goes (Ctrl+Q still quits, the palette has it),
the palette key and the screen range lose their words, the screen's secondary keys go from
the last, and at the very end F9 loses its word. The screen's main key (its first) and F9
always stay. Widths are counted the way Textual's footer styles lay them out.

The key widgets are this module's own (Textual's live in a private module), drawn and
styled as Textual's are, so Textual's footer styles apply to them by name. A rebuilt key
holds no binding to the footer (no `data_bind`): Textual drops such a binding only when the
bound value changes, so every rebuild used to leave its keys alive, and a day at the desk
grew by hundreds of MB."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets import Label

from ..i18n import N_, _

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen

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

class KeyGroup(HorizontalGroup):
    """Keys shown side by side under one label (Textual's footer styles it by this name)."""

    DEFAULT_CSS = """
    KeyGroup {
        width: auto;
    }
    """


class FooterLabel(Label):
    """A group's words."""


class FooterKey(Widget):
    """One key and its words; a click presses the key. Drawn as Textual's footer key is,
    with no reactive state: `-compact` (the palette key's look, as in Textual) is a class."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    FooterKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-compact {
            .footer-key--key {
                padding: 0;
            }
            .footer-key--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    def __init__(self, key: str, key_display: str, description: str, action: str, *,
                 disabled: bool = False, tooltip: str = "", classes: str = "") -> None:
        self.key = key
        self.key_display = key_display
        self.description = description
        self.action = action
        self.inactive = disabled
        super().__init__(classes=f"{classes} -disabled" if disabled else classes)
        self.set_reactive(Widget.shrink, False)
        if tooltip:
            self.tooltip = tooltip

    def show(self, key: str, key_display: str, description: str, action: str, *,
             disabled: bool, tooltip: str, classes: str) -> None:
        """Becomes another key in place: cheaper than a new widget, which is garbage for a
        full collection when the keys change again (issue 15)."""
        self.key, self.action, self.inactive = key, action, disabled
        drawn = (self.key_display, self.description)
        self.key_display, self.description = key_display, description
        wanted = set((f"{classes} -disabled" if disabled else classes).split())
        if wanted != set(self.classes):
            self.set_classes(wanted)
        self.tooltip = tooltip or None
        if drawn != (key_display, description):
            self.refresh(layout=True)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        words_style = self.get_component_rich_style("footer-key--description")
        if self.description:
            key_pad = self.get_component_styles("footer-key--key").padding
            words_pad = self.get_component_styles("footer-key--description").padding
            text = Text.assemble(
                (" " * key_pad.left + self.key_display + " " * key_pad.right, key_style),
                (" " * words_pad.left + self.description + " " * words_pad.right, words_style),
            )
        else:
            text = Text.assemble((self.key_display, key_style))
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        if self.inactive:
            self.app.bell()
        else:
            self.app.simulate_key(self.key)


def _widgets_for(keys: list[FooterKey],
                 plan: Plan) -> tuple[list[FooterKey | None], list[FooterKey]]:
    """The key widget for each key of the plan (None: a new one), and those left over. The
    palette key's widget stays the palette key (docked right, it sits anywhere among the
    keys): a key more or fewer before it would otherwise turn it into another key and
    another into it, and each change of classes restyles a key (a Textual style pass, a
    dozen objects in cycles)."""
    palette = next((key for key in keys if PALETTE_CLASS in key.classes), None)
    others = iter([key for key in keys if key is not palette])
    widgets: list[FooterKey | None] = []
    for spec in plan:
        if spec[-1] == PALETTE_CLASSES and palette is not None:
            widgets.append(palette)
            palette = None
        else:
            widgets.append(next(others, None))
    spares = list(others) + ([palette] if palette is not None else [])
    return widgets, spares


KEY, GROUPED, LABEL = "key", "grouped", "label"  # the kinds of widget a footer puts up
PALETTE_CLASSES = "-command-palette -compact"  # i18n: keep (CSS classes: Textual's look)
PALETTE_CLASS = PALETTE_CLASSES.split()[0]  # the one that tells the palette key

# What one rebuild would put up: (kind, key, shown key, words, action, enabled, tooltip,
# classes) per widget, for telling whether a rebuild would change anything.
Plan = tuple[tuple[object, ...], ...]


class Footer(TextualFooter):
    DEFAULT_CSS = """
    Footer FooterKey.-bare {
        padding: 0 1;
    }
    """

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._composed_width = 0
        self._composed_plan: Plan | None = None
        self.keys_known = False  # the screen's bindings reported once: there is something to show

    def compose(self) -> ComposeResult:
        plan = self.plan() if self.keys_known else ()
        self._composed_width = self._available_width()
        self._composed_plan = plan
        grouped: list[FooterKey] = []  # keys of one group, put up together
        for kind, key, shown, words, action, enabled, tooltip, classes in plan:
            if kind != GROUPED and grouped:
                yield KeyGroup(*grouped)
                grouped = []
            if kind == LABEL:
                yield FooterLabel(words)
                continue
            widget = self._key((kind, key, shown, words, action, enabled, tooltip, classes))
            if kind == GROUPED:
                grouped.append(widget)
            else:
                yield widget
        if grouped:
            yield KeyGroup(*grouped)

    @staticmethod
    def _key(spec: tuple[object, ...]) -> FooterKey:
        _kind, key, shown, words, action, enabled, tooltip, classes = spec
        return FooterKey(key, shown, words, action, disabled=not enabled,  # type: ignore[arg-type]
                         tooltip=tooltip, classes=classes)  # type: ignore[arg-type]

    def bindings_changed(self, screen: "Screen") -> None:
        # As Textual's footer does.
        self.keys_known = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.rebuild)

    async def rebuild(self) -> None:
        """Puts the keys up again, unless they would be the very same. Textual's footer
        recomposes on every bindings change (each focus move), and each rebuild's key
        widgets became garbage that only a full collection frees — the longest pauses of a
        day (issue 15). So keys alone (no group: what an 80-column footer shows) become the
        new keys in place; a key fewer is hidden at the end, kept for when it comes back (a
        removed key's lines stay in a Textual cache of 1 024 widgets' lines, in the way of
        every full collection), and a key more takes a hidden one or is mounted."""
        if not self.is_attached:
            return
        plan = self.plan()
        if plan == self._composed_plan:
            return
        keys = list(self.query_children(FooterKey))
        if len(keys) != len(self.children) or any(spec[0] != KEY for spec in plan):
            await self.recompose()
            return
        self._composed_plan, self._composed_width = plan, self._available_width()
        widgets, spares = _widgets_for(keys, plan)
        for widget, spec in zip(widgets, plan):
            if widget is None:
                continue
            _kind, key, shown, words, action, enabled, tooltip, classes = spec
            widget.show(key, shown, words, action, disabled=not enabled,  # type: ignore[arg-type]
                        tooltip=tooltip, classes=classes)  # type: ignore[arg-type]
            if not widget.display:
                widget.display = True
        for spare in spares:
            if spare.display:
                spare.display = False
        # The keys after the last widget there was: the palette key, docked right, is out
        # of the row they continue.
        new = [self._key(spec) for widget, spec in zip(widgets, plan) if widget is None]
        if new:
            await self.mount_all(new)

    def plan(self) -> Plan:
        """The widgets the footer shows at the app's width, as data."""
        shown, palette = fit(*self.planned_items(), self._available_width())
        plan: list[tuple[object, ...]] = []
        for item in shown:
            plan.extend(self._specs(item))
        if palette is not None:
            [(binding, enabled)] = [(active.binding, active.enabled)
                                    for active in palette.bindings]
            plan.append((KEY, binding.key, palette.key_display, palette.description,
                         binding.action, enabled, _(binding.tooltip or binding.description),
                         PALETTE_CLASSES))
        return tuple(plan)

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

    def _specs(self, item: FooterItem) -> list[tuple[object, ...]]:
        if item.is_group and not item.ranged:
            specs: list[tuple[object, ...]] = [
                (GROUPED, active.binding.key, key, "", active.binding.action, active.enabled,
                 _(active.tooltip or active.binding.description), "-grouped")
                for active, key in zip(item.bindings, item.keys)
            ]
            if item.description:
                specs.append((LABEL, "", "", item.description, "", True, "", ""))
            return specs
        first = item.bindings[0]
        tooltip = _(first.tooltip) if first.tooltip else ""
        if item.ranged:
            tooltip = "  ".join(f"{key} {_(active.binding.description)}"
                                for active, key in zip(item.bindings, item.keys))
        return [(KEY, first.binding.key, item.key_display, item.description,
                 first.binding.action, first.enabled, tooltip,
                 "" if item.description else "-bare")]

    def _available_width(self) -> int:
        # The terminal's width less the screen's frame (production's border, ui/production.py).
        return self.app.size.width - self.screen.styles.gutter.width

    def on_resize(self, event: events.Resize) -> None:
        # Textual's footer keeps its keys on a resize; what fits depends on the width.
        if self.keys_known and event.size.width and (
            self._available_width() != self._composed_width
        ):
            self.call_after_refresh(self.rebuild)


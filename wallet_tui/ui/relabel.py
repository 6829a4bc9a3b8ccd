"""Redrawing a screen in another language without losing what is on it.

A screen's labels are made when it is composed, so a new language means composing it again.
Recomposing builds fresh widgets, so first the state a person put there is noted, by the
widgets' ids, and put back afterwards, quietly (no Changed messages: nothing re-validates,
re-fills or re-sends): typed text, choices, ticks, the shown step of a switcher, the
highlighted option and options added while the screen was used, error lines, texts the
screen wrote into empty widgets (notices, results, banners) and classes set on the way.
Then the screen's own `language_changed()`, if it has one, redraws in the new language what
it drew itself (a wallet card, a history page, a payment summary).

A widget with state of its own that no generic rule covers offers `relabel_state()` and
`restore_relabel_state(state)`.

Composing a screen again costs Textual a tenth of a second or more (every widget is mounted
and styled anew), so a language switch relabels only the screens in sight; the others are
marked stale (`mark_stale`) and relabelled just before they are next shown.

While screens are being relabelled the operator's input must not act on them: a key meant
for the palette (or typed at what was drawn before) would land on whatever screen is under
it, say Enter on a refill. The app's `InputGate` (input_gate.py) keeps keys, pastes and
clicks away meanwhile."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, OptionList, Select, Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import Option

from .widgets.form import Field

if TYPE_CHECKING:
    from textual.widgets import TextArea

# Screens composed in a language no longer in use, relabelled when next shown.
_stale: WeakSet[Screen[Any]] = WeakSet()


def _text_area_class() -> "type[TextArea] | None":
    """TextArea, if any screen has loaded it: importing it costs a few hundredths of a
    second, and without its module there is no TextArea to keep."""
    module = sys.modules.get("textual.widgets._text_area")
    return getattr(module, "TextArea", None)


def _quiet() -> tuple[type[Any], ...]:
    quiet: list[type[Any]] = [
        Input.Changed, Select.Changed, ToggleButton.Changed, OptionList.OptionHighlighted,
    ]
    text_area = _text_area_class()
    if text_area is not None:
        quiet.append(text_area.Changed)
    return tuple(quiet)


@dataclass
class _Kept:
    values: dict[str, Any] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    contents: dict[str, Any] = field(default_factory=dict)
    options: dict[str, tuple[list[Option], int | None]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    disabled: dict[str, bool] = field(default_factory=dict)
    own: dict[str, Any] = field(default_factory=dict)
    focused: str | None = None


def _path(widget: Widget, screen: Screen[Any]) -> str | None:
    """The widget's ids from the screen down: ids need only be unique among siblings."""
    if not widget.id:
        return None
    ids = [widget.id]
    for ancestor in widget.ancestors:
        if ancestor is screen:
            break
        if isinstance(ancestor, Widget) and ancestor.id:
            ids.append(ancestor.id)
    return "/".join(reversed(ids))


def _by_path(screen: Screen[Any]) -> dict[str, Widget]:
    found: dict[str, Widget] = {}
    for widget in screen.query("*"):
        path = _path(widget, screen)
        if path is not None:
            found.setdefault(path, widget)
    return found


def _is_blank(content: Any) -> bool:
    if content is None:
        return True
    if isinstance(content, str):
        return not content
    plain = getattr(content, "plain", None)
    return isinstance(plain, str) and not plain


def _note(screen: Screen[Any]) -> _Kept:
    kept = _Kept()
    text_area = _text_area_class() or ()
    for path, widget in _by_path(screen).items():
        kept.classes[path] = frozenset(widget.classes)
        # Set by the screen on the way (a button while busy, a box with no keyring to use).
        kept.disabled[path] = widget.disabled
        if hasattr(widget, "relabel_state"):
            kept.own[path] = widget.relabel_state()
        if isinstance(widget, Input):
            kept.values[path] = widget.value
        elif isinstance(widget, text_area):
            kept.values[path] = widget.text
        elif isinstance(widget, Select):
            kept.values[path] = widget.value
        elif isinstance(widget, ToggleButton):
            kept.values[path] = widget.value
        elif isinstance(widget, ContentSwitcher):
            kept.values[path] = widget.current
        elif isinstance(widget, OptionList):
            kept.options[path] = (list(widget.options), widget.highlighted)
        elif isinstance(widget, Field):
            kept.errors[path] = widget.error
        elif isinstance(widget, Static) and not _is_blank(widget.content):
            kept.contents[path] = widget.content
    focused = screen.focused
    kept.focused = _path(focused, screen) if focused is not None else None
    return kept


def _put_back(screen: Screen[Any], kept: _Kept) -> None:
    widgets = _by_path(screen)
    text_area = _text_area_class() or ()
    with screen.prevent(*_quiet()):
        for path, value in kept.values.items():
            widget = widgets.get(path)
            if isinstance(widget, Input):
                widget.value = value
            elif isinstance(widget, text_area):
                widget.load_text(value)
            elif isinstance(widget, Select):
                widget.value = value
            elif isinstance(widget, ToggleButton):
                widget.value = value
            elif isinstance(widget, ContentSwitcher):
                widget.current = value
        for path, (options, highlighted) in kept.options.items():
            widget = widgets.get(path)
            if not isinstance(widget, OptionList):
                continue
            if widget.option_count < len(options):
                # Options added while the screen was used (not by compose): keep them.
                widget.clear_options()
                widget.add_options(
                    Option(option.prompt, id=option.id, disabled=option.disabled)
                    for option in options
                )
            if highlighted is not None and highlighted < widget.option_count:
                widget.highlighted = highlighted
        for path, content in kept.contents.items():
            widget = widgets.get(path)
            # Only what the screen wrote into a widget composed empty: composed texts are
            # already in the new language.
            if isinstance(widget, Static) and _is_blank(widget.content):
                widget.update(content)
        for path, classes in kept.classes.items():
            widget = widgets.get(path)
            if widget is not None and frozenset(widget.classes) != classes:
                widget.set_classes(classes)
        for path, error in kept.errors.items():
            widget = widgets.get(path)
            if isinstance(widget, Field) and error:
                widget.show_error(error)
        for path, disabled in kept.disabled.items():
            widget = widgets.get(path)
            if widget is not None and widget.disabled != disabled:
                widget.disabled = disabled
        for path, state in kept.own.items():
            widget = widgets.get(path)
            if widget is not None and hasattr(widget, "restore_relabel_state"):
                widget.restore_relabel_state(state)
    focus = widgets.get(kept.focused) if kept.focused else None
    if focus is not None and focus.focusable:
        screen.set_focus(focus, scroll_visible=False)


async def relabel(screen: Screen[Any]) -> None:
    """Composes `screen` again in the current language, keeping what was on it.

    It is done by the screen itself, between two of its messages: an answer or an event
    the screen handles (a history page arriving, a table's row highlighted) then never finds
    it half composed, and what its old widgets posted meanwhile is handled after, against
    the new ones."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def relabel_now() -> None:
        try:
            await _relabel(screen)
        except Exception as error:  # raised where it was asked for (the app's worker)
            done.set_exception(error)
        else:
            done.set_result(None)

    if not screen.call_later(relabel_now):
        return  # the screen is closing: there is nothing to draw again
    while not done.done():
        # A screen closed meanwhile (a login dismissed) drops its queue, this call with it.
        if not screen.is_running:
            return
        await asyncio.wait({done}, timeout=0.05)
    done.result()


async def _relabel(screen: Screen[Any]) -> None:
    from .i18n import _

    _stale.discard(screen)
    title = type(screen).TITLE
    if title:
        screen.title = _(title)
    kept = _note(screen)
    await screen.recompose()
    _put_back(screen, kept)
    redraw = getattr(screen, "language_changed", None)
    if callable(redraw):
        redraw()


def mark_stale(screens: Iterable[Screen[Any]]) -> None:
    """These screens are in the old language: `relabel` them before they are shown."""
    _stale.update(screens)


def stale(screens: Iterable[Screen[Any]]) -> list[Screen[Any]]:
    """Those of `screens` still to be relabelled, in their order."""
    return [screen for screen in screens if screen in _stale]

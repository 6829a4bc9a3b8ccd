"""A language switch: every widget that keeps its source text draws it again, in place.

Nothing is composed again, so nothing has to be put back: typed text, the focus, cursors,
selections, open dialogs and results stay as they are, and keys typed meanwhile go where
they always go. What keeps its source:
- a Static's (a Label's) content given as `Words` (what `_()` / `ngettext()` return, kept
  through `.format()`) or as `Later(build)` (content a screen builds from several texts);
- an input's placeholder, a widget's tooltip, an option's prompt, a screen's title and
  sub-title given as `Words`;
- the desk's `Button`, `Checkbox` and `Select` (widgets/labelled.py), which keep the label
  Textual's own turn into styled content;
- any widget or screen with a `retranslate()` of its own, for what it draws itself.
A text made by joining translations (`+`, an f-string) is a plain `str`: it stays as it was
drawn until its screen draws it again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from .i18n import Later, Words, _


def retranslate(screens: Iterable[Screen[Any]]) -> None:
    """Draws every text of `screens` that keeps its source in the current language."""
    for screen in screens:
        if not screen.is_attached:
            continue
        _screen_texts(screen)
        for widget in list(screen.walk_children(Widget)):
            _widget_texts(widget)
        own = getattr(screen, "retranslate", None)
        if callable(own):
            own()


def _screen_texts(screen: Screen[Any]) -> None:
    title = type(screen).TITLE
    if title:
        screen.title = _(title)
    if isinstance(screen.sub_title, Words):
        screen.sub_title = screen.sub_title.again()


def _widget_texts(widget: Widget) -> None:
    if isinstance(widget.tooltip, Words):
        widget.tooltip = widget.tooltip.again()
    if isinstance(widget, Static):
        content = widget.content
        if isinstance(content, Words):
            widget.update(content.again())
        elif isinstance(content, Later):
            widget.update(content)
    elif isinstance(widget, Input):
        if isinstance(widget.placeholder, Words):
            widget.placeholder = widget.placeholder.again()
    elif isinstance(widget, OptionList):
        for index, option in enumerate(widget.options):
            if isinstance(option.prompt, Words):
                widget.replace_option_prompt_at_index(index, option.prompt.again())
    own = getattr(widget, "retranslate", None)
    if callable(own):
        own()

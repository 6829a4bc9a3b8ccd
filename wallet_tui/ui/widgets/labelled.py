"""Textual's Button, Checkbox and Select, keeping their labels' source text.

Textual's own turn a label into styled content as it is given, so its source (the `Words`
`_()` returned) is lost; these keep it and draw it again in a new language
(`retranslate()`, called by ui/retranslate.py on a language switch)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from textual import widgets
from textual.widget import Widget

from wallet_tui.ui.i18n import Words


class KeptLabel:
    """What Button and Checkbox share: the label as given (`source`), set again in the new
    language when it was made by `_()`."""

    source: Any
    label: Any

    def retranslate(self) -> None:
        if isinstance(self.source, Words):
            self.source = self.source.again()
            self.label = self.source
            # Textual sizes a label only when it is first set.
            cast(Widget, self).refresh(layout=True)


class Button(KeptLabel, widgets.Button):
    def __init__(self, label: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(label, *args, **kwargs)
        self.source = label


class Checkbox(KeptLabel, widgets.Checkbox):
    def __init__(self, label: Any = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(label, *args, **kwargs)
        self.source = label


class Select(widgets.Select[Any]):
    def __init__(self, options: Iterable[tuple[Any, Any]], *args: Any, **kwargs: Any) -> None:
        self.source = list(options)
        super().__init__(self.source, *args, **kwargs)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        self.source = list(options)
        super().set_options(self.source)

    def retranslate(self) -> None:
        if not any(isinstance(prompt, Words) for prompt, _value in self.source):
            return
        options = [(prompt.again() if isinstance(prompt, Words) else prompt, value)
                   for prompt, value in self.source]
        value = self.value
        with self.prevent(widgets.Select.Changed):
            self.set_options(options)
            self.value = value

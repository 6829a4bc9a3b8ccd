"""The footer in the current language.

Binding descriptions are class attributes, written once in English (marked with `N_`):
this footer translates them each time it is drawn, so switching the language needs no new
bindings, only a footer redraw (which recomposing a screen does)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey, FooterLabel

from ..i18n import N_, _

# Textual's own words our footer shows (the palette key), for the catalogue.
TEXTUAL_WORDS = (N_("palette"), N_("Open the command palette"))


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = _(widget.tooltip)
            elif isinstance(widget, FooterLabel):
                widget.update(_(str(widget.content)))
            yield widget

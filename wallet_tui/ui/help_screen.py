"""F1 (and the palette's "Keys"): the keys of the screen in sight, built from its bindings.

Each binding of the desk has an id and a tooltip (app.py, screens/*.py). Shown here: every
key that works now on the screen underneath (its focused widget's, the screen's and the
app's, as Textual's `Screen.active_bindings` finds them), with what it does and its id, the
name a user's `[keymap]` gives it new keys by (docs/config.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from .i18n import N_, Later, _

KEY_WIDTH = 12


def keys_text(app: Any, screen: Screen) -> Text:
    """One entry per key that works now on `screen`: key, what it does, why, its id."""
    text = Text()
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.id or (binding.id, key) in seen:
            continue
        seen.add((binding.id, key))
        shown = app.get_key_display(binding)
        text.append(shown.ljust(KEY_WIDTH), style="bold")
        text.append(_(binding.description) if binding.description else binding.action)
        if active.tooltip or binding.tooltip:
            text.append(" — " + _(active.tooltip or binding.tooltip))
        text.append("\n" + " " * KEY_WIDTH + binding.id + "\n", style="dim")
    text.append("Tab".ljust(KEY_WIDTH), style="bold")
    text.append(_("Next field (Shift+Tab: the one before)") + "\n")
    return text


class KeysHelp(ModalScreen[None]):
    CSS_PATH = "help_screen.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,f1", "close", N_("Close"), id="help.close",
                tooltip=N_("Close the keys and go back")),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self._under = screen

    def compose(self) -> ComposeResult:
        from .screens import BY_NAME

        entry = BY_NAME.get(getattr(self._under, "SCREEN_NAME", ""))
        source = entry.title if entry else getattr(self._under, "TITLE", None)
        title = _(source) if source else ""
        with Vertical(id="keys-dialog"):
            yield Static(_("Keys: {screen}  (Esc or F1 closes)").format(screen=title),
                         id="keys-title")
            with VerticalScroll(id="keys-scroll"):
                yield Static(Later(lambda: keys_text(self.app, self._under)), id="keys-list")
            yield Static(_("The grey names are binding ids: give them other keys in the "
                           "config file's [keymap] (docs/config.md)."),
                         id="keys-note", markup=False)  # [keymap] is the table's name, not markup

    def action_close(self) -> None:
        self.dismiss(None)

"""The command palette's entries (Ctrl+P): Textual's own, translated, and the desk's:
every screen, the inspector, copy, save, log in again, the languages. A part of `WalletApp`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from . import screens as registry
from .i18n import LANGUAGE_COMMANDS, LANGUAGES, N_, _

if TYPE_CHECKING:
    from textual.screen import Screen

# Textual's own palette entries, for the catalogue (shown through `_()`).
TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


class PaletteCommands:
    """The palette entries of WalletApp."""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            help_text, callback = command.help, command.callback
            if command.title == "Keys":
                # Ours, built from the bindings' tooltips, not Textual's generic panel.
                help_text = N_("The keys of the screen in sight, what each does (F1)")
                callback = self.action_keys_help
            yield SystemCommand(_(command.title), _(help_text), callback, command.discover)
        if self.logged_in:
            for entry in registry.SCREENS:
                if registry.is_available(entry.name):
                    yield SystemCommand(
                        f"{_(entry.title)} ({entry.key.upper()}, {entry.alias})",
                        _(entry.help),
                        lambda name=entry.name: self.action_show(name),
                    )
        yield SystemCommand(
            _("Exchange inspector (F9)"), _("Show or hide every HTTP exchange of the session"),
            self.action_toggle_inspector,
        )
        yield SystemCommand(
            _("Copy exchange as curl"),
            _("The selected exchange (or the last) as a curl command"),
            self.action_copy_exchange,
        )
        yield SystemCommand(
            _("Save exchanges to a file"), _("The session's exchanges as JSON in the data dir"),
            self.action_save_exchanges,
        )
        yield SystemCommand(
            _("Save session report"),
            _("Every exchange as Markdown and HTML for the partner or support"),
            self.action_save_report,
        )
        if not self._login_showing():
            yield SystemCommand(
                _("Log in again / switch profile"), _("Show the login screen"), self.action_login
            )
        for language in LANGUAGES:
            # Each named in its own language: whoever cannot read the current one finds theirs.
            title, help_text = LANGUAGE_COMMANDS[language]
            yield SystemCommand(
                title, help_text, lambda language=language: self.choose_language(language)
            )

"""Leaving the desk. Ctrl+Q asks first while a money operation is in flight and says what
will happen to it; SIGHUP (the terminal went away: an SSH drop) and SIGTERM end the desk as
a quit does, giving the terminal back. Nothing needs saving on the way out: every money
operation was in the journal before it was sent (wallet_tui/journal)."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding

from .i18n import N_, _
from .screens.modals import ConfirmModal

if TYPE_CHECKING:
    from textual.app import App

    from wallet_tui.journal import Entry

ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)


def end_on_signals(app: "App[Any]") -> None:
    """SIGHUP and SIGTERM end `app` through App.exit (called in its running loop)."""
    loop = asyncio.get_running_loop()
    for signum in ENDING_SIGNALS:
        loop.add_signal_handler(signum, _ended_by_signal, app, signum)


def _ended_by_signal(app: "App[Any]", signum: int) -> None:
    if signum == signal.SIGHUP:
        _write_nowhere()
    app.exit(return_code=128 + signum)  # the shell's convention: 129 for SIGHUP


def _write_nowhere() -> None:
    """The terminal is gone: what would still be written to it (the driver giving the
    terminal back, Python's last flush) goes to /dev/null instead of failing with EIO,
    which would turn a clean end into exit status 120."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        for fd in (1, 2):
            os.dup2(null, fd)
    finally:
        os.close(null)


class QuitModal(ConfirmModal):
    """"Quit while a refill is in flight?" Dismisses True to quit. A second Ctrl+Q while it
    is shown quits too (WalletApp.action_quit)."""

    CSS_PATH = "screens/modals.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("y", "answer(True)", N_("Quit"), id="quit.yes",
                tooltip=N_("Quit: the operation in flight stays open in the journal")),
        Binding("n,escape", "answer(False)", N_("Stay"), id="quit.no",
                tooltip=N_("Stay at the desk")),
    ]

    def __init__(self, entries: "list[Entry]") -> None:
        super().__init__(_("Quit while an operation is in flight?"), in_flight_text(entries),
                         yes=N_("Quit"), no=N_("Stay"), focus_yes=False)


def in_flight_text(entries: "list[Entry]") -> Text:
    from .screens.journal_words import entry_line

    text = Text()
    text.append(_("No answer has come yet for:") + "\n")
    for entry in entries:
        text.append("  " + entry_line(entry) + "\n", style="bold")
    text.append(
        "\n" + _("If you quit now, the service may still carry it out. It stays open in the "
                 "journal and is shown at your next login, where you can check its outcome, "
                 "retry it with the same key or set it aside.")
    )
    return text

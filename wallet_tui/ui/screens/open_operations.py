"""Shown first after a login when the journal holds operations of this profile and partner
left without a definite answer (the desk quit, was killed or lost its terminal while one was
in flight, or the operator stopped waiting). For each: check the outcome with the service,
retry it with the same Idempotency-Key while the service keeps keys (24 h), or set it aside
with a note. Each settles the entry once; Esc leaves the rest for the next login."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from wallet_tui.ui.widgets.labelled import Button
from wallet_tui.journal import JournalError
from wallet_tui.journal.operations import check, send
from wallet_tui.ui.i18n import N_, _
from wallet_tui.ui.widgets.footer import Footer

from .journal_words import entry_line, utc_time

if TYPE_CHECKING:
    from wallet_tui.journal import Entry, Journal
    from wallet_tui.journal.operations import Finding, Sent


class OpenOperationsScreen(ModalScreen[None]):
    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[Any]] = [
        Binding("c", "check", N_("Check outcome"), id="open-operations.check",
                tooltip=N_("Ask the service what became of the operation")),
        Binding("r", "retry", N_("Retry, same key"), id="open-operations.retry",
                tooltip=N_("Send it again with the same Idempotency-Key: never booked twice")),
        Binding("a", "set_aside", N_("Set aside"), id="open-operations.set-aside",
                tooltip=N_("Close the entry with a note, sending nothing")),
        Binding("escape", "later", N_("Later"), id="open-operations.later",
                tooltip=N_("Leave the rest for the next login")),
    ]

    def __init__(self, journal: "Journal", entries: "list[Entry]") -> None:
        super().__init__()
        self.journal = journal
        self.entries = list(entries)
        self._busy: str | None = None  # the key of the entry being checked or retried

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="open-dialog"):
            yield Static(_("Operations left open"), id="dialog-title")
            yield Static(
                _("No definite answer came for these when the desk last ran: the service may "
                  "or may not have carried them out. Resolve each before going on."),
                id="open-intro",
            )
            yield OptionList(*self._options(), id="open-list")
            yield Static("", id="open-detail")
            yield Static("", id="open-answer")
            yield Input(placeholder=_("A note: why it is set aside"), id="open-note",
                        max_length=200)
            with Horizontal(id="dialog-buttons"):
                yield Button(_("Check outcome") + " (c)", id="open-check", variant="primary")
                yield Button(_("Retry, same key") + " (r)", id="open-retry")
                yield Button(_("Set aside") + " (a)", id="open-aside")
        yield Footer()

    def _options(self) -> list[Option]:
        return [Option(f"{entry_line(e)}  · {utc_time(e.created_at)}", id=e.key)
                for e in self.entries]

    def on_mount(self) -> None:
        options = self.query_one("#open-list", OptionList)
        options.highlighted = 0
        options.focus()
        self._show_detail()

    # -- the entry in sight ------------------------------------------------------------------

    @property
    def current(self) -> "Entry | None":
        # None too while the dialog closes: the footer asks check_action of its bindings
        # after Esc has taken the list away (it took the desk down once).
        options = self.query_one_optional("#open-list", OptionList)
        index = None if options is None else options.highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    @on(OptionList.OptionHighlighted, "#open-list")
    def _highlighted(self) -> None:
        self._show_detail()
        self._say(None)

    def _show_detail(self) -> None:
        entry = self.current
        text = Text()
        if entry is not None:
            labels = [("Idempotency-Key", entry.key), ("externalId", entry.external_id),
                      ("requestId", entry.request_id), (_("first sent"), utc_time(entry.created_at)),
                      (_("tries"), str(entry.attempts)), (_("last known"), entry.outcome)]
            width = max(len(label) for label, _value in labels)
            for label, value in labels:
                if value:
                    text.append(label.ljust(width) + "  ", style="dim")
                    text.append(value + "\n")
            now = self.journal.now()
            if not entry.can_retry(now):
                text.append(_("The service keeps a key for 24 hours and this one is older: a "
                              "retry could carry it out twice. Check the outcome, or set it "
                              "aside."), style="bold")
        self.query_one("#open-detail", Static).update(text)
        self.query_one("#open-retry", Button).disabled = (
            entry is None or not entry.can_retry(self.journal.now()))

    def _say(self, text: "Text | str | None") -> None:
        self.query_one("#open-answer", Static).update(text or "")

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("check", "retry", "set_aside"):
            return self.current is not None and self._busy is None
        return True

    @on(Button.Pressed, "#open-check")
    def action_check(self) -> None:
        entry = self.current
        if entry is None or self._busy:
            return
        self._busy = entry.key
        self._say(_("Asking the service…"))
        self.app.gateway.call(self, lambda client: check(client, entry), self._checked,
                              self._check_failed)
        self.refresh_bindings()

    @on(Button.Pressed, "#open-retry")
    def action_retry(self) -> None:
        entry = self.current
        if entry is None or self._busy:
            return
        if not entry.can_retry(self.journal.now()):
            self._show_detail()
            return
        from ..gateway import Journalled

        journal = self.journal

        def attempt() -> "Entry":
            journal.attempt(entry.key)
            return entry

        self._busy = entry.key
        self._say(_("Sending it again with the same key…"))
        self.app.gateway.call(self, lambda client: send(client, entry), self._retried,
                              self._retry_failed, idempotency_key=entry.key,
                              journalled=Journalled(attempt))
        self.refresh_bindings()

    @on(Button.Pressed, "#open-aside")
    def action_set_aside(self) -> None:
        entry = self.current
        if entry is None or self._busy:
            return
        note_input = self.query_one("#open-note", Input)
        note = note_input.value.strip()
        if not note:
            self._say(_("Write a note first: why is it set aside?"))
            note_input.focus()
            return
        try:
            self.journal.set_aside(entry.key, note)
        except JournalError as error:
            self._say(_("The journal cannot be written ({error}).").format(
                error=error.strerror or error))
            return
        note_input.value = ""
        self._resolved(entry, _("Set aside."))

    @on(Input.Submitted, "#open-note")
    def _note_submitted(self) -> None:
        self.action_set_aside()

    def action_later(self) -> None:
        if self._busy is None:
            self.dismiss(None)

    # -- answers -----------------------------------------------------------------------------

    def _answer_arrived(self) -> "Entry | None":
        """The entry the answer is for (None if it went meanwhile); the dialog is free again."""
        entry = next((e for e in self.entries if e.key == self._busy), None)
        self._busy = None
        self.refresh_bindings()
        return entry

    def _retried(self, answer: "Sent") -> None:
        entry = self._answer_arrived()
        if entry is not None:  # the gateway settled it in the journal
            self._resolved(entry, _("Done: the service answered {answer}.").format(
                answer=answer_words(answer)))

    def _checked(self, finding: "Finding") -> None:
        entry = self._answer_arrived()
        if entry is None:
            return
        if not finding.settles:
            self._say(_("Not carried out so far ({finding}). Retry it with the same key "
                        "(if it is still under way the service says so), or set it aside.")
                      .format(finding=finding.said))
            return
        try:
            self.journal.settle(entry.key, finding.outcome, result=finding.found)
        except JournalError as error:
            self._say(_("The journal cannot be written ({error}).").format(
                error=error.strerror or error))
            return
        ids = [f"{name} {value}" for name, value in finding.found.items() if name.endswith("Id")]
        self._resolved(entry, _("Resolved: {finding}.").format(
            finding="; ".join([str(finding.said), *ids])))

    def _retry_failed(self, error: Exception) -> None:
        entry = self._answer_arrived()
        if entry is None:
            return
        if isinstance(error, JournalError):
            self._say(_("The journal cannot be written ({error}): nothing was sent.")
                      .format(error=error.strerror or error))
            return
        now = self.journal.get(entry.key)
        if now is not None and not now.is_open:  # a definite refusal: the gateway settled it
            self._resolved(entry, _("Done: the service refused it ({error}).").format(
                error=error))
            return
        self._no_answer(error)

    def _check_failed(self, error: Exception) -> None:
        if self._answer_arrived() is not None:
            self._no_answer(error)

    def _no_answer(self, error: Exception) -> None:
        self._say(_("No definite answer: {error}").format(error=error))

    def _resolved(self, entry: "Entry", words: str) -> None:
        index = self.entries.index(entry)
        self.entries.remove(entry)
        self.app.notify(f"{entry_line(entry)}: {words}", title=_("Journal"), timeout=10,
                        markup=False)
        if not self.entries:
            self.dismiss(None)
            return
        options = self.query_one("#open-list", OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = min(index, len(self.entries) - 1)
        self._show_detail()
        self._say(words)


def answer_words(answer: "Sent") -> str:
    from wallet_tui.journal.outcome import success_words

    return success_words(answer)

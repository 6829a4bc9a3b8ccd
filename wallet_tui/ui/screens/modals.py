"""Small dialogs the operation screens open: a confirmation before money moves, and the
list of recently looked-up wallets."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wallet_tui.ui.widgets.labelled import Button
from wallet_tui.ui.i18n import N_, Later, _


class ConfirmModal(ModalScreen[bool]):
    """Asks before an operation is sent; dismisses with True (send) or False (back)."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("y", "answer(True)", N_("Yes, send"),
            id="confirm.yes", tooltip=N_("Yes: send it")),
        Binding("n,escape", "answer(False)", N_("No, back"),
            id="confirm.no", tooltip=N_("No: back to the form, nothing sent")),
    ]

    def __init__(
        self,
        title: str,
        body: Text | str | Later,
        *,
        yes: str = N_("Send"),
        no: str = N_("Back"),
        focus_yes: bool = True,
    ) -> None:
        """`yes` and `no` are the buttons' words in English (translated when shown).
        `focus_yes=False` puts the focus on "no": Enter then goes back and only `y` sends,
        for what is rarely meant (a second Enter is the likeliest slip)."""
        super().__init__()
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no
        self.focus_yes = focus_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="dialog-title")
            yield Static(self.body, id="dialog-body")
            with Horizontal(id="dialog-buttons"):
                yield Button(_(self.yes) + " (y)", id="yes", variant="primary")
                yield Button(_(self.no) + " (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes" if self.focus_yes else "#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class RecentWalletsModal(ModalScreen[str | None]):
    """Picks one of the recently looked-up wallets; dismisses with its id, or None."""

    CSS_PATH = "modals.tcss"
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "close", N_("Close"),
        id="dialog.close", tooltip=N_("Close this dialog"))]

    def __init__(self, recent: list[tuple[str, str]]) -> None:
        """`recent`: (walletId, what to show) pairs, most recent first."""
        super().__init__()
        self.recent = recent

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(_("Recent wallets  (Enter opens, Esc closes)"), id="dialog-title")
            if self.recent:
                yield OptionList(
                    *[Option(label, id=wallet_id) for wallet_id, label in self.recent],
                    id="recent-list",
                )
            else:
                yield Static(_("No wallet looked up yet in this session."), id="dialog-body")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)

"""Choosing a bank from the SBP list: an input that filters the list by name or SBP id as
you type; ↑/↓ move in the list without leaving the input; Enter takes the highlighted bank."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from wallet_tui.ui.i18n import N_, Later, _
from wallet_tui.ui.widgets.form import Field

BankEntry = dict[str, Any]  # {"bankId", "name", "bic"} as the config room's BankCache keeps it


def matches(bank: BankEntry, query: str) -> bool:
    words = query.casefold().split()
    haystack = f"{bank['name']} {bank['bankId']} {bank.get('bic') or ''}".casefold()
    return all(word in haystack for word in words)


def bank_label(bank: BankEntry) -> Text:
    text = Text(bank["name"])
    text.append(f"  {bank['bankId']}", style="dim")
    return text


class BankPicker(Vertical):
    """Posts `BankPicker.Chosen` when a bank is taken (Enter in the filter or on the list)."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("down", "move(1)", N_("Next bank"), show=False,
            id="bank.next", tooltip=N_("Next bank in the list")),
        Binding("up", "move(-1)", N_("Previous bank"), show=False,
            id="bank.previous", tooltip=N_("Previous bank in the list")),
    ]

    class Chosen(Message):
        def __init__(self, picker: "BankPicker", bank: BankEntry) -> None:
            super().__init__()
            self.picker = picker
            self.bank = bank

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.banks: list[BankEntry] = []
        self.shown: list[BankEntry] = []
        self.chosen: BankEntry | None = None

    def compose(self) -> ComposeResult:
        yield Field(_("Bank: name or SBP id"), id=f"{self.id}-filter", wire_name="bankId",
                    placeholder="сбер, т-банк, 100000000111")
        yield OptionList(id=f"{self.id}-list")
        yield Static("", id=f"{self.id}-chosen", classes="bank-chosen")

    @property
    def field(self) -> Field:
        return self.query_one(f"#{self.id}-filter", Field)

    @property
    def option_list(self) -> OptionList:
        return self.query_one(f"#{self.id}-list", OptionList)

    def set_banks(self, banks: list[BankEntry]) -> None:
        self.banks = sorted(banks, key=lambda bank: bank["name"].casefold())
        if self.chosen is not None:
            # Keep the choice if the fresh list still has it, by id.
            chosen_id = self.chosen["bankId"]
            self.chosen = next((b for b in self.banks if b["bankId"] == chosen_id), None)
        self._filter(self.field.value if self.chosen is None else "")

    def _filter(self, query: str) -> None:
        self.shown = [bank for bank in self.banks if matches(bank, query)]
        options = self.option_list
        options.set_options(Option(bank_label(bank), id=bank["bankId"]) for bank in self.shown)
        if self.shown:
            chosen_id = self.chosen["bankId"] if self.chosen else None
            ids = [bank["bankId"] for bank in self.shown]
            options.highlighted = ids.index(chosen_id) if chosen_id in ids else 0

    @property
    def shows_choice(self) -> bool:
        """A bank is chosen and the filter names it (nothing typed over it since)."""
        return self.chosen is not None and self.field.value == self.chosen["name"]

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # Typing only filters: the choice changes by an explicit choice (Enter, a click),
        # never by digits that were meant for another field.
        if event.input is self.field.input:
            event.stop()
            self._filter(event.value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        # Left with a choice made: the filter names the chosen bank again.
        if event.widget is self.field.input and self.chosen is not None and not self.shows_choice:
            self._take(self.chosen["bankId"], announce=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move":
            return self.field.input.has_focus
        return True

    def action_move(self, step: int) -> None:
        if step > 0:
            self.option_list.action_cursor_down()
        else:
            self.option_list.action_cursor_up()

    def take_highlighted(self) -> bool:
        """Enter in the filter: takes the highlighted bank. False if the list is empty."""
        option = self.option_list.highlighted_option
        if option is None:
            self.field.show_error(_("No bank matches: type part of its name or SBP id"))
            return False
        self._take(option.id)
        return True

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._take(event.option.id)

    def _take(self, bank_id: str | None, *, announce: bool = True) -> None:
        bank = next((b for b in self.banks if b["bankId"] == bank_id), None)
        if bank is None:
            return
        self._choose(bank)
        with self.field.input.prevent(Input.Changed):
            self.field.value = bank["name"]
        self._filter("")
        self.field.clear_error()
        if announce:
            self.post_message(self.Chosen(self, bank))

    def _choose(self, bank: BankEntry | None) -> None:
        self.chosen = bank
        line = self.query_one(f"#{self.id}-chosen", Static)
        line.update("" if bank is None else Later(lambda: chosen_line(bank)))


def chosen_line(bank: BankEntry) -> Text:
    text = Text("✔ ", style="green")
    text.append(bank["name"], style="bold")
    sbp = _("SBP")
    text.append(f"  {sbp} {bank['bankId']}", style="dim")
    return text

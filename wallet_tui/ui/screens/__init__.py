"""One module per screen, each with its .tcss beside it.

`SCREENS` is the app shell's registry: the key that shows a screen, its palette entry, and
the module that holds it. A module is imported only when its screen is first shown (start-up
stays fast) and is found by name, so a screen lands in the shell by existing: a module
`wallet_tui/ui/screens/<name>.py` with one `Screen` subclass whose `SCREEN_NAME` is <name>.
Adding a screen to the shell is one line here."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..i18n import N_

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    name: str   # SCREEN_NAME, the app mode's name, and the module's name
    key: str    # the function key that shows it
    title: str  # the palette's title
    help: str   # the palette's line under the title
    alias: str  # a short word that finds it in the palette
    footer: str  # the footer's one word

    @property
    def module(self) -> str:
        return f"{__name__}.{self.name}"


# Texts in English, marked for the catalogue; shown through `_()` (i18n.py).
SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("lookup", "f2", N_("Look up a wallet"),
                N_("Find a wallet by id or phone: balance, level, history"), "l", N_("Lookup")),
    ScreenEntry("registration", "f3", N_("Register a wallet"),
                N_("Open a new wallet for a phone number"), "r", N_("Register")),
    ScreenEntry("identification", "f4", N_("Identification level"),
                N_("Change the wallet's level: ANONYMOUS, SIMPLIFIED, FULL"), "i", N_("Level")),
    ScreenEntry("refill", "f5", N_("Refill"), N_("Put money on the current wallet"), "f",
                N_("Refill")),
    ScreenEntry("payment", "f6", N_("Payment"),
                N_("Pay from the current wallet in two steps"), "p", N_("Pay")),
    ScreenEntry("withdrawal", "f7", N_("Withdrawal"),
                N_("Send money to a bank account by SBP"), "w", N_("Withdraw")),
    ScreenEntry("console", "f8", N_("Raw console"), N_("Any method, path and JSON body"), "c",
                N_("Console")),
    ScreenEntry("demo", "f12", N_("Guided demo"), N_("The whole API story, step by step"), "d",
                N_("Demo")),
)
BY_NAME = {entry.name: entry for entry in SCREENS}


@cache
def is_available(name: str) -> bool:
    """True when the screen's module exists (found without importing it)."""
    entry = BY_NAME.get(name)
    return entry is not None and importlib.util.find_spec(entry.module) is not None


def screen_class(name: str) -> type["Screen"]:
    """The Screen subclass of `name`'s module whose SCREEN_NAME is `name`."""
    from textual.screen import Screen

    module = importlib.import_module(BY_NAME[name].module)
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, Screen)
            and getattr(value, "SCREEN_NAME", None) == name
        ):
            return value
    raise LookupError(f"{module.__name__} has no Screen with SCREEN_NAME = {name!r}")

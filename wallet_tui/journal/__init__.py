"""The durable journal of money operations (docs/journal.md): written and fsynced before a
request leaves, settled on a definite answer, shown at the next login while open. Below the
ui, so the desk, the demo and `check` share it; imports protocol and config."""

from .entries import (
    CONFIRMATION,
    IDENTIFICATION,
    KEY_LIFETIME,
    OPEN,
    PAYMENT,
    REFILL,
    REGISTRATION,
    SET_ASIDE,
    SETTLED,
    WITHDRAWAL,
    Draft,
    Entry,
)
from .outcome import outcome_unknown
from .store import Journal, JournalError, file_name

__all__ = [
    "CONFIRMATION", "IDENTIFICATION", "KEY_LIFETIME", "OPEN", "PAYMENT", "REFILL",
    "REGISTRATION", "SETTLED", "SET_ASIDE", "WITHDRAWAL", "Draft", "Entry", "Journal",
    "JournalError", "file_name", "outcome_unknown",
]

"""The service's words for a wallet's state (status, identification level, an operation's
status) as the operator reads them: in the desk's language, with the wire value beside it,
`Заблокирован (BLOCKED)`. Operators read their language; the provider's support, the error
names (WALLET_BLOCKED) and the other screens speak in the wire values, so both are shown.
Where the desk's word is the wire value itself (English), the wire value alone: `BLOCKED`."""

from __future__ import annotations

from collections.abc import Mapping

from ..i18n import N_, _

WALLET_STATUSES = {"ACTIVE": N_("Active"), "BLOCKED": N_("Blocked")}
LEVELS = {"ANONYMOUS": N_("Anonymous"), "SIMPLIFIED": N_("Simplified"), "FULL": N_("Full")}
OPERATION_STATUSES = {
    "SUCCEEDED": N_("Succeeded"),
    "PROCESSING": N_("Processing"),
    "FAILED": N_("Failed"),
}


def wire_term(wire: str, words: Mapping[str, str]) -> str:
    """`wire` in the desk's language with the wire value beside it; an unknown value as sent."""
    if wire not in words:
        return wire
    word = _(words[wire])
    return wire if word.upper() == wire.upper() else f"{word} ({wire})"


def wallet_status_term(status: str) -> str:
    return wire_term(str(status), WALLET_STATUSES)


def level_term(level: str) -> str:
    return wire_term(str(level), LEVELS)


def operation_status_term(status: str) -> str:
    return wire_term(str(status), OPERATION_STATUSES)

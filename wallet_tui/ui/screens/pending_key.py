"""The life of one money operation's Idempotency-Key as a screen sees it. The key comes from
the journal (wallet_tui/journal): a new entry, and so a new key, for each operation the
operator submits; the open entry's key again when the same request is sent while its outcome
is unknown. The gateway settles the entry on a definite answer; this remembers which entry
the screen's notice is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wallet_tui.journal.outcome import outcome_unknown

if TYPE_CHECKING:
    from wallet_tui.journal import Entry

__all__ = ["PendingKey", "outcome_unknown"]


class PendingKey:
    """The entry of the operation in flight or of unknown outcome."""

    def __init__(self) -> None:
        self.entry: Entry | None = None
        self.unknown = False

    @property
    def key(self) -> str | None:
        return self.entry.key if self.entry is not None else None

    def begin(self, entry: "Entry") -> None:
        """The journal wrote `entry` (`Journal.begin`: a new one, or the open one when this
        retries the same request): the request about to leave goes under its key."""
        self.entry = entry
        self.unknown = False

    def sent(self) -> "Entry":
        """The entry of the request being sent (after `begin`)."""
        if self.entry is None:
            raise RuntimeError("a journalled request built before its entry was written")
        return self.entry

    @property
    def is_retry_pending(self) -> bool:
        return self.entry is not None and self.unknown

    def settle(self, error: BaseException | None = None) -> None:
        """An answer came: keep the entry if it leaves the outcome open, else forget it."""
        if error is not None and outcome_unknown(error):
            self.mark_unknown()
        else:
            self.forget()

    def mark_unknown(self) -> None:
        self.unknown = self.entry is not None

    def forget(self) -> None:
        self.entry = None
        self.unknown = False

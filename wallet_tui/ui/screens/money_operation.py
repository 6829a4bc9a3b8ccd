"""An operation screen that moves money (payment, withdrawal): the life of each operation's
Idempotency-Key as the screen shows it. A new key per operation; the same key again only
for a retry of the same request while its outcome is unknown, and then the screen says how
to check and how to retry (pending_key.py keeps the key, texts.py words the sentence)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.widgets import ContentSwitcher

from wallet_tui.ui.widgets.form import show_api_field_errors

from .operation_screen import OperationScreen
from .texts import unknown_outcome_text

if TYPE_CHECKING:
    from wallet_tui.journal import Draft
    from wallet_tui.journal.operations import Sender

    from .pending_key import PendingKey

T = TypeVar("T")


class MoneyOperationScreen(OperationScreen):
    """Subclasses set NOTICE (where "the outcome is unknown" is said) and call these from
    their submit and from the methods that take the answers."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._switchers: dict[str, ContentSwitcher] = {}

    def shown_in(self, selector: str, default: str) -> str:
        """The id of what the ContentSwitcher `selector` shows; `default` before it is
        composed. The footer asks for each key at every bindings change: the switcher is
        looked for until found, then kept (a query walks the whole screen, and the footer's
        plans spent most of their time in it, issue 15)."""
        switcher = self._switchers.get(selector)
        if switcher is None:
            switcher = next(iter(self.query(selector).results(ContentSwitcher)), None)
            if switcher is None:
                return default
            self._switchers[selector] = switcher
        return switcher.current or default

    def send_money(
        self,
        pending: "PendingKey",
        draft: "Draft",
        sender: "Sender[T]",
        on_success: Callable[[T], object],
        on_failure: Callable[[Exception], object],
        on_abandon: Callable[[str | None], object],
        *,
        waiting: str,
    ) -> bool:
        """Sends a money operation through the journal with its Idempotency-Key: the open
        entry's when this retries the same request after an unknown outcome, else a new one.
        `waiting` is what the busy line says."""
        self.clear_messages()
        return self.send_journalled(pending, draft, sender, on_success, on_failure, on_abandon,
                                    waiting=waiting)

    def money_failed(
        self, pending: "PendingKey", error: Exception, *, what: str, retry_key: str = "Enter"
    ) -> None:
        """A money operation's error: in the banner and under its fields; when it leaves the
        outcome open the key is kept and the NOTICE says how to check and retry.
        `what` names the operation for `unknown_outcome_text`."""
        from wallet_tui.protocol import ApiError

        pending.settle(error)
        self.show_banner(error)
        if isinstance(error, ApiError):
            show_api_field_errors(self, error)
        if pending.is_retry_pending:
            self.show_message(
                self.NOTICE, unknown_outcome_text(what, pending.key, retry_key=retry_key)
            )

    def money_abandoned(
        self, pending: "PendingKey", idempotency_key: str | None, *, what: str,
        retry_key: str = "Enter",
    ) -> None:
        """Esc while a money operation was in flight: its outcome is unknown."""
        pending.mark_unknown()
        self.show_message(
            self.NOTICE, unknown_outcome_text(what, idempotency_key, retry_key=retry_key)
        )

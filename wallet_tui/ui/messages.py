"""Messages the gateway posts to the app. (Answers to a screen's calls are not messages: the
gateway calls the callbacks the screen gave with the call, in the screen's queue.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from wallet_tui.client import Exchange


class ExchangeRecorded(Message):
    """One HTTP exchange happened (secrets already masked by the client)."""

    def __init__(self, exchange: "Exchange") -> None:
        super().__init__()
        self.exchange = exchange


class SessionLost(Message):
    """The session cannot be renewed: the app brings the login screen back."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

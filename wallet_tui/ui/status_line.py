"""The status line: profile · partner · token · wallet, the app's sub_title, which every
Header shows. A part of `WalletApp`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .i18n import _

if TYPE_CHECKING:
    from textual.content import Content

    from wallet_tui.config import Profile
    from wallet_tui.protocol import Wallet


class StatusLine:
    """WalletApp's status line."""

    def watch_current_wallet(self, wallet: "Wallet | None") -> None:
        self.update_status()

    def update_status(self) -> None:
        self._show_environment()
        self.sub_title = status_text(
            self.profile_view,
            self.gateway.token_state if self.logged_in else None,
            self.current_wallet,
            countdown=not self.test_mode,
        )

    def format_title(self, title: str, sub_title: str) -> "Content":
        # A screen without a title of its own shows just the status line: at 80 columns
        # repeating the app's name would cut the current wallet off.
        from textual.content import Content

        if title == self.title and sub_title:
            return Content(sub_title)
        return super().format_title(title, sub_title)


def status_text(
    profile: "Profile",
    token_state: Any,
    wallet: "Wallet | None",
    *,
    countdown: bool = True,
    now: datetime | None = None,
) -> str:
    """profile · partner · token · wallet, short enough for 80 columns."""
    parts = [profile.name]
    if profile.partner_id:
        parts.append(_("partner {partner_id}").format(partner_id=profile.partner_id))
    parts.append(token_text(token_state, countdown=countdown, now=now))
    if wallet is not None:
        parts.append(_("wallet {wallet_id}").format(wallet_id=wallet.wallet_id))
    return " · ".join(parts)


def token_text(token_state: Any, *, countdown: bool = True, now: datetime | None = None) -> str:
    if token_state is None or not getattr(token_state, "logged_in", False):
        return _("not logged in")
    expires = getattr(token_state, "access_expires_at", None)
    if expires is None or not countdown:
        return _("token ok")
    left = int((expires - (now or datetime.now(UTC))).total_seconds())
    if left <= 0:
        return _("token expired · renews on next call")
    return _("token ok {left}").format(left=f"{left // 60}:{left % 60:02d}")

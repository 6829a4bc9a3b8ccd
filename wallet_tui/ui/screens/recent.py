"""Recently looked-up wallets, per profile and partner: kept in the user cache dir by the config room's
RecentWallets, or in memory for the session when that file cannot be used."""

from __future__ import annotations

import logging
from typing import Any

from wallet_tui.protocol import Wallet, format_phone

log = logging.getLogger(__name__)

_SHOWN = 10


def wallet_label(wallet: Wallet) -> str:
    return f"{wallet.wallet_id}  {format_phone(wallet.phone)}  {wallet.display_name}"


_APP_ATTRIBUTE = "_recent_wallet_list"


class RecentList:
    def __init__(self, profile: str, paths: Any = None, partner_id: str = "") -> None:
        self.profile = profile
        self.partner_id = partner_id
        self._memory: list[tuple[str, str]] = []
        try:
            from wallet_tui.config.cache import RecentWallets

            self._store: Any = RecentWallets(paths=paths)
        except Exception as error:  # noqa: BLE001 — no file store: the session's memory will do
            log.info("recent wallets kept in memory only: %s", error)
            self._store = None

    @classmethod
    def for_app(cls, app: Any) -> "RecentList":
        """One per app, profile and partner (the screens come and go; the list stays).
        Logged in as another partner, the list is that partner's: never another's wallets."""
        logged_in = getattr(app, "profile", None)
        profile = getattr(logged_in, "name", None) or "default"
        partner_id = getattr(logged_in, "partner_id", None) or ""
        recent = getattr(app, _APP_ATTRIBUTE, None)
        if recent is None or (recent.profile, recent.partner_id) != (profile, partner_id):
            recent = cls(profile, getattr(app, "paths", None), partner_id)
            setattr(app, _APP_ATTRIBUTE, recent)
        return recent

    def add(self, wallet: Wallet) -> None:
        label = wallet_label(wallet)
        self._memory = [(wallet.wallet_id, label)] + [
            entry for entry in self._memory if entry[0] != wallet.wallet_id
        ][: _SHOWN - 1]
        if self._store is not None:
            try:
                self._store.add(self.profile, wallet.wallet_id, label, self.partner_id)
            except OSError as error:
                log.warning("cannot keep recent wallets: %s", error)
                self._store = None

    def entries(self) -> list[tuple[str, str]]:
        """(walletId, label) pairs, most recent first."""
        if self._store is not None:
            try:
                return [
                    (item.wallet_id, item.label or item.wallet_id)
                    for item in self._store.list(self.profile, self.partner_id)
                ][:_SHOWN]
            except OSError as error:
                log.warning("cannot read recent wallets: %s", error)
        return list(self._memory)

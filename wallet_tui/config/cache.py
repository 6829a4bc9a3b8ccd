"""Caches in the user cache dir: the SBP bank list with its fetch time, and recent
wallets per profile. Plain JSON of plain dicts, so this room needs nothing from the
client; a cache file that cannot be read is treated as empty (it is only a cache)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .files import atomic_write_text, ensure_private_dir
from .paths import AppPaths
from wallet_tui.protocol.sentence import Sentence, say, text_or_none

log = logging.getLogger(__name__)

BANK_LIST_MAX_AGE = timedelta(days=1)
RECENT_WALLETS_MAX = 10
BANK_FIELDS = ("bankId", "name", "bic")

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        log.warning("ignoring unreadable cache %s: %s", path, error)
        return None


def _write_json(path: Path, data: Any) -> None:
    ensure_private_dir(path.parent)
    # Not fsynced: written on the desk's loop after every lookup, and a cache lost to a
    # power cut is only fetched or filled again (an unreadable one is ignored above).
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                      durable=False)


def bank_as_dict(bank: Any) -> dict[str, str | None]:
    """A bank as {bankId, name, bic}: from a wire dict or a protocol `Bank` model."""
    if hasattr(bank, "to_wire"):
        bank = bank.to_wire(keep_nulls=True)
    if not isinstance(bank, Mapping):
        raise TypeError(say("not a bank: {bank}", bank=repr(bank)))
    bank_id, name = bank.get("bankId"), bank.get("name")
    if not isinstance(bank_id, str) or not isinstance(name, str):
        raise ValueError(say("a bank needs a bankId and a name: {bank}", bank=repr(dict(bank))))
    bic = bank.get("bic")
    return {"bankId": bank_id, "name": name, "bic": bic if isinstance(bic, str) else None}


@dataclass(frozen=True)
class BankListState:
    """What the withdrawal form shows: the banks, how old they are, and a sentence when
    they may be stale (a refresh failed), in the desk's language when read (`message`)."""

    banks: list[dict[str, str | None]] = field(default_factory=list)
    fetched_at: datetime | None = None
    stale: bool = False
    note: Sentence | None = None

    @property
    def message(self) -> str | None:
        return text_or_none(self.note)


class BankCache:
    def __init__(
        self,
        path: Path | None = None,
        *,
        paths: AppPaths | None = None,
        clock: Clock = _utc_now,
        profile: str | None = None,
        partner_id: str = "",
    ):
        """With `profile`, the list is that profile's and partner's own file (another
        server may list other banks); without, the shared `bank_cache_file`."""
        paths = paths or (None if path else AppPaths.from_env())
        if path is None and profile is not None:
            assert paths is not None
            path = paths.bank_cache_file_for(profile, partner_id)
        self.path = path or paths.bank_cache_file  # type: ignore[union-attr]
        self._clock = clock

    def load(self) -> tuple[list[dict[str, str | None]], datetime | None]:
        data = _read_json(self.path)
        if not isinstance(data, Mapping):
            return [], None
        try:
            fetched_at = datetime.fromisoformat(data["fetchedAt"])
            if fetched_at.tzinfo is None:
                raise ValueError("naive fetch time")  # i18n: keep (logged, not shown)
            banks = [bank_as_dict(item) for item in data["banks"]]
        except (KeyError, TypeError, ValueError) as error:
            log.warning("ignoring malformed bank cache %s: %s", self.path, error)
            return [], None
        return banks, fetched_at.astimezone(UTC)

    def save(self, banks: Iterable[Any]) -> datetime:
        fetched_at = self._clock()
        entries = [bank_as_dict(bank) for bank in banks]
        _write_json(self.path, {"fetchedAt": fetched_at.isoformat(), "banks": entries})
        return fetched_at

    def is_stale(self, now: datetime | None = None) -> bool:
        _, fetched_at = self.load()
        return _is_stale(fetched_at, now or self._clock())

    def current(self, now: datetime | None = None) -> BankListState:
        """The cached list, shown at once; `stale` tells the caller to refresh it."""
        banks, fetched_at = self.load()
        return BankListState(banks, fetched_at, _is_stale(fetched_at, now or self._clock()))

    async def refresh(self, fetch: Callable[[], Awaitable[Iterable[Any]]]) -> BankListState:
        """Fetch the list (in a background worker), cache it and return it; when the fetch
        fails, keep the cached list and say it may be out of date."""
        try:
            fetched = await fetch()
            banks = [bank_as_dict(bank) for bank in fetched]
        except Exception as error:  # the reason is shown; the cached list stays usable
            cached, fetched_at = self.load()
            reason = error if str(error) else type(error).__name__
            if not cached:
                return BankListState(
                    [], None, True, say("Could not load the bank list: {reason}", reason=reason)
                )
            return BankListState(
                cached,
                fetched_at,
                True,
                say("Could not refresh the bank list ({reason}); showing the list from {when}, "
                    "it may be out of date.", reason=reason, when=_when(fetched_at)),
            )
        fetched_at = self.save(banks)
        return BankListState(banks, fetched_at, False)


def _when(fetched_at: datetime | None) -> object:
    if fetched_at is None:
        return say("earlier")
    return fetched_at.strftime("%Y-%m-%d %H:%M UTC")


def _is_stale(fetched_at: datetime | None, now: datetime) -> bool:
    return fetched_at is None or now - fetched_at > BANK_LIST_MAX_AGE


@dataclass(frozen=True)
class RecentWallet:
    wallet_id: str
    label: str | None = None


class RecentWallets:
    """Wallets opened recently, per profile and partner (one partner's customers are never
    listed to another's login), most recent first, at most ten. Each `add` re-reads the file
    so two instances do not erase each other's entries.

    The file is {profile: {partnerId: [{walletId, label}]}}. A list straight under a profile
    (the older shape, per profile only) cannot tell whose wallets they were and is read as
    belonging to partner "" (no partner), so it is never shown to a partner's login."""

    def __init__(self, path: Path | None = None, *, paths: AppPaths | None = None):
        self.path = path or (paths or AppPaths.from_env()).recent_wallets_file

    def _load_all(self) -> dict[str, dict[str, list[RecentWallet]]]:
        data = _read_json(self.path)
        result: dict[str, dict[str, list[RecentWallet]]] = {}
        if not isinstance(data, Mapping):
            return result
        for profile, by_partner in data.items():
            if isinstance(by_partner, list):
                by_partner = {"": by_partner}
            if not isinstance(by_partner, Mapping):
                continue
            partners = {str(partner): _wallets_of(items) for partner, items in by_partner.items()}
            result[str(profile)] = {p: w for p, w in partners.items() if w}
        return result

    def _save_all(self, data: Mapping[str, Mapping[str, list[RecentWallet]]]) -> None:
        _write_json(
            self.path,
            {
                profile: {
                    partner: [{"walletId": w.wallet_id, "label": w.label} for w in wallets]
                    for partner, wallets in by_partner.items()
                    if wallets
                }
                for profile, by_partner in data.items()
                if any(by_partner.values())
            },
        )

    def for_profile(self, profile: str, partner_id: str = "") -> list[RecentWallet]:
        return self._load_all().get(profile, {}).get(partner_id, [])

    def add(self, profile: str, wallet_id: str, label: str | None = None,
            partner_id: str = "") -> list[RecentWallet]:
        data = self._load_all()
        by_partner = data.setdefault(profile, {})
        kept = [w for w in by_partner.get(partner_id, []) if w.wallet_id != wallet_id]
        by_partner[partner_id] = [RecentWallet(wallet_id, label), *kept][:RECENT_WALLETS_MAX]
        self._save_all(data)
        return by_partner[partner_id]

    def rename_profile(self, old: str, new: str) -> None:
        """A renamed profile keeps its recent wallets (ahead of any the new name had)."""
        data = self._load_all()
        moved = data.pop(old, None)
        if moved is not None:
            target = data.setdefault(new, {})
            for partner, wallets in moved.items():
                ids = {w.wallet_id for w in wallets}
                kept = [w for w in target.get(partner, []) if w.wallet_id not in ids]
                target[partner] = [*wallets, *kept][:RECENT_WALLETS_MAX]
            self._save_all(data)

    def forget_profile(self, profile: str) -> None:
        data = self._load_all()
        if data.pop(profile, None) is not None:
            self._save_all(data)

    # The UI calls it by this name; defined last so the builtin `list` stays usable in
    # the annotations above.
    def list(self, profile: str, partner_id: str = "") -> "list[RecentWallet]":  # noqa: A003
        return self.for_profile(profile, partner_id)


def _wallets_of(items: Any) -> list[RecentWallet]:
    if not isinstance(items, list):
        return []
    wallets = []
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("walletId"), str):
            label = item.get("label")
            wallets.append(RecentWallet(item["walletId"], label if isinstance(label, str) else None))
    return wallets[:RECENT_WALLETS_MAX]

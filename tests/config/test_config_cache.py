"""The bank list cache (shown at once, refreshed when a day old) and recent wallets."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from wallet_tui.config import BankCache, RecentWallets
from wallet_tui.protocol.models import Bank

from .helpers import file_mode

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
BANKS = [
    {"bankId": "sber", "name": "Сбербанк", "bic": "044525225"},
    {"bankId": "tinkoff", "name": "Т-Банк", "bic": None},
]


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def cache(paths, clock) -> BankCache:
    return BankCache(paths=paths, clock=clock)


def test_an_empty_cache_has_no_banks_and_is_stale(cache):
    assert cache.load() == ([], None)
    assert cache.is_stale(T0)


def test_the_bank_list_is_kept_with_its_fetch_time(paths, cache):
    cache.save(BANKS)
    assert BankCache(paths=paths).load() == (BANKS, T0)


def test_protocol_bank_models_are_stored_as_plain_dicts(paths, cache):
    cache.save([Bank(bank_id="vtb", name="ВТБ", bic="044525187")])
    assert json.loads(paths.bank_cache_file.read_text())["banks"] == [
        {"bankId": "vtb", "name": "ВТБ", "bic": "044525187"}
    ]


def test_the_list_goes_stale_after_a_day(cache):
    cache.save(BANKS)
    assert not cache.is_stale(T0 + timedelta(hours=23, minutes=59))
    assert cache.is_stale(T0 + timedelta(days=1, seconds=1))


def test_current_shows_the_cached_list_at_once_and_says_when_to_refresh(cache, clock):
    cache.save(BANKS)
    clock.now = T0 + timedelta(days=2)
    state = cache.current()
    assert state.banks == BANKS and state.fetched_at == T0 and state.stale


async def test_a_refresh_caches_the_new_list(cache, clock):
    cache.save(BANKS)
    clock.now = T0 + timedelta(days=2)

    async def fetch():
        return [Bank(bank_id="alfa", name="Альфа-Банк")]

    state = await cache.refresh(fetch)
    assert state.banks == [{"bankId": "alfa", "name": "Альфа-Банк", "bic": None}]
    assert not state.stale and state.message is None
    assert cache.load() == (state.banks, clock.now)


async def test_a_failed_refresh_keeps_the_cached_list_and_says_it_may_be_stale(cache, clock):
    cache.save(BANKS)
    clock.now = T0 + timedelta(days=3)

    async def fetch():
        raise ConnectionError("server unreachable")

    state = await cache.refresh(fetch)
    assert state.banks == BANKS and state.fetched_at == T0 and state.stale
    assert "server unreachable" in state.message
    assert "may be out of date" in state.message
    assert "2025-03-01 09:30 UTC" in state.message
    assert cache.load() == (BANKS, T0)  # the cached list was not touched


async def test_a_failed_first_fetch_says_there_is_no_list(cache):
    async def fetch():
        raise TimeoutError("timed out")

    state = await cache.refresh(fetch)
    assert state.banks == [] and "Could not load the bank list: timed out" == state.message


@pytest.mark.parametrize(
    "content", ["{not json", '{"fetchedAt": "yesterday", "banks": []}', '{"fetchedAt": "2025-01-01T00:00:00", "banks": []}', '{"fetchedAt": "2025-01-01T00:00:00+00:00", "banks": [{"name": "x"}]}', "[]"]
)
def test_an_unreadable_cache_is_treated_as_empty(paths, cache, content):
    paths.cache_dir.mkdir(parents=True)
    paths.bank_cache_file.write_text(content)
    assert cache.load() == ([], None)


def test_cache_files_are_private(paths, cache, loose_umask):
    cache.save(BANKS)
    RecentWallets(paths=paths).add("sandbox", "w-1")
    assert file_mode(paths.bank_cache_file) == 0o600
    assert file_mode(paths.recent_wallets_file) == 0o600
    assert file_mode(paths.cache_dir) == 0o700


def test_recent_wallets_are_most_recent_first_without_repeats(paths):
    recent = RecentWallets(paths=paths)
    recent.add("sandbox", "w-1", "+79990000001")
    recent.add("sandbox", "w-2")
    recent.add("sandbox", "w-1", "+79990000001")
    again = RecentWallets(paths=paths).for_profile("sandbox")
    assert [(w.wallet_id, w.label) for w in again] == [("w-1", "+79990000001"), ("w-2", None)]


def test_recent_wallets_keep_ten_per_profile(paths):
    recent = RecentWallets(paths=paths)
    for n in range(15):
        recent.add("sandbox", f"w-{n}")
    assert [w.wallet_id for w in recent.for_profile("sandbox")] == [f"w-{n}" for n in range(14, 4, -1)]


def test_recent_wallets_are_kept_per_profile(paths):
    recent = RecentWallets(paths=paths)
    recent.add("sandbox", "w-sb")
    recent.add("prod", "w-prod")
    assert [w.wallet_id for w in recent.for_profile("prod")] == ["w-prod"]
    recent.forget_profile("prod")
    assert recent.for_profile("prod") == []
    assert [w.wallet_id for w in recent.for_profile("sandbox")] == ["w-sb"]


def test_a_renamed_profile_keeps_its_recent_wallets_first(paths):
    recent = RecentWallets(paths=paths)
    recent.add("prod", "w-1")
    recent.add("prod", "w-2")
    recent.add("production", "w-1")
    recent.add("production", "w-9")
    RecentWallets(paths=paths).rename_profile("prod", "production")
    assert recent.for_profile("prod") == []
    assert [w.wallet_id for w in recent.for_profile("production")] == ["w-2", "w-1", "w-9"]


def test_two_instances_adding_recent_wallets_keep_both(paths):
    first, second = RecentWallets(paths=paths), RecentWallets(paths=paths)
    first.add("sandbox", "w-a")
    second.add("sandbox", "w-b")
    assert [w.wallet_id for w in first.list("sandbox")] == ["w-b", "w-a"]


def test_a_lookup_keeps_its_recent_wallet_without_waiting_for_the_disk(paths, monkeypatch):
    # Written on the desk's event loop after every lookup: no fsync there (a busy disk
    # takes tens of ms), the file still replaced whole and private. A cache lost to a power
    # cut is filled again.
    import os

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    recent = RecentWallets(paths=paths)
    recent.add("sandbox", "100000000002", "Борис")
    assert synced == []
    assert [item.wallet_id for item in RecentWallets(paths=paths).list("sandbox")] == [
        "100000000002"]
    assert file_mode(recent.path) == 0o600
    from wallet_tui.config import atomic_write_text

    atomic_write_text(recent.path.parent / "settings.toml", "x = 1\n")  # what must last does
    assert synced

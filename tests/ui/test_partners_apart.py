"""No crossed partners: what the desk remembers (recent wallets, the current wallet, the
journal) is kept per profile and partner. Logged in as partner 1002 on the same profile,
Ctrl+R must not list partner 1001's customers."""

from __future__ import annotations

from wallet_tui.config import RecentWallets
from wallet_tui.ui.screens.login import LoginScreen
from wallet_tui.ui.screens.modals import RecentWalletsModal

from .helpers import settle
from .screens_support import FULL_WALLET, SIMPLIFIED_WALLET, desk, look_up

OTHER_PARTNERS_WALLET = "100000000005"


async def log_in_as(pilot, client_id: str, secret: str, partner_id: str) -> None:
    app = pilot.app
    app.action_login()
    await settle(pilot)
    login = app.screen
    assert isinstance(login, LoginScreen)
    login.field("client-id").value = client_id
    login.field("client-secret").value = secret
    login.field("partner-id").value = partner_id
    login.field("client-secret").input.focus()
    await pilot.press("enter")
    await settle(pilot)
    assert app.logged_in and app.profile.partner_id == partner_id


async def recent_listed(pilot) -> list[str]:
    await pilot.press("ctrl+r")
    await settle(pilot)
    modal = pilot.app.screen
    listed = [wallet_id for wallet_id, _ in modal.recent] \
        if isinstance(modal, RecentWalletsModal) else []
    if isinstance(modal, RecentWalletsModal):
        await pilot.press("escape")
        await settle(pilot)
    return listed


async def test_another_partner_on_the_same_profile_sees_none_of_the_first_ones_wallets(tmp_path):
    async with desk(tmp_path, size=(100, 30)) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await look_up(pilot, FULL_WALLET)
        assert await recent_listed(pilot) == [FULL_WALLET, SIMPLIFIED_WALLET]

        await log_in_as(pilot, "other-client", "other-secret", "1002")
        assert app.current_wallet is None  # 1001's wallet is not shown as current
        assert await recent_listed(pilot) == []
        await look_up(pilot, OTHER_PARTNERS_WALLET)
        assert await recent_listed(pilot) == [OTHER_PARTNERS_WALLET]
        # On disk too: each partner has a list of its own under the profile.
        store = RecentWallets(paths=app.paths)
        assert [w.wallet_id for w in store.for_profile("sandbox", "1002")] == [
            OTHER_PARTNERS_WALLET]

        await log_in_as(pilot, "demo-client", "demo-secret", "1001")
        assert await recent_listed(pilot) == [FULL_WALLET, SIMPLIFIED_WALLET]


def test_a_list_kept_per_profile_only_is_not_shown_to_a_partner(tmp_path):
    """The older file shape could not tell whose wallets they were."""
    path = tmp_path / "recent-wallets.json"
    path.write_text('{"sandbox": [{"walletId": "100000000001", "label": "Анна"}]}')
    store = RecentWallets(path)
    assert store.for_profile("sandbox", "1002") == []
    assert store.for_profile("sandbox", "1001") == []
    store.add("sandbox", "100000000005", "x", "1002")
    assert [w.wallet_id for w in store.for_profile("sandbox", "1002")] == ["100000000005"]


def test_bank_lists_are_kept_per_profile_and_partner():
    from wallet_tui.config import AppPaths, BankCache

    paths = AppPaths.from_env()
    BankCache(paths=paths, profile="sandbox", partner_id="1001").save(
        [{"bankId": "100000000111", "name": "Сбербанк"}])
    assert BankCache(paths=paths, profile="sandbox", partner_id="1002").load() == ([], None)
    assert BankCache(paths=paths, profile="prod", partner_id="1001").load() == ([], None)
    assert BankCache(paths=paths, profile="sandbox", partner_id="1001").load()[0]

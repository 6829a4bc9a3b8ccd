"""Wallet lookup: by id, by a phone typed any usual way; the card, the history, recent."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable

from wallet_tui.ui.screens.lookup import LookupScreen
from wallet_tui.ui.screens.modals import RecentWalletsModal

from .helpers import settle
from .screens_support import (
    FULL_WALLET,
    SIMPLIFIED_WALLET,
    desk,
    error_under,
    look_up,
    text_of,
    type_into,
)


async def test_lookup_by_id_shows_card_and_history_newest_first(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert isinstance(screen, LookupScreen)
        assert app.current_wallet.wallet_id == SIMPLIFIED_WALLET
        card = text_of(screen, "#wallet-card")
        assert "+7 999 000-00-02" in card and "Борис" in card and "SIMPLIFIED" in card
        assert "RUB 25,000.00 of RUB 60,000.00" in card  # balance against the level's limit
        assert "of RUB 200,000.00" in card  # the month's outgoing cap
        table = screen.query_one(DataTable)
        assert table.row_count > 0
        times = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert times == sorted(times, key=lambda t: (t[6:8], t[3:5], t[0:2], t[9:]), reverse=True)
        # The newest row's balance is the wallet's balance.
        assert "25,000.00" in str(table.get_row_at(0)[4]).replace("\xa0", " ")
        assert "History 1–" in text_of(screen, "#history-caption")


async def test_lookup_by_phone_typed_with_spaces_and_dashes(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, "+7 999 000-00-03")
        assert app.current_wallet.wallet_id == FULL_WALLET
        assert app.current_wallet.balance == Decimal("150000.00")
        phone_gets = [e.url for e in app.gateway.exchanges if "phone=" in e.url]
        assert phone_gets and "%2B79990000003" in phone_gets[0]


async def test_lookup_by_phone_typed_with_eight(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, "89990000002")
        assert app.current_wallet.wallet_id == SIMPLIFIED_WALLET


async def test_bad_query_is_said_under_the_field_and_nothing_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        before = len(app.gateway.exchanges)
        screen = await look_up(pilot, "12345")
        assert "12 digits" in error_under(screen, "lookup-query")
        await type_into(pilot, "lookup-query", "+1 212 555 0100")
        await pilot.press("enter")
        await settle(pilot)
        assert "Russian" in error_under(screen, "lookup-query")
        assert len(app.gateway.exchanges) == before
        assert app.current_wallet is None


async def test_unknown_wallet_shows_the_api_error_with_request_id(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, "999999999999")
        banner = text_of(screen, "#lookup-banner")
        assert "WALLET_NOT_FOUND" in banner and "requestId" in banner
        assert app.current_wallet is None


async def test_history_pages_with_page_down_and_up(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        client = app.gateway.client
        from wallet_tui.protocol import RefillRequest

        for _ in range(21):  # more than one page
            await client.refill(FULL_WALLET, RefillRequest(amount=Decimal("1")))
        screen = await look_up(pilot, FULL_WALLET)
        table = screen.query_one(DataTable)
        assert table.row_count == 20
        total = screen.history_page.total
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.history_offset == 20
        assert table.row_count == total - 20
        assert f"History 21–{total} of {total}" in text_of(screen, "#history-caption")
        await pilot.press("pageup")
        await settle(pilot)
        assert screen.history_offset == 0 and table.row_count == 20
        # [ and ] page too once the table has the focus; in the search field they are typed.
        table.focus()
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.history_offset == 20
        await type_into(pilot, "lookup-query", "[]")
        assert screen.field("lookup-query").value == "[]" and screen.history_offset == 20


async def test_recent_wallets_are_one_key_away(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        await look_up(pilot, FULL_WALLET)
        await pilot.press("ctrl+r")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, RecentWalletsModal)
        assert [wallet_id for wallet_id, _ in modal.recent] == [FULL_WALLET, SIMPLIFIED_WALLET]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.current_wallet.wallet_id == SIMPLIFIED_WALLET

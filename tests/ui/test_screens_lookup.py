"""Wallet lookup: by id, by a phone typed any usual way; the card, the history, recent."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from textual.widgets import DataTable

from wallet_tui.protocol import Operation, RefillRequest, WithdrawalRequest
from wallet_tui.ui.i18n import format_money
from wallet_tui.ui.screens.history import HistoryTable, history_layout
from wallet_tui.ui.screens.lookup import LookupScreen
from wallet_tui.ui.screens.modals import RecentWalletsModal
from wallet_tui.ui.widgets.wallet_card import card_text

from .helpers import settle
from .screens_support import (
    ANONYMOUS_WALLET,
    BLOCKED_WALLET,
    FULL_WALLET,
    SIMPLIFIED_WALLET,
    desk,
    error_under,
    focused_input_id,
    look_up,
    set_faults,
    show,
    text_of,
    type_into,
)
from .test_i18n import choose_language_in_settings, screen_text

LONG_DESCRIPTION = "Зачисление зарплаты за ноябрь 2026 года по договору № 123/45-ЗП [бонус]"


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
        # The time column reads "dd.mm.yy HH:MM" (Moscow); compare moments, not strings.
        times = [
            datetime.strptime(str(table.get_row_at(i)[0]).strip(), "%d.%m.%y %H:%M")
            for i in range(table.row_count)
        ]
        assert len(set(times)) > 1, "the demo history should span several moments"
        assert times == sorted(times, reverse=True)
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


async def test_the_error_banner_goes_when_the_query_is_edited_or_sent_again(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, "999999999999")
        banner = screen.query_one("#lookup-banner")
        assert banner.shown
        await pilot.press("backspace")
        await settle(pilot)
        assert not banner.shown
        await look_up(pilot, "999999999999")
        assert banner.shown
        await look_up(pilot, "12345")  # refused here, before anything is sent
        assert "12 digits" in error_under(screen, "lookup-query") and not banner.shown


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


async def test_the_search_box_has_the_focus_whenever_the_screen_is_shown(tmp_path):
    """A newcomer registered a wallet with the history focused here before: back on F2,
    typing a wallet id and Enter did nothing, and it took two Tabs to reach the box."""
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        screen.query_one(HistoryTable).focus()
        # A dialog over the screen is not leaving it: the history keeps the focus.
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and isinstance(app.focused, HistoryTable)
        await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+7 916 555-44-33")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen  # the new wallet's card
        assert focused_input_id(app) == "lookup-query-input"
        await pilot.press(*FULL_WALLET, "enter")
        await settle(pilot)
        assert app.current_wallet.wallet_id == FULL_WALLET


# -- 80 columns: nothing that matters is cut -----------------------------------------------


def plain(text) -> str:
    return str(text).replace("\xa0", " ")


async def busy_wallet(app) -> None:
    """Boris's wallet with a long description and two withdrawals (a fee each; one fails)."""
    client = app.gateway.client
    await set_faults(app, withdrawal_settle_seconds=0)
    await client.refill(SIMPLIFIED_WALLET, RefillRequest(
        amount=Decimal("30000"), description=LONG_DESCRIPTION, external_id="salary-11"))
    for amount in ("1000.13", "20000"):  # .13 kopecks: the sandbox's bank refuses it
        await client.withdraw(SIMPLIFIED_WALLET, WithdrawalRequest(
            bank_id="100000000111", phone="+79990000002", amount=Decimal(amount)))


def shown_rows(app) -> list[str]:
    """The history's rows as drawn (header first), from the rendered screen."""
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if "Time, MSK" in line or "Время, МСК" in line)
    return lines[start:]


async def test_history_fits_80_columns_with_whole_amounts_and_the_fee(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await busy_wallet(app)
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        table = screen.query_one(HistoryTable)
        # No sideways scrolling: every column is in sight.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        drawn = "\n".join(shown_rows(app))
        operations = screen.history_page.items
        newest = operations[0]
        assert newest.type.value == "WITHDRAWAL" and newest.fee == Decimal("200.00")
        assert "−" + plain(format_money(Decimal("20000"))) in drawn  # −RUB 20,000.00, whole
        assert "Fee " + plain(format_money(Decimal("200"))) in drawn  # under the amount
        assert plain(format_money(newest.balance)) in drawn
        assert "✗" in drawn  # the failed withdrawal's mark
        # The long description is cut with an ellipsis in its row and whole under the table.
        row = next(line for line in shown_rows(app) if "+" + plain(format_money(
            Decimal("30000"))) in line)
        assert "Зачисление" in row and row.rstrip(" ▁▂▃▄▅▆▇█▊▍").endswith("…")
        table.focus()
        index = next(i for i, op in enumerate(operations) if op.description == LONG_DESCRIPTION)
        for _ in range(index):
            await pilot.press("down")
        await settle(pilot)
        detail = text_of(screen, "#history-detail")
        assert LONG_DESCRIPTION in detail and "externalId salary-11" in detail
        assert "SUCCEEDED" in detail


async def test_the_history_keeps_its_rows_until_its_columns_must_change(tmp_path):
    """A table made taller or shorter keeps its rows as they are (the detail line, F9's
    panel and a card of another height change its height at every lookup; laying the rows
    out again each time cost a table refilled and drawn anew, issue 15). Once its rows
    scroll, the scrollbar gets its cells: the columns still fit without sideways scrolling."""
    async with desk(tmp_path, size=(100, 60)) as (app, pilot):
        await busy_wallet(app)
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        table = screen.query_one(HistoryTable)
        rows = list(table.ordered_rows)
        assert rows and table.virtual_size.height <= table.size.height  # no scrollbar yet
        await pilot.resize_terminal(100, 56)
        await settle(pilot)
        assert table.virtual_size.height <= table.size.height
        assert table.ordered_rows == rows and table.ordered_rows[0] is rows[0]
        await pilot.resize_terminal(100, 20)
        await settle(pilot)
        assert table.virtual_size.height > table.size.height  # the rows scroll now
        assert table.ordered_rows[0] is not rows[0]  # laid out again, beside the scrollbar
        assert table.virtual_size.width <= table.scrollable_content_region.width
        await pilot.resize_terminal(90, 20)
        await settle(pilot)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert plain(format_money(screen.history_page.items[0].balance)) in "\n".join(
            shown_rows(app))


async def test_the_inspector_over_a_narrow_terminal_leaves_the_history_as_it_was(tmp_path):
    """F9 at 80 columns covers the screen and leaves the table a column: its rows are not
    laid out for that column and again when the panel closes (a table refilled and drawn
    twice, half of what an F9 cost: issue 15)."""
    async with desk(tmp_path) as (app, pilot):
        await busy_wallet(app)
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        table = screen.query_one(HistoryTable)
        before = (list(table.ordered_rows), shown_rows(app))
        for _ in range(2):
            await pilot.press("f9")
            await settle(pilot)
        assert app.screen is screen and not screen.query_one("InspectorPanel").has_class("-open")
        assert table.ordered_rows[0] is before[0][0]
        assert (list(table.ordered_rows), shown_rows(app)) == before


async def test_the_screen_under_the_inspector_comes_back_when_there_is_room_beside_it(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        body = screen.query_one("#operation")
        await pilot.press("f9")
        await settle(pilot)
        assert not body.display  # under the panel that takes the whole screen
        await pilot.resize_terminal(130, 30)
        await settle(pilot)
        assert body.display and "100000000002" in screen_text(app)  # the card, beside it
        await pilot.resize_terminal(80, 24)
        await pilot.press("f9")
        await settle(pilot)
        assert body.display and app.focused is not None and body in app.focused.ancestors


async def test_a_page_without_fees_has_no_fee_column(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, FULL_WALLET)
        header = shown_rows(app)[0]
        assert "Amount" in header and "Balance" in header and "Fee" not in header
        assert "Description" in header


def _operation(**fields) -> Operation:
    return Operation.model_validate({
        "operationId": "op-1", "walletId": SIMPLIFIED_WALLET, "type": "WITHDRAWAL",
        "status": "PROCESSING", "amount": "600000.00", "fee": "6000.00", "balance": "0.00",
        "description": "Вывод на карту", "createdAt": datetime(2026, 11, 14, tzinfo=UTC).isoformat(),
        **fields,
    })


def test_the_fee_has_its_column_only_where_the_description_keeps_room():
    operations = [_operation(), _operation(operationId="op-2", type="REFILL", fee="0.00",
                                           status="SUCCEEDED", amount="1.00")]
    for width, fee_column in ((76, False), (118, True)):
        layout = history_layout(operations, width)
        headers = [plain(header).strip() for header in layout.headers]
        assert ("Fee" in headers) is fee_column
        assert sum(layout.widths) == width  # the description takes the rest, no more
        cells = [plain(cell.plain) for cell in layout.rows[0]]
        assert any("−RUB 600,000.00" in cell for cell in cells)
        assert any("RUB 6,000.00" in cell for cell in cells)
        assert layout.heights[0] == (1 if fee_column else 2) and layout.heights[1] == 1


def test_a_description_of_several_lines_takes_one_line_in_the_table():
    layout = history_layout([_operation(description="Вывод\nна карту\tдо 15:00")], 80)
    assert layout.rows[0][-1].plain.strip() == "Вывод на карту до 15:00"
    assert layout.heights == [2]  # the fee under the amount, nothing more


async def test_statuses_and_levels_in_russian_and_card_lines_fit_80_columns(tmp_path):
    choose_language_in_settings("ru")
    async with desk(tmp_path) as (app, pilot):
        await look_up(pilot, BLOCKED_WALLET)
        text = screen_text(app)
        assert "Заблокирован (BLOCKED)" in text and "Полный (FULL)" in text
        # The month's line is one line: no cap said on the bar's own line.
        month = next(line for line in text.splitlines() if "Расход за месяц" in line)
        assert "без лимита" in month and month.rstrip().endswith("│")
        await look_up(pilot, SIMPLIFIED_WALLET)
        text = screen_text(app)
        assert "Активен (ACTIVE)" in text and "Упрощённый (SIMPLIFIED)" in text
        assert "Успешно (SUCCEEDED)" in text_of(app.screen, "#history-detail")


def test_every_card_line_fits_in_both_languages_with_the_largest_numbers():
    from wallet_tui.protocol import Wallet
    from wallet_tui.ui.i18n import set_language

    wallet = Wallet.model_validate({
        "walletId": "100000000004", "phone": "+79990000004", "firstName": "Григорий",
        "lastName": "Попов", "email": "grigory.popov@example.com", "status": "BLOCKED",
        "identification": "SIMPLIFIED", "balance": "600000.00",
        "limits": {"balanceLimit": "600000.00", "monthlyTurnoverLimit": None,
                   "monthlyTurnoverUsed": "600000.00"},
        "createdAt": "2026-11-01T00:00:00Z", "updatedAt": "2026-11-01T00:00:00Z",
    })
    try:
        for language in ("ru", "en"):
            set_language(language)
            lines = card_text(wallet, 74).plain.split("\n")
            assert len(lines) == 4 and max(len(line) for line in lines) <= 74, lines
    finally:
        set_language("en")


# -- the search box names the wallet shown -------------------------------------------------


async def test_the_search_box_names_the_wallet_shown_by_any_route(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, "+7 999 000-00-03")  # a phone typed
        assert screen.field("lookup-query").value == FULL_WALLET
        # Registration's "open the existing wallet" (Ctrl+O) shows another one.
        registration = await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+7 999 000-00-01")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is registration
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen is screen and app.current_wallet.wallet_id == ANONYMOUS_WALLET
        assert screen.field("lookup-query").value == ANONYMOUS_WALLET
        assert ANONYMOUS_WALLET in text_of(screen, "#wallet-card")


async def test_the_cards_month_is_moscows_across_new_year(tmp_path):
    """At 23:50 in Moscow on 31 December a payment counts in December; twenty minutes later it
    is January in Moscow (still December in UTC) and the card's month starts from nothing."""
    from wallet_tui.protocol import PaymentInitRequest
    from wallet_tui.sandbox.clock import ManualClock

    clock = ManualClock(datetime(2026, 12, 31, 20, 50, tzinfo=UTC))
    async with desk(tmp_path, clock=clock) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        before = month_out(text_of(screen, "#wallet-card"))  # the demo data's December
        client = app.gateway.client
        payment = await client.init_payment(
            SIMPLIFIED_WALLET, PaymentInitRequest(amount=Decimal("1234.00")))
        await client.confirm_payment(SIMPLIFIED_WALLET, payment.payment_id)
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert month_out(text_of(screen, "#wallet-card")) == before + Decimal("1234.00")
        clock.advance(20 * 60)  # 00:10 on 1 January in Moscow, 21:10 on 31 December in UTC
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert month_out(text_of(screen, "#wallet-card")) == Decimal("0.00")


def month_out(card: str) -> Decimal:
    line = next(line for line in card.splitlines() if line.startswith("Month out"))
    used = line.split("RUB ")[1].split(" of")[0]
    return Decimal(used.replace(",", ""))

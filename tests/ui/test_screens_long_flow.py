"""One operator's whole session: register, identify, refill, pay, withdraw, look up."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable

from wallet_tui.protocol import Identification
from wallet_tui.ui.screens.lookup import LookupScreen

from .helpers import settle
from .screens_support import desk, look_up, set_faults, show, text_of, type_into, withdraw


async def wait_until(pilot, condition, attempts: int = 100) -> None:
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never got there")


async def test_register_identify_refill_pay_withdraw_then_look_up(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await set_faults(app, withdrawal_settle_seconds=60)

        await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+7 916 555-44-33")
        await type_into(pilot, "reg-first-name", "Olga")
        await type_into(pilot, "reg-last-name", "Orlova")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        wallet_id = app.current_wallet.wallet_id

        await show(pilot, "identification")
        await pilot.press("down", "enter")  # ANONYMOUS → SIMPLIFIED, then the dialog asks
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.current_wallet.identification == Identification.SIMPLIFIED

        await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "10 000")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.current_wallet.balance == Decimal("10000.00")

        payment = await show(pilot, "payment")
        await type_into(pilot, "pay-amount", "1 500,00")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "RUB 8,500.00" in text_of(payment, "#pay-result")

        withdrawal = await show(pilot, "withdrawal")
        withdrawal.POLL_SECONDS = 0.3
        await withdraw(pilot, "Альфа", "1000")
        await app.gateway.client.sandbox_advance_clock(61)
        await wait_until(pilot, lambda: "SUCCEEDED" in text_of(withdrawal, "#wd-status"))

        lookup = await look_up(pilot, wallet_id)
        card = text_of(lookup, "#wallet-card")
        assert "Olga Orlova" in card and "SIMPLIFIED" in card
        assert "RUB 7,490.00 of RUB 60,000.00" in card  # the balance against its level's cap
        assert "RUB 2,510.00 of RUB 200,000.00" in card  # payment + withdrawal with its fee
        table = lookup.query_one(DataTable)
        rows = [[str(cell).replace("\xa0", " ").strip() for cell in table.get_row_at(i)]
                for i in range(table.row_count)]
        labels = [str(column.label).strip() for column in table.ordered_columns]
        kind, balance, fee = labels.index("Type"), labels.index("Balance"), labels.index("Fee")
        assert [row[kind] for row in rows] == ["Withdrawal", "Payment", "Refill"]
        assert [row[balance] for row in rows] == ["RUB 7,490.00", "RUB 8,500.00", "RUB 10,000.00"]
        assert [row[fee] for row in rows] == ["RUB 10.00", "", ""]

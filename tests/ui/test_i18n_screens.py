"""The operation screens in Russian: every screen's labels, money as each language writes it,
a language switch that keeps the form, the card and the history, and pictures at 80x24 and
120x40. (The catalogue checks and the app-level switch are in test_i18n.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from wallet_tui.sandbox.clock import ManualClock
from wallet_tui.ui.i18n import current_language
from wallet_tui.ui.widgets.form import Field

from .helpers import make_app, settle
from .screens_support import BLOCKED_WALLET, SIMPLIFIED_WALLET, Sandbox, desk, look_up, show, text_of, type_into
from .test_screens_payment import start_payment
from .test_screens_withdrawal import fill_withdrawal, wait_until
from .test_i18n import choose_language_in_settings, english_left, screen_text, switch_in_palette
from .test_screens_snapshots import SIZES, _count_uuids, looked_up

# What each screen must say in Russian once a wallet is chosen.
RUSSIAN_LABELS = {
    "lookup": ("Номер кошелька или телефон", "Баланс", "Расход за месяц", "Время, МСК",
               "История операций", "Найти"),
    "registration": ("Телефон", "Фамилия", "Отчество", "Регистрация"),
    "identification": ("Новый уровень", "Данные клиента", "позволяет", "Баланс до",
                       "Сменить уровень"),
    "refill": ("Сумма, ₽", "Внешний id (необязательно)", "Пополнить…"),
    "payment": ("Шаг 1 из 3", "Сумма, ₽", "Создать"),
    "withdrawal": ("Банк: название или id в СБП", "Телефон получателя", "Вывести…"),
}


def russian_desk(tmp_path: Path, size=(120, 40)):
    choose_language_in_settings("ru")
    return desk(tmp_path, size=size)


async def test_every_operation_screen_speaks_russian(tmp_path: Path):
    async with russian_desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        for name, labels in RUSSIAN_LABELS.items():
            await show(pilot, name)
            text = screen_text(app)
            missing = [label for label in labels if label not in text]
            assert not missing, (name, missing)
            assert not english_left(text), (name, english_left(text))


async def test_money_on_the_card_as_each_language_writes_it(tmp_path: Path):
    async with russian_desk(tmp_path) as (app, pilot):
        screen = await look_up(pilot, SIMPLIFIED_WALLET)
        assert "25 000,00 ₽ из 60 000,00 ₽" in screen_text(app)
        await type_into(pilot, "lookup-query", "89990000")  # typed, not sent
        await switch_in_palette(pilot, "English", "Language: English")
        assert current_language() == "en"
        text = screen_text(app)
        assert "RUB 25,000.00 of RUB 60,000.00" in text
        # The form, the card and the history page survive the switch, now in English.
        assert screen.field("lookup-query").value == "89990000"
        assert "Time, MSK" in text and "History 1–" in text and "Month out" in text
        assert "Баланс" not in text and "История" not in text


async def test_a_switch_keeps_typed_amounts_and_their_complaints(tmp_path: Path):
    async with desk(tmp_path, size=(100, 30)) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "refill")
        await type_into(pilot, "refill-amount", "12,345")
        await pilot.press("tab")  # leaving the field checks it
        await settle(pilot)
        assert "two digits" in screen.query_one("#refill-amount", Field).error
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert screen.field("refill-amount").value == "12,345"
        assert "two digits" in screen.query_one("#refill-amount", Field).error  # as shown then
        assert "Сумма, ₽" in screen_text(app)
        await pilot.press("shift+tab")
        await pilot.press("tab")
        await settle(pilot)
        assert "Не больше двух цифр" in screen.query_one("#refill-amount", Field).error


async def test_a_switch_in_the_middle_of_a_payment_keeps_it(tmp_path: Path):
    async with desk(tmp_path, size=(120, 40)) as (app, pilot):
        screen = await start_payment(pilot)
        payment_id = screen.payment.payment_id
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert screen.step == "pay-step-confirm" and screen.payment.payment_id == payment_id
        summary = text_of(screen, "#pay-summary")
        assert payment_id in summary and "Итого" in summary and "1 500,00 ₽" in summary
        assert "Подтвердить (y)" in screen_text(app)
        await pilot.press("y")  # the payment is still the one to confirm
        await settle(pilot)
        assert "Оплачено 1 500,00 ₽" in text_of(screen, "#pay-result")


async def test_a_switch_keeps_the_chosen_bank_and_the_open_inspector(tmp_path: Path):
    async with desk(tmp_path, size=(120, 40)) as (app, pilot):
        screen = await fill_withdrawal(pilot, "1000")
        bank = screen.query_one("#wd-bank").chosen
        assert bank is not None
        await pilot.press("f9")
        await settle(pilot)
        assert "Exchanges" in screen_text(app)
        await switch_in_palette(pilot, "русский", "Язык: русский")
        assert screen.query_one("#wd-bank").chosen == bank
        assert screen.field("wd-amount").value == "1000"
        text = screen_text(app)
        assert "Обмены" in text and "копировать как curl" in text  # the inspector, still open
        assert "Комиссия ≈" in text and "10,00 ₽" in text  # the estimate, redrawn
        assert bank["name"] in text_of(screen, "#wd-bank-chosen")


async def test_payment_result_names_the_status_in_russian_beside_the_wire_value(tmp_path: Path):
    async with russian_desk(tmp_path) as (app, pilot):
        screen = await start_payment(pilot)
        assert "Упрощённый (SIMPLIFIED)" in text_of(screen, "#pay-wallet")
        await pilot.press("y")
        await settle(pilot)
        result = text_of(screen, "#pay-result")
        assert "Оплачено 1 500,00 ₽ — Успешно (SUCCEEDED)" in result
        await switch_in_palette(pilot, "English", "Language: English")
        result = text_of(screen, "#pay-result")  # redrawn: the wire value once
        assert "— SUCCEEDED" in result and result.count("SUCCEEDED") == 1
        assert "Успешно" not in result
        assert "· SIMPLIFIED ·" in text_of(screen, "#pay-wallet")


async def test_withdrawal_status_in_russian_beside_the_wire_value(tmp_path: Path):
    async with russian_desk(tmp_path) as (app, pilot):
        screen = await fill_withdrawal(pilot, "1 000")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "⏳ В обработке (PROCESSING)" in text_of(screen, "#wd-status")
        await app.gateway.client.sandbox_advance_clock(61)
        await wait_until(pilot, lambda: "SUCCEEDED" in text_of(screen, "#wd-status"))
        assert "✔ Успешно (SUCCEEDED)" in text_of(screen, "#wd-status")


async def test_a_blocked_wallet_reads_blocked_in_russian_on_the_refill_screen(tmp_path: Path):
    async with russian_desk(tmp_path) as (app, pilot):
        await look_up(pilot, BLOCKED_WALLET)
        screen = await show(pilot, "refill")
        line = text_of(screen, "#refill-wallet")
        assert line.startswith(f"{BLOCKED_WALLET} Заблокирован (BLOCKED) · Полный (FULL) · ")


@pytest.fixture
def russian_app(tmp_path, monkeypatch):
    """The snapshot tests' desk (still clock, counted ids), in Russian."""
    _count_uuids(monkeypatch)
    choose_language_in_settings("ru")
    clock = ManualClock()
    return make_app(Sandbox(tmp_path / "sandbox.sqlite3", clock).connect)


@pytest.mark.parametrize("size", SIZES)
def test_lookup_in_russian(snap_compare, russian_app, size):
    assert snap_compare(russian_app, terminal_size=size, run_before=looked_up)


async def test_identification_names_levels_in_russian_beside_the_wire_value(tmp_path: Path):
    async with russian_desk(tmp_path) as (app, pilot):
        await look_up(pilot, SIMPLIFIED_WALLET)
        screen = await show(pilot, "identification")
        await pilot.press("down")  # SIMPLIFIED → FULL
        await settle(pilot)
        assert "Полный (FULL) позволяет" in text_of(screen, "#idn-limits")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        result = text_of(screen, "#idn-result")
        assert "Теперь уровень Полный (FULL) (был Упрощённый (SIMPLIFIED))" in result


async def test_the_wallet_line_stays_one_line_at_80_columns_in_russian(tmp_path: Path):
    # The longest: a blocked FULL wallet, each term in Russian beside its wire value.
    async with russian_desk(tmp_path, size=(80, 24)) as (app, pilot):
        await look_up(pilot, BLOCKED_WALLET)
        for name, line_id in (("refill", "#refill-wallet"), ("withdrawal", "#wd-wallet")):
            screen = await show(pilot, name)
            line = screen.query_one(line_id)
            assert line.size.height == 1, f"the {name} wallet line takes {line.size.height} lines"
            assert "Заблокирован (BLOCKED)" in screen_text(app)

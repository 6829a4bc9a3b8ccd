"""Item 5 — junk from the operator. Bad values typed into every field of every form: each gets
a message under its own field, and no request leaves the desk (the exchange log does not grow,
no confirmation is asked)."""

from __future__ import annotations

from typing import Any

import pytest

from wallet_tui.ui.widgets.form import Field

from .desk import SandboxConnect, desk, look_up, paste_into, settle, show

# The list, then (on one form: every amount field shares one check) what else slips
# from fingers or a clipboard.
AMOUNTS = ["", "0", "-1", "1e3", "10,555", "1 000 000 000", "abc"]
MORE_AMOUNTS = [*AMOUNTS, "0,00", "600 000,01", "1.2.3", "NaN"]
PHONES = ["", "123", "+1 212 555-01-00", "+7 916 123", "phone", "+7 916 123-45-67-89",
          "+7 000 000-00-00"]
WALLET_QUERIES = ["", "12345", "abc def", "100000000002/../1", "кошелёк", "+7 916",
                  "١٠٠٠٠٠٠٠٠٠٠٢"]
EMAILS = ["anna", "anna@", "@example.ru", "anna@example", "an na@example.ru",
          "a" * 250 + "@example.ru", "anna\u200b@example.ru"]
NAMES = ["Анна1", "x" * 101, "Анна\x00", "Ан\u202eна"]
EXTERNAL_IDS = ["x" * 65, "id\x07"]
DESCRIPTIONS = ["d" * 256, "\u200b\u200b"]
BANK_FILTERS = ["", "no such bank", "999999999999"]

GOOD = {
    "lookup-query": "100000000002",
    "reg-phone": "+7 916 555-12-34", "reg-email": "anna@example.ru", "reg-last-name": "Смирнова",
    "reg-first-name": "Анна", "reg-middle-name": "Сергеевна",
    "idn-last-name": "Кузнецова", "idn-first-name": "Вера", "idn-middle-name": "Павловна",
    "idn-email": "vera@example.ru",
    "refill-amount": "100", "refill-external-id": "ok-1", "refill-description": "ok",
    "pay-amount": "100", "pay-description": "ok", "pay-external-id": "ok-2",
    "wd-phone": "+7 916 123-45-67", "wd-amount": "100", "wd-external-id": "ok-3",
}

FORMS: dict[str, dict[str, list[str]]] = {
    "lookup": {"lookup-query": WALLET_QUERIES},
    "registration": {"reg-phone": PHONES, "reg-email": EMAILS, "reg-first-name": NAMES,
                     "reg-last-name": NAMES[:1], "reg-middle-name": NAMES[2:3]},
    "identification": {"idn-first-name": NAMES, "idn-last-name": NAMES[1:2],
                       "idn-middle-name": NAMES[3:], "idn-email": EMAILS},
    "refill": {"refill-amount": MORE_AMOUNTS, "refill-external-id": EXTERNAL_IDS,
               "refill-description": DESCRIPTIONS},
    "payment": {"pay-amount": AMOUNTS, "pay-description": DESCRIPTIONS,
                "pay-external-id": EXTERNAL_IDS},
    "withdrawal": {"wd-bank-filter": BANK_FILTERS, "wd-phone": PHONES[:4], "wd-amount": AMOUNTS,
                   "wd-external-id": EXTERNAL_IDS},
}
FULL_WALLET = "100000000003"


async def fill_good(pilot, screen, form: dict[str, list[str]]) -> None:
    for field_id in form:
        if field_id in GOOD:
            field = screen.query_one(f"#{field_id}", Field)
            field.value = GOOD[field_id]
            field.clear_error()
    if "wd-bank-filter" in form and screen.query_one("#wd-bank").chosen is None:
        await paste_into(pilot, "wd-bank-filter", "100000000111")
        await pilot.press("enter")  # takes the highlighted bank
        await pilot.pause()


async def try_junk(pilot, screen, field_id: str, junk: str) -> tuple[str, bool, bool]:
    """Types `junk`, presses Enter; says what the field shows, whether anything was sent
    and whether a confirmation came up."""
    app = pilot.app
    sent_before = len(app.gateway.exchanges)
    await paste_into(pilot, field_id, junk)
    if field_id == "wd-bank-filter":
        await paste_into(pilot, "wd-amount", GOOD["wd-amount"])  # Enter from the form
    await pilot.press("enter")
    await settle(pilot)
    asked = app.screen is not screen
    if asked:
        await pilot.press("escape")
        await settle(pilot)
    message = screen.query_one(f"#{field_id}", Field).error
    return message, len(app.gateway.exchanges) > sent_before, asked


@pytest.mark.slow
@pytest.mark.parametrize("form_name", list(FORMS))
async def test_bad_values_in_every_field_get_a_message_and_send_nothing(
    tmp_path, home, form_name, figures
):
    form = FORMS[form_name]
    connect = SandboxConnect(tmp_path / "junk.sqlite3")
    problems: list[Any] = []
    cases = 0
    async with desk(connect, size=(100, 30)) as (app, pilot):
        if form_name not in ("lookup", "registration"):
            await look_up(pilot, FULL_WALLET)
        screen = await show(pilot, form_name)
        await settle(pilot)
        for field_id, values in form.items():
            for junk in values:
                await fill_good(pilot, screen, form)
                if field_id == "wd-bank-filter":
                    # The bank filter only filters: junk typed there never changes the bank
                    # chosen (only Enter or a click on the list does), and sends nothing.
                    picker = screen.query_one("#wd-bank")
                    chosen = picker.chosen
                    message, sent, _asked = await try_junk(pilot, screen, field_id, junk)
                    cases += 1
                    if sent or picker.chosen != chosen:
                        problems.append((field_id, junk[:30], "bank changed", "SENT" if sent else ""))
                    continue
                message, sent, asked = await try_junk(pilot, screen, field_id, junk)
                cases += 1
                if not message or sent or asked:
                    problems.append((field_id, junk[:30], message, "SENT" if sent else "",
                                     "ASKED" if asked else ""))
    assert problems == []
    figures.update(cases=cases, fields=len(form), messages_shown=cases, requests_sent=0)

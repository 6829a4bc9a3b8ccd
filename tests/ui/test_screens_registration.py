"""Registration: a new wallet opens in lookup; a phone already registered offers its wallet."""

from __future__ import annotations

from wallet_tui.ui.screens.lookup import LookupScreen
from wallet_tui.ui.screens.registration import RegistrationScreen

from .helpers import settle
from .screens_support import (
    SIMPLIFIED_WALLET,
    desk,
    error_under,
    focused_input_id,
    show,
    text_of,
    type_into,
    wallet_posts,
)


async def test_register_new_wallet_opens_its_card(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "8 (916) 123-45-67")
        await type_into(pilot, "reg-email", "anna@example.ru")
        await type_into(pilot, "reg-last-name", "Petrova")
        await type_into(pilot, "reg-first-name", "Anna")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        wallet = app.current_wallet
        assert wallet.phone == "+79161234567" and wallet.identification.value == "ANONYMOUS"
        card = text_of(app.screen, "#wallet-card")
        assert wallet.wallet_id in card and "Anna Petrova" in card and "RUB 0.00" in card


async def test_phone_already_registered_offers_to_open_that_wallet(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+7 999 000-00-02")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "WALLET_ALREADY_EXISTS" in text_of(screen, "#reg-banner")
        assert SIMPLIFIED_WALLET in text_of(screen, "#reg-existing-text")
        assert screen.query_one("#reg-existing").display
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.current_wallet.wallet_id == SIMPLIFIED_WALLET


async def test_after_a_duplicate_phone_the_focus_stays_where_the_operator_typed(tmp_path):
    """Issue 11: the offer took the focus; typed digits vanished and Enter opened the
    other wallet."""
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+7 999 000-00-0")
        await pilot.press("2", "enter")
        await settle(pilot)
        assert screen.query_one("#reg-existing").display
        assert focused_input_id(app) == "reg-phone-input"
        await pilot.press("backspace", "7")
        await settle(pilot)
        assert screen.field("reg-phone").value == "+7 999 000-00-07"
        await pilot.press("enter")
        await settle(pilot)
        # Enter registered the phone typed; it did not open the other wallet.
        assert app.current_wallet.phone == "+79990000007"
        assert app.current_wallet.wallet_id != SIMPLIFIED_WALLET


async def test_bad_fields_are_said_under_them_and_nothing_is_sent(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "registration")
        before = len(app.gateway.exchanges)
        await type_into(pilot, "reg-phone", "12-34")
        await type_into(pilot, "reg-email", "anna.example.ru")
        await type_into(pilot, "reg-first-name", "Ann4")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RegistrationScreen)
        assert error_under(screen, "reg-phone")
        assert "email" in error_under(screen, "reg-email")
        assert "digits" in error_under(screen, "reg-first-name")
        assert error_under(screen, "reg-last-name") == ""
        assert len(app.gateway.exchanges) == before


async def test_leaving_a_badly_typed_field_says_so_at_once(tmp_path):
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+7 999")
        await pilot.press("tab")
        await settle(pilot)
        assert error_under(screen, "reg-phone")


async def test_a_banner_about_the_last_submission_goes_when_the_form_is_edited(tmp_path):
    """The WALLET_ALREADY_EXISTS banner stayed after a new phone was typed, next to the
    new email complaint."""
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "registration")
        await type_into(pilot, "reg-phone", "+79990000001")
        await pilot.press("enter")
        await settle(pilot)
        assert "WALLET_ALREADY_EXISTS" in text_of(screen, "#reg-banner")
        await type_into(pilot, "reg-phone", "+7 916 777-66-55")
        await settle(pilot)
        assert not screen.query_one("#reg-banner").shown
        # Submitted again, with a complaint of its own: still no banner from before.
        await type_into(pilot, "reg-email", "anna.example.ru")
        await pilot.press("enter")
        await settle(pilot)
        assert "email" in error_under(screen, "reg-email")
        assert not screen.query_one("#reg-banner").shown


async def test_a_phone_complaint_says_what_is_wrong_with_it(tmp_path):
    """`+7 999 12` and `123` were both told "Only Russian numbers": it was their length."""
    said = {}
    async with desk(tmp_path) as (app, pilot):
        screen = await show(pilot, "registration")
        for typed in ("+7 999 12", "123", "8 916 123 45 67 8", "+7 916 123-45-678",
                      "+1 202 555 0100", "+44 20 7946 0958"):
            await type_into(pilot, "reg-phone", typed)
            await pilot.press("enter")
            await settle(pilot)
            said[typed] = error_under(screen, "reg-phone")
        assert wallet_posts(app) == []
    for short in ("+7 999 12", "123"):
        assert said[short].startswith("Too short") and "10 digits" in said[short], said
    for long in ("8 916 123 45 67 8", "+7 916 123-45-678"):
        assert said[long].startswith("Too long") and "10 digits" in said[long], said
    for foreign in ("+1 202 555 0100", "+44 20 7946 0958"):
        assert "Russian" in said[foreign] and "short" not in said[foreign], said

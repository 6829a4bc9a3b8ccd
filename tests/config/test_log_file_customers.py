"""The desk's log file tells a support engineer what happened (method, path template,
status, time, requestId) and nothing about the customer: a login, a registration and a
lookup by phone leave no phone, name, e-mail, secret or token in it, even at DEBUG."""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

import pytest

from wallet_tui.cli import build_connect
from wallet_tui.client import Credentials
from wallet_tui.client.log_line import loggable_target, path_template
from wallet_tui.config import setup_logging, shutdown_logging
from wallet_tui.config.profiles import sandbox_profile
from wallet_tui.protocol import RegistrationRequest, wire

PHONE = "+79161234599"
FIRST, LAST, MIDDLE = "Ирина", "Петрова", "Сергеевна"
EMAIL = "irina.petrova@example.ru"


@pytest.fixture
def log_file(paths):
    path = setup_logging(paths, level=logging.DEBUG)
    yield path
    shutdown_logging()


def read(path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


async def test_login_registration_and_lookup_by_phone_leave_no_customer_data(paths, log_file):
    exchanges = []
    connect = build_connect(paths, reset=True)
    credentials = Credentials(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET, wire.DEMO_PARTNER_ID)
    async with connect(sandbox_profile(), on_exchange=exchanges.append) as client:
        tokens = await client.login(credentials)
        wallet = await client.register_wallet(RegistrationRequest(
            phone=PHONE, first_name=FIRST, last_name=LAST, middle_name=MIDDLE, email=EMAIL,
        ))
        found = await client.find_wallet_by_phone(PHONE)
        assert found.wallet_id == wallet.wallet_id
    text = read(log_file)

    forbidden = {
        "phone": [PHONE, PHONE[1:], quote(PHONE, safe=""), "9161234599"],
        "name": [FIRST, LAST, MIDDLE, quote(FIRST), quote(LAST)],
        "e-mail": [EMAIL, quote(EMAIL, safe=""), "irina.petrova"],
        "secret": [wire.DEMO_CLIENT_SECRET],
        "token": [tokens.access_token, tokens.refresh_token],
    }
    for kind, values in forbidden.items():
        for value in values:
            assert value not in text, f"the log file holds a customer's {kind}: {value!r}"

    # What a support engineer reads instead: one line per exchange, in order.
    lines = [line for line in text.splitlines() if "requestId=" in line]
    assert len(lines) == len(exchanges) == 3
    expected = [("POST", wire.TOKEN), ("POST", wire.REGISTRATION),
                ("GET", wire.WALLET_BY_PHONE + "?phone=…")]
    for line, exchange, (method, target) in zip(lines, exchanges, expected):
        assert re.search(rf" {method} {re.escape(target)} -> 20\d \d+ ms requestId=", line), line
        assert exchange.request_id and line.endswith(f"requestId={exchange.request_id}")


def test_ids_in_paths_become_their_names_and_query_values_are_hidden():
    assert path_template(wire.operations("100000000001")) == \
        wire.WALLET_PREFIX + "/{walletId}/operations"
    assert path_template(wire.withdrawal("100000000001", "w-42")) == \
        wire.WALLET_PREFIX + "/{walletId}/wifhdrawal/{withdrawalId}"
    assert path_template(wire.REGISTRATION) == wire.REGISTRATION
    assert path_template(wire.BANKS) == wire.BANKS
    paged = loggable_target(f"http://h{wire.operations('100000000001')}?limit=20&offset=40")
    assert paged.endswith("/operations?limit=20&offset=40")


def test_a_path_the_wire_does_not_know_keeps_only_the_words_the_wire_spells():
    # The raw console sends anything; a base URL may carry a path of its own.
    target = loggable_target("http://h/api/v9/Petrova/irina@example.ru?email=irina@example.ru&x=1")
    assert target == "/api/*/*/*?*=…&*=…"
    assert loggable_target(f"http://h/gateway/{wire.wallet('100000000002')}".replace("//", "/")) \
        .endswith("/api/wallet/v1/account/{walletId}")


def test_phones_and_e_mails_in_any_line_are_masked(log_file):
    logging.getLogger("wallet_tui.ui").warning(
        "lookup failed for %s (%s) at /x?phone=%s", PHONE, EMAIL, quote(PHONE, safe=""))
    text = read(log_file)
    assert "lookup failed" in text
    assert PHONE not in text and EMAIL not in text and quote(PHONE, safe="") not in text


def test_http_libraries_warnings_still_reach_the_file_but_not_their_chatter(log_file):
    logging.getLogger("httpx").info("HTTP Request: GET http://h/x \"HTTP/1.1 200 OK\"")
    logging.getLogger("httpcore.connection").debug("connect_tcp.started host='h'")
    logging.getLogger("httpx").warning("a warning worth keeping")
    text = read(log_file)
    assert "HTTP Request" not in text and "connect_tcp" not in text
    assert "a warning worth keeping" in text

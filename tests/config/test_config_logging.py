"""The rotating log file: private, and secrets masked in every line."""

from __future__ import annotations

import logging

import pytest

from wallet_tui.config import mask_secrets, register_secret, setup_logging, shutdown_logging
from wallet_tui.config import logging_setup

from .helpers import file_mode

TOKEN = "eyJhbGciOiJIUzI1NiJ9.payload.sig"
SECRET = "typed-at-login-Qx7"


@pytest.fixture
def log_file(paths, loose_umask):
    path = setup_logging(paths)
    yield path
    shutdown_logging()


def read(path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text()


def test_the_log_file_is_in_the_log_dir_and_private(paths, log_file):
    logging.getLogger("wallet_tui.test").info("desk started")
    assert log_file == paths.log_file
    assert "desk started" in read(log_file)
    assert file_mode(log_file) == 0o600
    assert file_mode(paths.log_dir) == 0o700


@pytest.mark.parametrize(
    "message",
    [
        f"request headers {{'Authorization': 'Bearer {TOKEN}'}}",
        f'token answer {{"accessToken": "{TOKEN}", "expiresIn": 300}}',
        f'login body {{"clientId": "acme", "clientSecret": "{SECRET}"}}',
        f"form grant_type=refresh_token&refresh_token={TOKEN}&x=1",
        f"{{'refreshToken': '{TOKEN}'}}",
    ],
)
def test_secrets_in_messages_are_masked(log_file, message):
    logging.getLogger("httpx").warning(message)
    text = read(log_file)
    assert TOKEN not in text and SECRET not in text
    assert "****" in text


def test_secrets_passed_as_arguments_are_masked(log_file):
    logging.getLogger("wallet_tui.client").info("sent %s", {"clientSecret": SECRET})
    assert SECRET not in read(log_file)


def test_a_registered_secret_is_masked_even_in_a_traceback(log_file):
    register_secret(SECRET)
    try:
        raise RuntimeError(f"server echoed {SECRET} back")
    except RuntimeError:
        logging.getLogger("wallet_tui.ui").exception("login failed")
    text = read(log_file)
    assert "Traceback" in text and "login failed" in text
    assert SECRET not in text


def test_short_values_are_not_registered_for_masking():
    register_secret("ab")
    assert mask_secrets("tab cab") == "tab cab"


def test_mask_keeps_ordinary_text():
    assert mask_secrets('{"walletId": "w-1", "amount": "100.00"}') == '{"walletId": "w-1", "amount": "100.00"}'


def test_rotated_files_stay_private(paths, loose_umask, monkeypatch):
    monkeypatch.setattr(logging_setup, "LOG_MAX_BYTES", 200)
    path = setup_logging(paths)
    try:
        for n in range(20):
            logging.getLogger("wallet_tui.test").info("line %d %s", n, "x" * 40)
        rotated = sorted(paths.log_dir.glob("wallet-tui.log*"))
        assert len(rotated) == 1 + logging_setup.LOG_BACKUPS
        assert all(file_mode(p) == 0o600 for p in rotated)
        assert path in rotated
    finally:
        shutdown_logging()


def test_setting_up_twice_does_not_double_lines(paths):
    setup_logging(paths)
    path = setup_logging(paths)
    try:
        logging.getLogger("wallet_tui.test").info("once")
        assert read(path).count("once") == 1
    finally:
        shutdown_logging()

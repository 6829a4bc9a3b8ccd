"""Everything the config room writes, searched for the secret and the tokens.

(The UI team runs the same search after a full Pilot flow with
`tests.config.helpers.files_containing`.)"""

from __future__ import annotations

import logging

from wallet_tui.cli import main
from wallet_tui.config import (
    BankCache,
    ConfigStore,
    RecentWallets,
    SecretStore,
    setup_logging,
    shutdown_logging,
)

from .helpers import files_containing, files_written_under

SECRET = "cs-9f2Kq-secret"
ACCESS = "at.eyJzdWIiOiJhY21lIn0.c2ln"
REFRESH = "rt-7c1d0e55b2"


def test_no_file_written_in_a_session_holds_the_secret_or_a_token(home, paths, memory_keyring, capsys):
    setup_logging(paths)
    try:
        assert main(["profile", "add", "prod", "--base-url", "https://wallet.example.ru",
                     "--client-id", "acme", "--partner-id", "42", "--default"]) == 0
        store = ConfigStore()
        settings = store.load()
        prod = settings.profiles["prod"]

        secrets = SecretStore(env={})
        assert secrets.remember(prod, SECRET)  # "remember" ticked on the login form
        assert secrets.get(prod) == SECRET

        log = logging.getLogger("wallet_tui.client")
        log.info("POST /api/auth/v1/token %s", {"clientId": "acme", "clientSecret": SECRET})
        log.info('200 {"accessToken": "%s", "refreshToken": "%s"}', ACCESS, REFRESH)
        log.info("GET /api/wallet/v1/account/w-1 Authorization: Bearer %s", ACCESS)
        try:
            raise ConnectionError(f"gateway said: bad secret {SECRET}")
        except ConnectionError:
            log.exception("login failed")

        settings.theme = "nord"
        settings.language = "ru"
        settings.inspector_open = True
        settings.last_profile = "prod"
        store.save(settings)
        BankCache(paths=paths).save([{"bankId": "sber", "name": "Сбербанк", "bic": "044525225"}])
        RecentWallets(paths=paths).add("prod", "w-1", "+79990000001")
    finally:
        shutdown_logging()

    written = {path.name for path in files_written_under(home)}
    assert {"config.toml", "wallet-tui.log", "banks.json", "recent-wallets.json"} <= written
    assert files_containing(home, [SECRET, ACCESS, REFRESH]) == []
    # The secret did go somewhere: the keyring, not a file.
    assert SECRET in memory_keyring.passwords.values()

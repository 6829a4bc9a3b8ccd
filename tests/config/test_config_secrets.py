"""Where the clientSecret comes from, keyring present vs absent (through keyring's API)."""

from __future__ import annotations

import keyring
import pytest

from wallet_tui.config import ConfigStore, Profile, SecretSource, SecretStore, Settings
from wallet_tui.config.secrets import KEYRING_SERVICE
from wallet_tui.protocol import wire

from .helpers import LockedKeyring, MemoryKeyring, ReadOnlyKeyring, files_containing

SECRET = "prod-secret-Zq81"
PROD = Profile(name="prod", base_url="https://wallet.example.ru", client_id="acme", partner_id="42")


def test_the_environment_variable_comes_first(memory_keyring):
    store = SecretStore(env={"WALLET_TUI_CLIENT_SECRET": "from-env-123"})
    assert store.remember(PROD, SECRET)
    found = store.find(PROD)
    assert found.value == "from-env-123"
    assert found.source is SecretSource.ENVIRONMENT


def test_a_remembered_secret_is_kept_in_the_keyring_under_the_profile_and_client(memory_keyring):
    store = SecretStore(env={})
    assert store.keyring_available
    assert store.remember(PROD, SECRET) is True
    # Read back through keyring's own API, as any other tool would see it.
    assert keyring.get_password(KEYRING_SERVICE, "prod:acme") == SECRET
    found = SecretStore(env={}).find(PROD)
    assert (found.value, found.source) == (SECRET, SecretSource.KEYRING)


def test_nothing_is_found_for_a_remote_profile_that_was_never_remembered(memory_keyring):
    assert SecretStore(env={}).get(PROD) is None


def test_forget_removes_the_keyring_entry(memory_keyring):
    store = SecretStore(env={})
    store.remember(PROD, SECRET)
    assert store.forget(PROD) is True
    assert keyring.get_password(KEYRING_SERVICE, "prod:acme") is None
    assert store.forget(PROD) is False
    assert store.get(PROD) is None


def test_without_a_keyring_remember_says_so_and_keeps_nothing(home, paths):
    # The autouse fixture installed keyring's own "fail" backend: no keyring works.
    store = SecretStore(env={})
    assert not store.keyring_available
    assert store.remember(PROD, SECRET) is False
    assert "No system keyring works here" in store.problem
    assert "WALLET_TUI_CLIENT_SECRET" in store.problem
    assert store.get(PROD) is None
    ConfigStore(paths=paths).save(Settings())
    assert files_containing(home, [SECRET]) == []


def test_without_a_keyring_the_environment_still_works():
    store = SecretStore(env={"WALLET_TUI_CLIENT_SECRET": SECRET})
    assert store.get(PROD) == SECRET


def test_a_keyring_that_does_not_answer_counts_as_absent():
    keyring.set_keyring(LockedKeyring())
    store = SecretStore(env={})
    assert not store.keyring_available
    assert "does not answer" in store.keyring_status
    assert store.remember(PROD, SECRET) is False
    assert store.get(PROD) is None


def test_a_keyring_that_refuses_to_store_says_why():
    keyring.set_keyring(ReadOnlyKeyring())
    store = SecretStore(env={})
    assert store.keyring_available
    assert store.remember(PROD, SECRET) is False
    assert "refused" in store.problem and "permission denied" in store.problem


def test_installing_a_working_keyring_later_is_noticed():
    store = SecretStore(env={})
    assert not store.keyring_available
    keyring.set_keyring(MemoryKeyring())
    assert store.keyring_available
    assert "system keyring" in store.keyring_status


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET), (wire.OTHER_CLIENT_ID, wire.OTHER_CLIENT_SECRET)],
)
def test_sandbox_profiles_get_the_published_demo_secret(client_id, secret):
    sandbox = Profile(name="sandbox", kind="sandbox", client_id=client_id, partner_id="1")
    found = SecretStore(env={}).find(sandbox)
    assert (found.value, found.source) == (secret, SecretSource.DEMO)


def test_a_remote_profile_with_a_demo_client_id_gets_no_demo_secret():
    local = Profile(name="local", base_url="http://127.0.0.1:8080", allow_plain_http=True,
                    client_id=wire.DEMO_CLIENT_ID, partner_id="1001")
    assert SecretStore(env={}).get(local) is None


def test_the_secret_never_shows_in_a_repr(memory_keyring):
    store = SecretStore(env={})
    store.remember(PROD, SECRET)
    assert SECRET not in repr(store.find(PROD))


def test_a_rename_moves_the_remembered_secret(memory_keyring):
    store = SecretStore(env={})
    store.remember(PROD, SECRET)
    renamed = PROD.model_copy(update={"name": "production"})
    assert store.move(PROD, renamed) is True
    assert keyring.get_password(KEYRING_SERVICE, "production:acme") == SECRET
    assert keyring.get_password(KEYRING_SERVICE, "prod:acme") is None


def test_a_new_client_id_forgets_the_old_secret(memory_keyring):
    store = SecretStore(env={})
    store.remember(PROD, SECRET)
    other_client = PROD.model_copy(update={"client_id": "acme-2"})
    assert store.move(PROD, other_client) is False
    assert memory_keyring.passwords == {}


def test_a_quick_lookup_skips_the_keyring(memory_keyring):
    store = SecretStore(env={})
    store.remember(PROD, SECRET)
    assert store.find(PROD, use_keyring=False) is None
    sandbox = Profile(name="sandbox", kind="sandbox", client_id=wire.DEMO_CLIENT_ID, partner_id="1")
    assert store.find(sandbox, use_keyring=False).source is SecretSource.DEMO
    env_store = SecretStore(env={"WALLET_TUI_CLIENT_SECRET": "e-secret"})
    assert env_store.find(PROD, use_keyring=False).value == "e-secret"

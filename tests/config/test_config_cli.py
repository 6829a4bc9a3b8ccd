"""`wallet-tui profile list|add|edit|remove|default`, run through the real entry point."""

from __future__ import annotations

import tomllib

import keyring
import pytest

from wallet_tui.cli import main
from wallet_tui.config import ConfigStore, Profile, RecentWallets, SecretStore
from wallet_tui.config.secrets import KEYRING_SERVICE

from .helpers import file_mode

ADD_PROD = ["profile", "add", "prod", "--base-url", "https://wallet.example.ru/",
            "--client-id", "acme", "--partner-id", "42"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def saved(paths) -> dict:
    return tomllib.loads(paths.config_file.read_text())


def test_list_on_a_fresh_machine_shows_the_sandbox_as_default(home, paths, capsys):
    code, out, err = run(capsys, "profile", "list")
    assert code == 0 and err == ""
    line = next(line for line in out.splitlines() if "sandbox" in line)
    assert line.startswith("*") and "embedded sandbox" in line and "demo-client" in line
    assert str(paths.config_file) in out
    assert not paths.config_file.exists()  # listing writes nothing


def test_add_saves_a_validated_profile(home, paths, capsys):
    code, out, err = run(capsys, *ADD_PROD, "--timeout", "30")
    assert code == 0, err
    assert "Added profile 'prod' (https://wallet.example.ru)" in out
    assert "WALLET_TUI_CLIENT_SECRET" in out  # tells where the secret will come from
    profile = saved(paths)["profiles"]["prod"]
    assert profile["base_url"] == "https://wallet.example.ru"
    assert profile["timeout_seconds"] == 30.0
    assert profile["verify_tls"] is True
    assert file_mode(paths.config_file) == 0o600


def test_add_with_default_makes_it_the_default(home, paths, capsys):
    code, out, _ = run(capsys, *ADD_PROD, "--default")
    assert code == 0 and "'prod' is now the default profile" in out
    assert saved(paths)["default_profile"] == "prod"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "add", "Prod", "--base-url", "https://h", "--client-id", "c", "--partner-id", "1"],
         "lowercase latin letters"),
        (["profile", "add", "p", "--base-url", "http://h.example", "--client-id", "c", "--partner-id", "1"],
         "must use https://"),
        (["profile", "add", "p", "--base-url", "http://127.0.0.1:8080", "--client-id", "c", "--partner-id", "1"],
         "--allow-plain-http"),
        (["profile", "add", "p", "--client-id", "c", "--partner-id", "1"], "needs a base URL"),
        (["profile", "add", "p", "--base-url", "https://h", "--client-id", "c", "--partner-id", "1",
          "--timeout", "0"], "between 1 and 120 seconds"),
        (["profile", "add", "p", "--base-url", "https://h", "--client-id", "c", "--partner-id", "1",
          "--ca-bundle", "/no/such/ca.pem"], "does not exist"),
        (["profile", "add", "sandbox"], "already exists"),
        (["profile", "remove", "sandbox"], "cannot be removed"),
        (["profile", "remove", "nope"], "no profile named 'nope'"),
        (["profile", "default", "nope"], "known profiles: sandbox"),
        (["profile", "edit", "sandbox"], "nothing to change"),
        (["profile", "edit", "sandbox", "--base-url", "https://h"], "takes no base URL"),
    ],
)
def test_refusals_exit_2_with_a_clear_message_and_change_nothing(home, paths, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.startswith(f"wallet-tui profile {argv[1]}: ")
    assert out == ""
    assert not paths.config_file.exists()


def test_plain_http_on_loopback_is_accepted_with_the_switch(home, paths, capsys):
    code, _, err = run(capsys, "profile", "add", "local", "--base-url", "http://127.0.0.1:8080",
                       "--client-id", "demo-client", "--partner-id", "1001", "--allow-plain-http")
    assert code == 0, err
    assert saved(paths)["profiles"]["local"]["allow_plain_http"] is True


def test_edit_changes_only_the_given_fields(home, paths, capsys):
    run(capsys, *ADD_PROD, "--timeout", "30")
    code, out, _ = run(capsys, "profile", "edit", "prod", "--partner-id", "43")
    assert code == 0 and "Updated profile 'prod'" in out
    profile = saved(paths)["profiles"]["prod"]
    assert profile["partner_id"] == "43"
    assert profile["timeout_seconds"] == 30.0
    assert profile["client_id"] == "acme"


def test_edit_can_set_and_clear_a_ca_bundle(home, paths, capsys, tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("pem")
    run(capsys, *ADD_PROD)
    assert run(capsys, "profile", "edit", "prod", "--ca-bundle", str(bundle))[0] == 0
    assert saved(paths)["profiles"]["prod"]["ca_bundle"] == str(bundle)
    assert run(capsys, "profile", "edit", "prod", "--no-ca-bundle")[0] == 0
    assert "ca_bundle" not in saved(paths)["profiles"]["prod"]


def test_a_refused_edit_leaves_the_profile_as_it_was(home, paths, capsys):
    run(capsys, *ADD_PROD)
    before = paths.config_file.read_text()
    code, _, err = run(capsys, "profile", "edit", "prod", "--base-url", "http://wallet.example.ru")
    assert code == 2 and "https://" in err
    assert paths.config_file.read_text() == before


def test_edit_rename_moves_the_default_the_secret_and_recent_wallets(home, paths, capsys, memory_keyring):
    run(capsys, *ADD_PROD, "--default")
    SecretStore(env={}).remember(ConfigStore().load().profiles["prod"], "s3cret-value")
    RecentWallets(paths=paths).add("prod", "w-1")
    code, out, _ = run(capsys, "profile", "edit", "prod", "--rename", "production")
    assert code == 0 and "now named 'production'" in out
    document = saved(paths)
    assert document["default_profile"] == "production"
    assert "prod" not in document["profiles"]
    assert keyring.get_password(KEYRING_SERVICE, "production:acme") == "s3cret-value"
    assert keyring.get_password(KEYRING_SERVICE, "prod:acme") is None
    assert [w.wallet_id for w in RecentWallets(paths=paths).for_profile("production")] == ["w-1"]


def test_remove_forgets_the_remembered_secret_and_resets_the_default(home, paths, capsys, memory_keyring):
    run(capsys, *ADD_PROD, "--default")
    prod = Profile(name="prod", base_url="https://wallet.example.ru", client_id="acme", partner_id="42")
    SecretStore(env={}).remember(prod, "s3cret-value")
    code, out, _ = run(capsys, "profile", "remove", "prod")
    assert code == 0
    assert "Removed profile 'prod'" in out
    assert "default profile is now 'sandbox'" in out
    assert "removed from the system keyring" in out
    assert memory_keyring.passwords == {}
    assert saved(paths)["default_profile"] == "sandbox"


def test_default_switches_the_default_profile(home, paths, capsys):
    run(capsys, *ADD_PROD)
    code, out, _ = run(capsys, "profile", "default", "prod")
    assert code == 0 and "'prod' is now the default profile" in out
    assert saved(paths)["default_profile"] == "prod"


def test_a_broken_config_is_reported_and_set_aside(home, paths, capsys):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("[[[")
    code, out, err = run(capsys, "profile", "list")
    assert code == 0
    assert err.startswith("warning: The config file could not be used")
    assert "config.toml.broken-" in err
    assert list(paths.config_dir.glob("config.toml.broken-*"))


def test_wallet_tui_config_is_honoured_by_the_cli(home, capsys, monkeypatch, tmp_path):
    other = tmp_path / "ci.toml"
    monkeypatch.setenv("WALLET_TUI_CONFIG", str(other))
    assert run(capsys, *ADD_PROD)[0] == 0
    assert "prod" in tomllib.loads(other.read_text())["profiles"]


def test_a_save_that_fails_exits_1(home, paths, capsys, monkeypatch):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("")
    def fail(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("wallet_tui.config.store.atomic_write_text", fail)
    code, _, err = run(capsys, *ADD_PROD)
    assert code == 1 and "Could not save the config file" in err


def test_switching_tls_verification_off_is_refused_with_the_way_out(home, paths, capsys):
    code, out, err = run(capsys, *ADD_PROD, "--no-verify-tls")
    assert code != 0
    assert "TLS verification cannot be switched off" in err + out and "CA bundle" in err + out
    assert not paths.config_file.exists()

"""A profile's environment: said by the operator, or inferred (production unless the
embedded sandbox or a loopback server); kept in the file, the preview and the CLI."""

from __future__ import annotations

import tomllib

import pytest

from wallet_tui.cli import main
from wallet_tui.config import ConfigStore, Profile, Settings
from wallet_tui.config.preview import preview_document, view_of

ADD_REMOTE = ["profile", "add", "acme", "--base-url", "https://wallet.example.ru",
              "--client-id", "acme", "--partner-id", "42"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def remote(**values) -> Profile:
    return Profile.model_validate({"name": "acme", "base_url": "https://wallet.example.ru",
                                   "client_id": "acme", "partner_id": "42", **values})


def test_a_remote_address_that_does_not_say_is_treated_as_production():
    assert remote().environment is None
    assert remote().effective_environment == "production" and remote().is_production


def test_a_loopback_server_is_a_test_and_the_embedded_sandbox_the_sandbox():
    local = remote(base_url="http://127.0.0.1:8080", allow_plain_http=True)
    assert local.effective_environment == "test" and not local.is_production
    assert Settings().profiles["sandbox"].effective_environment == "sandbox"


def test_said_environment_wins_even_on_the_embedded_sandbox():
    assert remote(environment="test").effective_environment == "test"
    rehearsal = Profile(name="rehearsal", kind="sandbox", environment="production")
    assert rehearsal.is_production


def test_the_built_in_sandbox_is_always_the_sandbox():
    with pytest.raises(ValueError, match="its environment is 'sandbox'"):
        Profile(name="sandbox", kind="sandbox", environment="production")
    with pytest.raises(ValueError):
        remote(environment="prod")


def test_the_file_keeps_what_was_said_and_the_preview_agrees(home, paths):
    store = ConfigStore()
    settings = store.load()
    settings.add_profile(remote(environment="test"))
    settings.add_profile(remote(name="live"))
    store.save(settings)
    document = tomllib.loads(paths.config_file.read_text())
    assert document["profiles"]["acme"]["environment"] == "test"
    assert "environment" not in document["profiles"]["live"]  # inferred, not written
    preview = preview_document(document)
    assert preview is not None
    loaded = ConfigStore().load()
    assert list(preview.profiles.values()) == [view_of(p) for p in loaded.profiles.values()]
    assert preview.profiles["live"].is_production and not preview.profiles["acme"].is_production


def test_a_wrong_environment_in_the_file_sets_it_aside(home, paths):
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text(
        '[profiles.acme]\nbase_url = "https://wallet.example.ru"\nclient_id = "a"\n'
        'partner_id = "1"\nenvironment = "live"\n'
    )
    store = ConfigStore()
    assert store.preview() is None  # only the full validation can say what is wrong
    store.load()
    assert store.warning and "environment" in store.warning and store.broken_copy


def test_idle_lock_minutes_is_a_preference_within_bounds(home, paths):
    assert Settings().idle_lock_seconds == 300
    assert Settings(idle_lock_minutes=2).idle_lock_seconds == 120
    with pytest.raises(ValueError, match="between 1 and 240"):
        Settings(idle_lock_minutes=0)
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text("[preferences]\nidle_lock_minutes = 10\n")
    store = ConfigStore()
    settings = store.load()
    assert settings.idle_lock_minutes == 10
    store.save(settings)
    assert tomllib.loads(paths.config_file.read_text())["preferences"]["idle_lock_minutes"] == 10


def test_cli_add_says_an_inferred_production_and_how_to_change_it(home, paths, capsys):
    code, out, err = run(capsys, *ADD_REMOTE)
    assert code == 0, err
    assert "Environment: production (real money)" in out
    assert "wallet-tui profile edit acme --environment test" in out
    code, out, err = run(capsys, "profile", "edit", "acme", "--environment", "test")
    assert code == 0 and "Environment: test." in out
    assert ConfigStore().load().profiles["acme"].environment == "test"
    code, out, _ = run(capsys, "profile", "list")
    line = next(line for line in out.splitlines() if "acme" in line)
    assert " test " in line


def test_cli_refuses_an_unknown_environment_and_a_production_builtin_sandbox(home, capsys):
    with pytest.raises(SystemExit) as exit_:
        run(capsys, *ADD_REMOTE, "--environment", "live")
    assert exit_.value.code == 2
    code, _, err = run(capsys, "profile", "edit", "sandbox", "--environment", "production")
    assert code == 2 and "its environment is 'sandbox'" in err

"""The config file: round trip, broken-file recovery, unknown keys, modes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wallet_tui.config import ConfigError, ConfigStore, Profile, Settings

from .helpers import file_mode, files_written_under


def full_settings(bundle: Path) -> Settings:
    """Every setting away from its default, so a field the store forgets shows up."""
    settings = Settings()
    settings.replace_profile(
        Profile(name="sandbox", kind="sandbox", client_id="other-client", partner_id="1002",
                timeout_seconds=7.5)
    )
    settings.add_profile(
        Profile(
            name="prod",
            kind="remote",
            base_url="https://wallet.example.ru/partner",
            client_id="acme",
            partner_id="4242",
            timeout_seconds=60,
            ca_bundle=bundle,
            allow_plain_http=False,
        )
    )
    settings.add_profile(
        Profile(name="local", base_url="http://127.0.0.1:8080", client_id="demo-client",
                partner_id="1001", allow_plain_http=True, timeout_seconds=1)
    )
    settings.set_default("prod")
    settings.theme = "nord"
    settings.language = "en"
    settings.inspector_open = True
    settings.last_profile = "local"
    return settings


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "corp-ca.pem"
    path.write_text("-----BEGIN CERTIFICATE-----\n")
    return path


def test_every_setting_survives_a_restart(paths, bundle):
    settings = full_settings(bundle)
    ConfigStore(paths=paths).save(settings)
    again = ConfigStore(paths=paths).load()
    assert again == settings
    assert again.profiles["prod"].ca_bundle == bundle


def test_a_missing_file_means_defaults_and_nothing_is_written(home, paths):
    store = ConfigStore(paths=paths)
    assert store.load() == Settings()
    assert store.warning is None
    assert files_written_under(home) == []


def test_saved_file_is_readable_toml_in_the_documented_layout(paths, bundle):
    ConfigStore(paths=paths).save(full_settings(bundle))
    document = tomllib.loads(paths.config_file.read_text())
    assert document["default_profile"] == "prod"
    assert document["preferences"] == {
        "theme": "nord", "language": "en", "inspector_open": True, "last_profile": "local",
    }
    assert document["profiles"]["prod"]["base_url"] == "https://wallet.example.ru/partner"
    assert document["profiles"]["prod"]["ca_bundle"] == str(bundle)


def test_file_is_0600_in_a_0700_dir_whatever_the_umask(paths, loose_umask):
    ConfigStore(paths=paths).save(Settings())
    assert file_mode(paths.config_file) == 0o600
    assert file_mode(paths.config_dir) == 0o700


def test_an_existing_world_readable_file_becomes_private_on_save(paths):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text('default_profile = "sandbox"\n')
    paths.config_file.chmod(0o644)
    store = ConfigStore(paths=paths)
    store.save(store.load())
    assert file_mode(paths.config_file) == 0o600


def test_no_temporary_files_are_left_behind(paths):
    store = ConfigStore(paths=paths)
    for theme in ("a", "b", "c"):
        settings = store.load()
        settings.theme = theme
        store.save(settings)
    assert [p.name for p in paths.config_dir.iterdir()] == ["config.toml"]


BROKEN_FILES = {
    "not toml": "default_profile = \n[[[",
    "not utf-8": b"theme = '\xff\xfe'".decode("latin-1"),
    "wrong type at top": "default_profile = 3\n",
    "preferences not a table": 'preferences = "dark"\n',
    "a string for a number": '[profiles.prod]\nbase_url = "https://h"\nclient_id = "c"\n'
    'partner_id = "1"\ntimeout_seconds = "15"\n',
    "a string for a bool": '[preferences]\ninspector_open = "yes"\n',
    "unknown language": '[preferences]\nlanguage = "de"\n',
    "plain http to a remote host": '[profiles.prod]\nbase_url = "http://h.example"\n'
    'client_id = "c"\npartner_id = "1"\n',
    "default names no profile": 'default_profile = "prod"\n',
}


@pytest.mark.parametrize("content", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_a_broken_file_is_set_aside_and_the_app_starts_on_defaults(paths, content):
    paths.config_dir.mkdir(parents=True)
    raw = content.encode("latin-1") if "\xff" in content else content.encode()
    paths.config_file.write_bytes(raw)
    store = ConfigStore(paths=paths)
    settings = store.load()
    assert settings == Settings()
    assert store.broken_copy is not None
    assert store.broken_copy.name.startswith("config.toml.broken-")
    assert store.broken_copy.read_bytes() == raw  # the operator's file, untouched
    assert not paths.config_file.exists()
    assert str(store.broken_copy) in store.warning
    assert "default" in store.warning


def test_the_warning_says_what_was_wrong(paths):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text('[preferences]\ninspector_open = "yes"\n')
    store = ConfigStore(paths=paths)
    store.load()
    assert "inspector_open" in store.warning


def test_two_broken_files_in_one_second_do_not_overwrite_each_other(paths):
    paths.config_dir.mkdir(parents=True)
    copies = []
    for content in ("x = [", "y = ["):
        paths.config_file.write_text(content)
        store = ConfigStore(paths=paths)
        store.load()
        copies.append(store.broken_copy)
    assert copies[0] != copies[1]
    assert {c.read_text() for c in copies} == {"x = [", "y = ["}


def test_a_file_broken_while_the_app_runs_is_set_aside_not_overwritten(paths):
    store = ConfigStore(paths=paths)
    settings = store.load()
    store.save(settings)
    paths.config_file.write_text("hand edit gone wrong = = =")
    settings.theme = "nord"
    store.save(settings)
    assert store.broken_copy.read_text() == "hand edit gone wrong = = ="
    assert ConfigStore(paths=paths).load().theme == "nord"


def test_unknown_keys_are_kept_on_rewrite(paths):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(
        'future_flag = true\n'
        '[preferences]\nfont_size = 14\ntheme = "nord"\n'
        '[profiles.prod]\nbase_url = "https://h.example"\nclient_id = "c"\npartner_id = "1"\n'
        'proxy = "socks5://127.0.0.1:1080"\n'
        '[plugins.exporter]\nformat = "csv"\n'
    )
    store = ConfigStore(paths=paths)
    settings = store.load()
    settings.theme = "gruvbox"
    store.save(settings)
    document = tomllib.loads(paths.config_file.read_text())
    assert document["future_flag"] is True
    assert document["preferences"]["font_size"] == 14
    assert document["preferences"]["theme"] == "gruvbox"
    assert document["profiles"]["prod"]["proxy"] == "socks5://127.0.0.1:1080"
    assert document["plugins"] == {"exporter": {"format": "csv"}}


def test_unknown_keys_written_by_another_instance_after_load_are_kept(paths):
    store = ConfigStore(paths=paths)
    settings = store.load()
    store.save(settings)
    with paths.config_file.open("a") as file:
        file.write('\n[newer_app]\nkept = "yes"\n')
    settings.inspector_open = True
    store.save(settings)
    assert tomllib.loads(paths.config_file.read_text())["newer_app"] == {"kept": "yes"}


def test_a_removed_profile_takes_its_unknown_keys_with_it(paths):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(
        '[profiles.prod]\nbase_url = "https://h.example"\nclient_id = "c"\npartner_id = "1"\nx = 1\n'
    )
    store = ConfigStore(paths=paths)
    settings = store.load()
    settings.remove_profile("prod")
    store.save(settings)
    assert "prod" not in tomllib.loads(paths.config_file.read_text())["profiles"]


def test_a_secret_pasted_into_the_file_is_warned_about_and_dropped(paths):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(
        '[profiles.prod]\nbase_url = "https://h.example"\nclient_id = "c"\npartner_id = "1"\n'
        'client_secret = "pasted-by-hand-42"\n'
    )
    store = ConfigStore(paths=paths)
    settings = store.load()
    assert "profiles.prod.client_secret" in store.warning
    store.save(settings)
    assert "pasted-by-hand-42" not in paths.config_file.read_text()
    assert ConfigStore(paths=paths).load().profiles["prod"].client_id == "c"


def test_a_missing_ca_bundle_does_not_break_the_file(paths, bundle):
    store = ConfigStore(paths=paths)
    store.save(full_settings(bundle))
    bundle.unlink()
    store = ConfigStore(paths=paths)
    settings = store.load()
    assert store.warning is None
    assert "does not exist" in settings.profiles["prod"].file_problem()


def test_wallet_tui_config_reads_and_writes_the_other_file(tmp_path, home, monkeypatch):
    other = tmp_path / "ci" / "desk.toml"
    monkeypatch.setenv("WALLET_TUI_CONFIG", str(other))
    store = ConfigStore()
    settings = store.load()
    settings.theme = "ci-theme"
    store.save(settings)
    assert other.is_file()
    assert file_mode(other) == 0o600
    assert ConfigStore(other).load().theme == "ci-theme"
    assert not (home / ".config").exists()


def test_a_file_that_cannot_be_read_is_never_overwritten(paths):
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text('[preferences]\ntheme = "mine"\n')

    def unreadable(self):
        raise PermissionError(13, "Permission denied")

    store = ConfigStore(paths=paths)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "read_bytes", unreadable)
        settings = store.load()
    assert "Permission denied" in store.warning
    with pytest.raises(ConfigError, match="Not saving"):
        store.save(settings)
    assert 'theme = "mine"' in paths.config_file.read_text()

"""Where files go: platformdirs locations under a temporary home, and `wallet-tui paths`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from wallet_tui.cli import main
from wallet_tui.config.paths import AppPaths, print_paths

from .helpers import file_mode, files_written_under

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout")


@linux_only
def test_every_path_follows_the_xdg_layout_under_home(home: Path, paths: AppPaths):
    assert paths.config_file == home / ".config/wallet-tui/config.toml"
    assert paths.themes_dir == home / ".config/wallet-tui/themes"
    assert paths.bank_cache_file == home / ".cache/wallet-tui/banks.json"
    assert paths.recent_wallets_file == home / ".cache/wallet-tui/recent-wallets.json"
    assert paths.sandbox_db == home / ".local/share/wallet-tui/sandbox.sqlite3"
    assert paths.exchange_logs_dir == home / ".local/share/wallet-tui/exchange-logs"
    assert paths.log_file == home / ".local/state/wallet-tui/log/wallet-tui.log"
    assert not paths.config_from_env


@linux_only
def test_xdg_variables_move_each_kind_of_file(tmp_path: Path, home: Path, monkeypatch):
    for variable, folder in [
        ("XDG_CONFIG_HOME", "cfg"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ]:
        monkeypatch.setenv(variable, str(tmp_path / folder))
    paths = AppPaths.from_env()
    assert paths.config_file == tmp_path / "cfg/wallet-tui/config.toml"
    assert paths.bank_cache_file == tmp_path / "cache/wallet-tui/banks.json"
    assert paths.sandbox_db == tmp_path / "data/wallet-tui/sandbox.sqlite3"
    assert paths.log_file == tmp_path / "state/wallet-tui/log/wallet-tui.log"


def test_every_path_is_inside_the_temporary_home(home: Path, paths: AppPaths):
    for _, path in paths.rows():
        assert path.is_relative_to(home), path


def test_wallet_tui_config_names_another_config_file(tmp_path: Path, home, monkeypatch):
    monkeypatch.setenv("WALLET_TUI_CONFIG", str(tmp_path / "ci" / "desk.toml"))
    paths = AppPaths.from_env()
    assert paths.config_file == tmp_path / "ci" / "desk.toml"
    assert paths.config_from_env
    # Themes stay in the user's config dir: only the settings file moves.
    assert paths.themes_dir.is_relative_to(home)


def test_a_relative_wallet_tui_config_is_taken_from_the_working_dir(tmp_path, home, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WALLET_TUI_CONFIG", "desk.toml")
    assert AppPaths.from_env().config_file == tmp_path / "desk.toml"


def test_paths_command_prints_every_location_and_creates_nothing(home, paths, capsys):
    assert main(["paths"]) == 0
    printed = capsys.readouterr().out
    for _, path in paths.rows():
        assert str(path) in printed
    assert files_written_under(home) == []


def test_paths_says_a_secret_is_set_without_showing_it(home, paths):
    out = io.StringIO()
    env = {"WALLET_TUI_CLIENT_SECRET": "hunter2-very-secret", "WALLET_TUI_PROFILE": "prod"}
    print_paths(paths, env=env, out=out)
    text = out.getvalue()
    assert "WALLET_TUI_CLIENT_SECRET is set" in text
    assert "hunter2-very-secret" not in text
    assert "WALLET_TUI_PROFILE=prod" in text


def test_prepared_data_dirs_are_private(home, paths, loose_umask):
    assert paths.prepare_sandbox_db() == paths.sandbox_db
    logs = paths.prepare_exchange_logs_dir()
    assert logs.is_dir()
    assert file_mode(paths.data_dir) == 0o700
    assert file_mode(logs) == 0o700
    # The missing parents made on the way are private too, not left to the umask.
    assert file_mode(home / ".local/share") == 0o700 or not sys.platform.startswith("linux")


def test_the_sandbox_database_and_its_journals_are_private(paths, loose_umask):
    # The desk prepares the dir; the sandbox makes the file and its journals private where it
    # opens them (sandbox/files.py), as the desk's in-process transport does.
    from wallet_tui.sandbox.db import Database

    database = Database(paths.prepare_sandbox_db())
    connection = database.connection
    connection.execute("INSERT INTO meta (key, value) VALUES ('probe', '1')")
    try:
        made = sorted(paths.data_dir.glob("sandbox.sqlite3*"))
        assert {p.name for p in made} >= {"sandbox.sqlite3", "sandbox.sqlite3-wal"}
        assert all(file_mode(p) == 0o600 for p in made), [(p.name, oct(file_mode(p))) for p in made]
    finally:
        database.close()
    assert file_mode(paths.data_dir) == 0o700

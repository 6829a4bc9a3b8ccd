"""Where wallet-tui keeps its files: platformdirs locations for the app "wallet-tui".

Pure path arithmetic: nothing here creates a file. Callers create what they write with
`files.ensure_private_dir` (0700) and `files.atomic_write_*` (0600)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import platformdirs

APP_NAME = "wallet-tui"
ENV_CONFIG = "WALLET_TUI_CONFIG"
ENV_PROFILE = "WALLET_TUI_PROFILE"
ENV_CLIENT_SECRET = "WALLET_TUI_CLIENT_SECRET"

CONFIG_FILE_NAME = "config.toml"
BANK_CACHE_NAME = "banks.json"
RECENT_WALLETS_NAME = "recent-wallets.json"
SANDBOX_DB_NAME = "sandbox.sqlite3"
EXCHANGE_LOGS_NAME = "exchange-logs"
LOG_FILE_NAME = "wallet-tui.log"
THEMES_NAME = "themes"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    config_file: Path
    cache_dir: Path
    data_dir: Path
    log_dir: Path
    config_from_env: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AppPaths:
        """The paths for this user, honouring WALLET_TUI_CONFIG (another config file).

        platformdirs reads XDG_* and HOME itself, so tests steer it with those."""
        env = os.environ if env is None else env
        # appauthor=False: no vendor folder on Windows ("wallet-tui\\wallet-tui").
        config_dir = platformdirs.user_config_path(APP_NAME, appauthor=False)
        override = env.get(ENV_CONFIG, "").strip()
        config_file = (
            Path(override).expanduser().absolute() if override else config_dir / CONFIG_FILE_NAME
        )
        return cls(
            config_dir=config_dir,
            config_file=config_file,
            cache_dir=platformdirs.user_cache_path(APP_NAME, appauthor=False),
            data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
            log_dir=platformdirs.user_log_path(APP_NAME, appauthor=False),
            config_from_env=bool(override),
        )

    @property
    def themes_dir(self) -> Path:
        return self.config_dir / THEMES_NAME

    @property
    def bank_cache_file(self) -> Path:
        return self.cache_dir / BANK_CACHE_NAME

    @property
    def recent_wallets_file(self) -> Path:
        return self.cache_dir / RECENT_WALLETS_NAME

    @property
    def sandbox_db(self) -> Path:
        return self.data_dir / SANDBOX_DB_NAME

    @property
    def exchange_logs_dir(self) -> Path:
        return self.data_dir / EXCHANGE_LOGS_NAME

    @property
    def log_file(self) -> Path:
        return self.log_dir / LOG_FILE_NAME

    def prepare_sandbox_db(self) -> Path:
        """The sandbox database path, in the private (0700) data dir. The file itself, and
        the -wal and -shm SQLite makes beside it, are made 0600 by the sandbox where it opens
        them (`sandbox/files.py`), so `sandbox serve` and `--db` get the same."""
        from .files import ensure_private_dir

        ensure_private_dir(self.data_dir)
        return self.sandbox_db

    def prepare_exchange_logs_dir(self) -> Path:
        from .files import ensure_private_dir

        return ensure_private_dir(self.exchange_logs_dir)

    def rows(self) -> list[tuple[str, Path]]:
        return [
            ("config file", self.config_file),
            ("config dir", self.config_dir),
            ("themes", self.themes_dir),
            ("cache dir", self.cache_dir),
            ("bank list cache", self.bank_cache_file),
            ("recent wallets", self.recent_wallets_file),
            ("data dir", self.data_dir),
            ("sandbox database", self.sandbox_db),
            ("exchange logs", self.exchange_logs_dir),
            ("log dir", self.log_dir),
            ("log file", self.log_file),
        ]


def print_paths(
    paths: AppPaths | None = None,
    *,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
) -> int:
    """`wallet-tui paths`: every location, then the environment overrides in force."""
    env = os.environ if env is None else env
    paths = paths or AppPaths.from_env(env)
    out = out or sys.stdout
    width = max(len(label) for label, _ in paths.rows())
    for label, path in paths.rows():
        note = f"  (from {ENV_CONFIG})" if label == "config file" and paths.config_from_env else ""
        print(f"{label:<{width}}  {path}{note}", file=out)
    if env.get(ENV_PROFILE):
        print(f"{ENV_PROFILE}={env[ENV_PROFILE]}", file=out)
    if env.get(ENV_CLIENT_SECRET):
        # Say that it is set, never what it is.
        print(f"{ENV_CLIENT_SECRET} is set (value hidden)", file=out)
    return 0

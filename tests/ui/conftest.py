"""UI tests run with their own HOME and XDG dirs and no keyring: never the user's files."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

ENV_TO_CLEAR = (
    "WALLET_TUI_CONFIG", "WALLET_TUI_PROFILE", "WALLET_TUI_CLIENT_SECRET",
    "TEXTUAL_THEME", "NO_COLOR", "XDG_RUNTIME_DIR",
)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(name, str(home / sub))
    for name in ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def no_keyring():
    """As on an SSH box: no keyring works, and the real one is never touched."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME and XDG dirs of the test's own, no WALLET_TUI_* from the caller, no keyring."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        monkeypatch.setenv(name, str(home / sub))
    for name in ("WALLET_TUI_CONFIG", "WALLET_TUI_PROFILE", "WALLET_TUI_CLIENT_SECRET",
                 "WALLET_TUI_OTHER_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield home
    keyring.set_keyring(previous)

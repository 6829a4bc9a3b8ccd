"""UI tests run with their own HOME and XDG dirs and no keyring: never the user's files."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

ENV_TO_CLEAR = (
    "WALLET_TUI_CONFIG", "WALLET_TUI_PROFILE", "WALLET_TUI_CLIENT_SECRET",
    "TEXTUAL_THEME", "NO_COLOR", "XDG_RUNTIME_DIR",
    "LC_ALL", "LC_MESSAGES", "LANGUAGE",
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
    # An English system locale: the desk starts in English unless a test asks otherwise.
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


@pytest.fixture(autouse=True)
def english_after_each_test():
    """The interface language is the process's: a test that switched it leaves English."""
    yield
    from wallet_tui.ui.i18n import set_language

    set_language("en")


@pytest.fixture(autouse=True)
def no_keyring():
    """As on an SSH box: no keyring works, and the real one is never touched."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)

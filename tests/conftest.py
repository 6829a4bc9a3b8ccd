"""Suite-wide: every test runs with a HOME and XDG dirs of its own and no keyring, so no file
of the user's is read or written and no secret of theirs touched; and the shifted-clock run's
fallback when libfaketime is not on the machine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from wallet_tui.config.paths import ENV_CLIENT_SECRET, ENV_CONFIG, ENV_PROFILE

XDG_DIRS = (
    ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
)
# What the caller's shell may set that would change what the desk reads, shows or speaks.
ENV_TO_CLEAR = (
    ENV_CONFIG, ENV_PROFILE, ENV_CLIENT_SECRET, "WALLET_TUI_OTHER_CLIENT_SECRET",
    "TEXTUAL_THEME", "NO_COLOR", "XDG_RUNTIME_DIR", "LC_ALL", "LC_MESSAGES", "LANGUAGE",
)


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own HOME, with the XDG dirs where they are by default under it.

    Made beside tmp_path, not in it: tests that make a `tmp_path / "home"` of their own (for
    a child process) keep theirs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, sub in XDG_DIRS:
        monkeypatch.setenv(name, str(home / sub))
    for name in ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    # An English system locale: the desk starts in English unless a test asks otherwise.
    monkeypatch.setenv("LANG", "C.UTF-8")
    # Child processes (the served sandbox, the desk in a pty) find no keyring either.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    return home


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    """As on an SSH box: no keyring works, and the real one is never touched. A test may
    install another backend (tests/config/helpers.py MemoryKeyring); this puts it back."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True, scope="session")
def travel_to_the_shifted_moment():
    """`scripts/shifted-clock` sets WALLET_TUI_TEST_TRAVEL_TO where it has no faketime: Python's
    clocks then start at that moment and tick on (child processes keep the real clock)."""
    moment = os.environ.get("WALLET_TUI_TEST_TRAVEL_TO")
    if not moment:
        yield None
        return
    import time_machine

    with time_machine.travel(datetime.fromisoformat(moment), tick=True) as traveller:
        yield traveller

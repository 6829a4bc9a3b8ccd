from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from wallet_tui.config.paths import AppPaths

from .helpers import MemoryKeyring, isolate_app_dirs


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary HOME with no XDG_* or WALLET_TUI_* variables set."""
    home = tmp_path / "home"
    isolate_app_dirs(monkeypatch, home)
    return home


@pytest.fixture
def paths(home: Path) -> AppPaths:
    return AppPaths.from_env()


@pytest.fixture(autouse=True)
def no_keyring():
    """By default no keyring works (as on an SSH box); a test never touches the real one."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(no_keyring) -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(params=[0o022, 0o000], ids=lambda m: f"umask-{m:03o}")
def loose_umask(request):
    """A umask that would leave files readable by others (0o022, the usual one) or by
    everyone and writable too (0o000), to prove modes are set explicitly."""
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)

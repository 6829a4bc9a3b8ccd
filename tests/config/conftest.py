from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest

from wallet_tui.config.paths import AppPaths

from .helpers import MemoryKeyring


@pytest.fixture
def paths(home: Path) -> AppPaths:
    return AppPaths.from_env()


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
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

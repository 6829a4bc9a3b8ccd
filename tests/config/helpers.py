"""Helpers for tests that look at the files wallet-tui wrote in the test's own home
(tests/conftest.py gives every test one).

Importable from any test run from the repository root (`python -m pytest` puts the root on
sys.path): `from tests.config.helpers import files_written_under, files_containing`. The UI
team's full Pilot flow uses these to prove no secret reached a file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


def files_written_under(root: Path) -> list[Path]:
    """Every regular file below `root` (what the app wrote in a temporary home)."""
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def files_containing(root: Path, needles: Iterable[str]) -> list[tuple[Path, str]]:
    """(file, needle) for each needle found in any file below `root`, in its raw bytes
    and as it would appear JSON-escaped; empty means nothing leaked."""
    found = []
    for path in files_written_under(root):
        data = path.read_bytes()
        for needle in needles:
            if needle and needle.encode() in data:
                found.append((path, needle))
    return found


def file_mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


class MemoryKeyring(KeyringBackend):
    """A keyring backend that works, kept in memory; install with keyring.set_keyring()."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


class LockedKeyring(MemoryKeyring):
    """A backend that is installed but does not answer (a locked or headless Secret
    Service over SSH): every call raises."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the collection is locked")


class ReadOnlyKeyring(MemoryKeyring):
    """Answers reads, refuses to store."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("permission denied")

"""Private files and directories, written atomically.

Everything wallet-tui writes goes through here so the same two promises hold for the
config file, the caches and saved exchange logs: a reader never sees a torn file, and
nobody else on a shared machine can read what we wrote (files 0600, our dirs 0700)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents 0700, and make `path` itself 0700.

    Only for directories that belong to wallet-tui: an existing leaf is tightened to 0700,
    which is right for ~/.config/wallet-tui but would be rude to a user's own folder, so
    existing parents are left as they are."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        # mkdir(parents=True) would give the parents the umask's mode, not ours.
        directory.mkdir(mode=DIR_MODE, exist_ok=True)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def ensure_parent_dir(path: Path) -> None:
    """Create the parent of a file the user pointed us at, without touching its mode if
    it already exists (it is the user's folder, not ours)."""
    if not path.parent.exists():
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def ensure_private_file(path: Path) -> Path:
    """Make sure `path` exists (empty if new) with mode 0600, for files another library
    opens itself (the sandbox's SQLite database)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        if os.name == "posix" and (path.stat().st_mode & 0o777) != FILE_MODE:
            os.chmod(path, FILE_MODE)
    return path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see either the old file or the new one.

    The temp file lives in the same directory (os.replace is atomic only within one
    filesystem), is created 0600 by mkstemp, and is fsynced before the rename; the
    directory is fsynced after, so the rename survives a power cut too."""
    directory = path.parent
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            if os.name == "posix":
                os.fchmod(temp.fileno(), FILE_MODE)
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_dir(directory)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def open_private_append(path: Path):
    """Open `path` for appending text, creating it 0600 if missing (for log files)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    fd = os.open(path, flags, FILE_MODE)
    return os.fdopen(fd, "a", encoding="utf-8")


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

"""Private files and directories, written atomically.

Everything the desk writes goes through here so the same two promises hold for the config
file, the caches, the log file, saved exchanges, session reports and screenshots: a reader
never sees a torn file, and nobody else on a shared machine can read what we wrote (files
0600, the dirs we make 0700), whatever the umask. The sandbox, which may not import config,
keeps its database private in `sandbox/files.py`."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_missing_private_dirs(path: Path) -> None:
    """Create `path` and its missing parents, each 0700 (mkdir(parents=True) would give the
    parents the umask's mode, not ours); existing ones are left as they are."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=DIR_MODE, exist_ok=True)
        # mkdir's mode is cut by the umask (0o077 would leave 0700, 0o277 less): say it exactly.
        _set_mode(directory, DIR_MODE)


def _set_mode(path: Path, mode: int) -> None:
    if os.name == "posix" and (path.stat().st_mode & 0o777) != mode:
        os.chmod(path, mode)


def _set_fd_mode(fd: int) -> None:
    # The mode given to os.open is cut by the umask; fchmod says it exactly.
    if os.name == "posix":
        os.fchmod(fd, FILE_MODE)


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents 0700, and make `path` itself 0700.

    Only for directories that belong to wallet-tui: an existing leaf is tightened to 0700,
    which is right for ~/.config/wallet-tui but would be rude to a user's own folder, so
    existing parents are left as they are."""
    make_missing_private_dirs(path)
    _set_mode(path, DIR_MODE)
    return path


def ensure_parent_dir(path: Path) -> None:
    """Create the parent of a file the user pointed us at (and its missing parents) 0700,
    without touching the mode of any that exists (it is the user's folder, not ours)."""
    make_missing_private_dirs(path.parent)


def write_new_private_text(path: Path, text: str) -> None:
    """Write a new file 0600 from the first byte; never follow or reuse a file someone else
    put there (O_EXCL: FileExistsError instead). For reports and screenshots, which are
    never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        _set_fd_mode(handle.fileno())
        handle.write(text)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` so that readers see either the old file or the new one.

    The temp file lives in the same directory (os.replace is atomic only within one
    filesystem) and is created 0600 by mkstemp. `durable`: it is fsynced before the rename
    and the directory after, so the rename survives a power cut too. A cache passes False:
    after a power cut its old file, or none, will do, and each fsync can keep the desk's
    event loop waiting on a busy disk for tens of milliseconds (issue 15)."""
    directory = path.parent
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            _set_fd_mode(temp.fileno())
            temp.write(data)
            if durable:
                temp.flush()
                os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable:
        fsync_dir(directory)


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def open_private_append(path: Path):
    """Open `path` for appending text, creating it 0600 if missing (for log files)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    fd = os.open(path, flags, FILE_MODE)
    _set_fd_mode(fd)  # a log file left 0644 by an older version is tightened too
    return os.fdopen(fd, "a", encoding="utf-8")


def fsync_dir(directory: Path) -> None:
    """Makes a directory's new or renamed entries durable (POSIX); best effort elsewhere."""
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

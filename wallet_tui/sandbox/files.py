"""The sandbox's one file, private: its SQLite database 0600 (and the -wal and -shm SQLite
keeps beside it), in directories made 0700, whatever the umask. It holds names, phones,
e-mails and stored replies.

Why here and not config/files.py, which does this for the desk: the sandbox may import the
protocol room only (design.md) — it is a server of its own, run by `sandbox serve` and by
its testing helper without the desk — and the protocol room is the wire, no place for
files. `Database` calls this where it opens the file, the one place every way of starting
the sandbox (in the desk, `sandbox serve`, `--db`, tests) passes through."""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
# SQLite gives these the database file's mode when it makes them; ones left by a killed run
# of an older version may still carry the umask's mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    if os.name == "posix" and (path.stat().st_mode & 0o777) != mode:
        os.chmod(path, mode)


def private_database(path: Path, *, own_dir: bool = False) -> Path:
    """Create the missing directories above `path` 0700 and the database file 0600 (SQLite
    then makes -wal and -shm 0600 too), tighten an existing one and its companions to 0600.
    An existing directory is tightened only when it is the sandbox's own (`own_dir`), never
    a folder the operator named with `--db`."""
    missing: list[Path] = []
    directory = path.parent
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for made in reversed(missing):
        made.mkdir(mode=DIR_MODE, exist_ok=True)
        _tighten(made, DIR_MODE)
    if own_dir:
        _tighten(path.parent, DIR_MODE)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
        if file.exists():
            _tighten(file, FILE_MODE)
    return path

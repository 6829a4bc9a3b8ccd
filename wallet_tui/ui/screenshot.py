"""The palette's Screenshot, saved 0600: a screen shows customers' names and phones, and
Textual's own saving leaves the file to the umask (0644 on most machines).

Saved where Textual saves it, the user's Downloads folder (the folder's mode is the user's
own and left alone), under a name that never overwrites an earlier picture."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wallet_tui.config.files import make_missing_private_dirs, write_new_private_text


def screenshot_name(now: datetime, title: str = "wallet-tui", attempt: int = 1) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "" if attempt == 1 else f"-{attempt}"
    return f"{title}-{stamp}{suffix}.svg"


def downloads_dir() -> Path:
    import platformdirs

    return platformdirs.user_downloads_path()


def save_private_svg(svg: str, directory: Path, *, now: datetime, filename: str | None = None) -> Path:
    """Write `svg` as a new 0600 file in `directory` (made 0700 when missing); returns it."""
    make_missing_private_dirs(directory)
    if filename:
        path = directory / filename
        write_new_private_text(path, svg)
        return path
    attempt = 1
    while True:
        path = directory / screenshot_name(now, attempt=attempt)
        try:
            write_new_private_text(path, svg)
            return path
        except FileExistsError:
            attempt += 1

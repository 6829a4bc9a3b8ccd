"""Writing a report pair to disk, readable by the operator only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .html_page import render_html
from .markdown import render_markdown

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

DEFAULT_TITLE = "wallet-tui session report"


def _write_private(path: Path, text: str) -> None:
    # O_EXCL: never follow or reuse a file someone else put there; 0600 from the first byte.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            fd = -1
            handle.write(text)
    finally:
        if fd != -1:
            os.close(fd)


def _free_stem(directory: Path, stem: str) -> str:
    candidate, n = stem, 1
    while (directory / f"{candidate}.md").exists() or (directory / f"{candidate}.html").exists():
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def save_report(
    exchanges: Sequence[Exchange],
    directory: str | os.PathLike[str],
    *,
    title: str = DEFAULT_TITLE,
    profile: str,
    partner_id: str | None,
    generated_at: datetime | None = None,
    stem: str = "wallet-tui-session-",
    sections: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> tuple[Path, Path]:
    """Write `<directory>/wallet-tui-session-<UTC time>.md` and `.html` (mode 0600).

    The directory is created (0700) when missing; an existing report is never overwritten."""
    generated_at = generated_at or datetime.now(UTC)
    folder = Path(directory).expanduser()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = _free_stem(folder, stem + generated_at.astimezone(UTC).strftime("%Y%m%d-%H%M%S"))
    snapshot = list(exchanges)  # the UI keeps appending while we write
    common = dict(title=title, profile=profile, partner_id=partner_id, generated_at=generated_at)
    md_path, html_path = folder / f"{stem}.md", folder / f"{stem}.html"
    _write_private(md_path, render_markdown(snapshot, **common, sections=sections[0]))
    _write_private(html_path, render_html(snapshot, **common, sections=sections[1]))
    return md_path, html_path

"""Writing a report pair to disk, readable by the operator only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wallet_tui.config.files import make_missing_private_dirs, write_new_private_text

from .html_page import render_html
from .markdown import render_markdown
from .views import read_report

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

DEFAULT_TITLE = "wallet-tui session report"


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

    The directory and its missing parents are created 0700 (an existing one is left as it
    is: the caller's); an existing report is never overwritten."""
    generated_at = generated_at or datetime.now(UTC)
    folder = Path(directory).expanduser()
    make_missing_private_dirs(folder)
    stem = _free_stem(folder, stem + generated_at.astimezone(UTC).strftime("%Y%m%d-%H%M%S"))
    snapshot = list(exchanges)  # the UI keeps appending while we write
    page = read_report(snapshot, title=title, profile=profile, partner_id=partner_id,
                       generated_at=generated_at)
    md_path, html_path = folder / f"{stem}.md", folder / f"{stem}.html"
    write_new_private_text(md_path, render_markdown(page, sections=sections[0]))
    write_new_private_text(html_path, render_html(page, sections=sections[1]))
    return md_path, html_path

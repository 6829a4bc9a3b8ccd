"""The report of a `wallet-tui check`: its rows and the paths it used, above every exchange
it made (the session report's own renderers, masking included)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .files import save_report
from .markdown import inline

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

CHECK_TITLE = "wallet-tui check"


@dataclass(frozen=True)
class CheckLine:
    """One row as the report shows it."""

    id: str
    title: str
    verdict: str  # holds, broken, not run
    note: str
    exchange_numbers: tuple[int, ...] = ()
    evidence: int | None = None


def _exchanges_md(line: CheckLine) -> str:
    if not line.exchange_numbers:
        return ""
    first, last = line.exchange_numbers[0], line.exchange_numbers[-1]
    span = f"#{first}" if first == last else f"#{first}–#{last}"
    return f"{span} (shows it: #{line.evidence})" if line.evidence else span


def check_markdown(lines: Sequence[CheckLine], paths: Sequence[tuple[str, str, bool]],
                   base_url: str) -> list[str]:
    held = sum(line.verdict == "holds" for line in lines)
    broken = sum(line.verdict == "broken" for line in lines)
    rows = ["## Rows", "",
            f"Server {inline(base_url)}: {held} hold, {broken} broken, "
            f"{len(lines) - held - broken} not run.", "",
            "| row | rule | verdict | note | exchanges |", "|---|---|---|---|---|"]
    rows += [f"| {inline(line.id)} | {inline(line.title)} | **{inline(line.verdict)}** | "
             f"{inline(line.note)} | {inline(_exchanges_md(line))} |" for line in lines]
    table = ["## Paths used", "", "| operation | path | |", "|---|---|---|"]
    table += [f"| {inline(name)} | {inline(template)} | {'profile' if overridden else 'seed'} |"
              for name, template, overridden in paths]
    return ["\n".join(rows), "\n".join(table)]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def check_html(lines: Sequence[CheckLine], paths: Sequence[tuple[str, str, bool]],
               base_url: str) -> list[str]:
    body = []
    for line in lines:
        links = " ".join(f'<a href="#exchange-{n}">{n}</a>' for n in line.exchange_numbers)
        shows = (f' — shows it: <a href="#exchange-{line.evidence}">#{line.evidence}</a>'
                 if line.evidence else "")
        css = "status-" + ("2xx" if line.verdict == "holds" else
                           "5xx" if line.verdict == "broken" else "3xx")
        body.append(f'<tr class="{css}"><td class="mono">{_e(line.id)}</td>'
                    f"<td>{_e(line.title)}</td><td class=\"status {css}\">{_e(line.verdict)}</td>"
                    f"<td>{_e(line.note)}</td><td>{links}{shows}</td></tr>")
    rows = ('<section id="rows"><h2>Rows</h2>'
            f"<p>Server {_e(base_url)}</p>"
            '<table class="index"><thead><tr><th>row</th><th>rule</th><th>verdict</th>'
            f'<th>note</th><th>exchanges</th></tr></thead><tbody>{"".join(body)}</tbody>'
            "</table></section>")
    path_rows = "".join(
        f'<tr><td class="mono">{_e(name)}</td><td class="mono">{_e(template)}</td>'
        f"<td>{'profile' if overridden else 'seed'}</td></tr>"
        for name, template, overridden in paths)
    table = ('<section id="paths"><h2>Paths used</h2><table class="index"><thead><tr>'
             "<th>operation</th><th>path</th><th></th></tr></thead>"
             f"<tbody>{path_rows}</tbody></table></section>")
    return [rows, table]


def save_check_report(
    lines: Sequence[CheckLine], exchanges: Sequence[Exchange],
    directory: str | os.PathLike[str], *, profile: str, partner_id: str | None,
    base_url: str, paths: Sequence[tuple[str, str, bool]],
    generated_at: datetime | None = None,
) -> tuple[Path, Path]:
    """`wallet-tui-check-<UTC time>.md` and `.html` in `directory` (0600, never overwriting)."""
    return save_report(
        exchanges, directory, title=f"{CHECK_TITLE} of {profile}", profile=profile,
        partner_id=partner_id, generated_at=generated_at, stem="wallet-tui-check-",
        sections=(check_markdown(lines, paths, base_url), check_html(lines, paths, base_url)),
    )

"""The exchange as text: the detail the inspector shows, paths cut to a column's width,
long URLs and saved files' paths broken between segments rather than inside a name."""

from __future__ import annotations

import json
import re
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from rich.highlighter import JSONHighlighter
from rich.text import Text

from ..i18n import _

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

_json_highlighter = JSONHighlighter()


def describe(exchange: "Exchange", *, width: int | None = None) -> Text:
    """The exchange in full; with `width` known, its URL broken between segments."""
    text = Text()
    text.append(f"{exchange.method} ", style="bold")
    if width is None:
        text.append(exchange.url)
    else:
        text.append(break_lines(exchange.url, width - len(exchange.method) - 1, width))
    text.append("\n")
    when = exchange.started_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    outcome = f"→ {exchange.status}" if exchange.status is not None else "→ " + _("no answer")
    text.append(
        _("{outcome} in {ms} ms · {when}").format(
            outcome=outcome, ms=f"{exchange.duration_ms:.0f}", when=when),
        style="bold",
    )
    if exchange.replayed:
        text.append(" · " + _("replayed"), style="yellow")
    text.append("\n")
    if exchange.request_id:
        text.append(f"requestId {exchange.request_id}\n", style="dim")
    if exchange.idempotency_key:
        text.append(f"Idempotency-Key {exchange.idempotency_key}\n", style="dim")
    if exchange.error:
        text.append(_("error: {error}").format(error=exchange.error) + "\n", style="red")
    # Bodies first: at 80x24 they are what the operator came to read.
    _section(text, _("Request body"), pretty_body(exchange.request_body))
    _section(text, _("Response body"), pretty_body(exchange.response_body))
    _section(text, _("Request headers"), _headers(exchange.request_headers))
    _section(text, _("Response headers"), _headers(exchange.response_headers))
    return text


def _section(text: Text, title: str, body: Text | None) -> None:
    if body is None or not body.plain:
        return
    text.append(f"\n{title}\n", style="bold underline")
    text.append_text(body)
    text.append("\n")


def _headers(headers: dict[str, str]) -> Text:
    text = Text()
    for name, value in headers.items():
        text.append(f"{name}: ", style="bold")
        text.append(f"{value}\n")
    text.rstrip()
    return text


def pretty_body(body: str | None) -> Text | None:
    if not body:
        return None
    try:
        pretty = json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return Text(body)
    return _json_highlighter(Text(pretty))


def shorten_path(path: str, width: int) -> str:
    """`path` in at most `width` characters, keeping what tells calls apart: its tail (the
    operation and its ids). Leading segments give way to "…/" first, keeping at least two
    ("wifhdrawal/<id>" says more than "<id>"); then ids longer than a wallet's keep their
    head ("3f2a1b4c…", then "3f2a…"); then the segment before the last is cut ("…/identifi…/
    FULL"); then the last segment alone; at the last, the tail.
    Paths on the wire are percent-encoded ASCII, so characters are cells."""
    if len(path) <= width:
        return path
    segments = path.strip("/").split("/")
    forms = [segments, *([_id_head(segment, keep) for segment in segments] for keep in (8, 4))]
    for parts in forms:
        candidates = ["/" + "/".join(parts)]
        candidates += ["…/" + "/".join(parts[start:]) for start in range(1, len(parts) - 1)]
        for candidate in candidates:
            if len(candidate) <= width:
                return candidate
    *_, before, last = forms[-1] if len(segments) > 1 else ["", *segments]
    room = width - len("…/…/" + last)
    if room >= 4 and not _has_digit(before):  # "…/identifi…/FULL": enough of the word
        return f"…/{before[:room]}…/{last}"
    for parts in forms:
        if len("…/" + parts[-1]) <= width:
            return "…/" + parts[-1]
    shortest = "/" + "/".join(forms[-1])
    return "…" + shortest[len(shortest) - width + 1:] if width > 1 else "…"[:width]


def _has_digit(segment: str) -> bool:
    return any(char.isdigit() for char in segment)


def _id_head(segment: str, keep: int) -> str:
    # An id longer than a wallet's (a UUID): its head is enough to tell it apart. Words
    # ("initialization") have no digits and stay whole.
    if len(segment) > 13 and _has_digit(segment):
        return segment[:keep] + "…"
    return segment


def break_lines(text: str, first: int, width: int) -> str:
    """`text` (a URL, a file path) broken into lines after "/" (or before "?" and "&"), the
    first line `first` wide, the others `width`: read in whole segments, never split inside
    a name unless a single one is wider than the line."""
    first, width = max(first, 1), max(width, 1)
    pieces = re.findall(r"[?&]?[^/?&]*/?", text)
    lines: list[str] = []
    line, room = "", first
    for piece in filter(None, pieces):
        if line and len(line) + len(piece) > room:
            lines.append(line)
            line, room = "", width
        while len(piece) > room:  # one segment wider than a line: folded where it must be
            lines.append(piece[:room])
            piece, room = piece[room:], width
        line += piece
    lines.append(line)
    return "\n".join(lines)


def path_for_notice(path: Path, screen_width: int) -> str:
    """A saved file's path for a notification: on lines of its own (it starts with a line
    break), the home directory as ~, broken only after a "/" so that no name is split."""
    text = str(path)
    home = str(Path.home())
    if text.startswith(home + "/"):
        text = "~" + text[len(home):]
    # Textual's toast: 60 columns at most and half the screen, less its border and padding.
    width = min(60, screen_width // 2) - 4
    return "\n" + break_lines(text, width, width)

"""The session report as Markdown: readable as plain text, rendered nicely by any viewer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .views import NO_ANSWER, ExchangeView, ReportPage, Summary, format_ms

_BACKTICKS = re.compile(r"`+")


def inline(text: object) -> str:
    """Text safe in a table cell or heading: no table breaks, no raw HTML, no markup."""
    value = str(text).replace("\r", " ").replace("\n", " ")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*\[\]|])", r"\\\1", value)


def fenced(text: str, language: str = "") -> str:
    """A code block whose fence no backtick run inside the text can close."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(inline(cell) for cell in row) + " |" for row in rows]
    return lines


def _summary(summary: Summary) -> list[str]:
    lines = ["## Summary", ""]
    median = format_ms(summary.median_ms) if summary.median_ms is not None else NO_ANSWER
    lines += _table(
        ["exchanges", *summary.by_status_class, "total duration", "median duration"],
        [[summary.count, *summary.by_status_class.values(), format_ms(summary.total_ms), median]],
    )
    lines += ["", "### Errors by name", ""]
    if summary.errors_by_name:
        lines += _table(["error", "count"], list(summary.errors_by_name.items()))
    else:
        lines.append("No errors.")
    return lines


def _index(views: Sequence[ExchangeView]) -> list[str]:
    rows = [
        [v.number, v.time, v.method, v.path, v.status_label, format_ms(v.duration_ms),
         v.request_id or NO_ANSWER, v.error_name or ""]
        for v in views
    ]
    header = ["#", "time (UTC)", "method", "path", "status", "duration", "requestId", "error"]
    return ["## Exchanges", "", *_table(header, rows)]


def _headers_block(headers: dict[str, str]) -> str:
    return fenced("\n".join(f"{name}: {value}" for name, value in headers.items()) or "(none)")


def _exchange(view: ExchangeView) -> list[str]:
    lines = [f"### {view.number}. {inline(view.method)} {inline(view.path)} — "
             f"{inline(view.status_label)}", ""]
    facts = [
        ["time", view.time],
        ["URL", view.url],
        ["status", view.status_label],
        ["duration", format_ms(view.duration_ms)],
        ["requestId", view.request_id or NO_ANSWER],
    ]
    if view.idempotency_key:
        facts.append(["Idempotency-Key", view.idempotency_key])
    if view.replayed:
        facts.append(["replayed", "yes (Idempotent-Replayed: true)"])
    if view.error:
        facts.append(["error", view.error])
    lines += _table(["", ""], facts)
    for label, headers, body, is_json in (
        ("Request", view.request_headers, view.request_body, view.request_is_json),
        ("Response", view.response_headers, view.response_body, view.response_is_json),
    ):
        lines += ["", f"**{label} headers**", "", _headers_block(headers)]
        lines += ["", f"**{label} body**", ""]
        lines.append(fenced(body, "json" if is_json else "") if body else "(empty)")
    return lines


def render_markdown(page: ReportPage, *, sections: Sequence[str] = ()) -> str:
    """`sections`: Markdown put between the header and the summary (a check's rows)."""
    views, summary = page.views, page.summary
    lines = [
        f"# {inline(page.title)}",
        "",
        *(f"- {name}: {inline(value)}" for name, value in page.facts),
        "- secrets (Authorization, clientSecret, accessToken, refreshToken) are masked as `****`",
        "",
        *(line for section in sections for line in (section, "")),
        *_summary(summary),
        "",
        *_index(views),
    ]
    for view in views:
        lines += ["", *_exchange(view)]
    return "\n".join(lines) + "\n"

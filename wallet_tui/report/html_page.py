"""The session report as one self-contained HTML page: inline CSS, no script, no external
resource, every value escaped, and a Content-Security-Policy that would stop a script even
if one slipped through."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from importlib.resources import files

from .views import NO_ANSWER, ExchangeView, ReportPage, Summary, format_ms

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _css_class(status_class: str) -> str:
    return "status-" + status_class.replace(" ", "-")


def _cell(value: object, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<td{attribute}>{_e(value)}</td>"


def _table(header: Iterable[str], rows: Iterable[str], css: str) -> str:
    head = "".join(f"<th>{_e(name)}</th>" for name in header)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _summary(summary: Summary) -> str:
    median = format_ms(summary.median_ms) if summary.median_ms is not None else NO_ANSWER
    cells = [_cell(summary.count, "number")]
    cells += [_cell(count, "number") for count in summary.by_status_class.values()]
    cells += [_cell(format_ms(summary.total_ms), "number"), _cell(median, "number")]
    table = _table(
        ["exchanges", *summary.by_status_class, "total duration", "median duration"],
        [f"<tr>{''.join(cells)}</tr>"],
        "summary",
    )
    if summary.errors_by_name:
        errors = _table(
            ["error", "count"],
            (f"<tr>{_cell(name, 'mono')}{_cell(count, 'number')}</tr>"
             for name, count in summary.errors_by_name.items()),
            "errors",
        )
    else:
        errors = '<p class="empty">No errors.</p>'
    return f'<section id="summary"><h2>Summary</h2>{table}<h3>Errors by name</h3>{errors}</section>'


def _index(views: Sequence[ExchangeView]) -> str:
    rows = []
    for v in views:
        link = f'<td class="number"><a href="#exchange-{v.number}">{v.number}</a></td>'
        rows.append(
            f'<tr class="{_css_class(v.status_class)}">{link}{_cell(v.time, "mono")}'
            f"{_cell(v.method)}{_cell(v.path, 'mono')}"
            f"{_cell(v.status_label, 'status ' + _css_class(v.status_class))}"
            f"{_cell(format_ms(v.duration_ms), 'number')}{_cell(v.request_id or NO_ANSWER, 'mono')}"
            f"{_cell(v.error_name or '')}</tr>"
        )
    header = ["#", "time (UTC)", "method", "path", "status", "duration", "requestId", "error"]
    return f'<section id="exchanges"><h2>Exchanges</h2>{_table(header, rows, "index")}</section>'


def _pre(text: str | None, css: str) -> str:
    if not text:
        return '<p class="empty">(empty)</p>'
    return f'<pre class="{css}">{_e(text)}</pre>'


def _exchange(view: ExchangeView) -> str:
    facts = [("time", view.time), ("URL", view.url), ("status", view.status_label),
             ("duration", format_ms(view.duration_ms)), ("requestId", view.request_id or NO_ANSWER)]
    if view.idempotency_key:
        facts.append(("Idempotency-Key", view.idempotency_key))
    if view.replayed:
        facts.append(("replayed", "yes (Idempotent-Replayed: true)"))
    if view.error:
        facts.append(("error", view.error))
    facts_html = "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in facts)
    sides = []
    for label, headers, body, is_json in (
        ("Request", view.request_headers, view.request_body, view.request_is_json),
        ("Response", view.response_headers, view.response_body, view.response_is_json),
    ):
        header_text = "\n".join(f"{name}: {value}" for name, value in headers.items())
        sides.append(
            f'<div class="{label.lower()}"><h4>{label}</h4>{_pre(header_text, "headers")}'
            f'{_pre(body, "body json" if is_json else "body")}</div>'
        )
    return (
        f'<article class="exchange {_css_class(view.status_class)}" id="exchange-{view.number}">'
        f'<h3><a href="#exchange-{view.number}">{view.number}. {_e(view.method)} {_e(view.path)}</a>'
        f' — <span class="status">{_e(view.status_label)}</span></h3>'
        f'<dl class="meta">{facts_html}</dl><div class="bodies">{"".join(sides)}</div></article>'
    )


def render_html(page: ReportPage, *, sections: Sequence[str] = ()) -> str:
    """`sections`: HTML fragments (already escaped) put between the header and the summary."""
    title, views, summary = page.title, page.views, page.summary
    css = files(__package__).joinpath("report.css").read_text(encoding="utf-8")
    meta = [
        *page.facts,
        ("secrets", "Authorization, clientSecret, accessToken, refreshToken are masked as ****"),
    ]
    meta_html = "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in meta)
    body = "".join(_exchange(view) for view in views)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)}</title><style>{css}</style></head>\n"
        f'<body><header><h1>{_e(title)}</h1><dl class="meta">{meta_html}</dl></header>\n'
        f"{''.join(sections)}{_summary(summary)}\n{_index(views)}\n<main>{body}</main></body></html>\n"
    )

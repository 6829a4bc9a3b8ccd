"""What a report shows of each exchange, and the summary numbers, computed once for
both renderers so that Markdown and HTML can never disagree."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import TYPE_CHECKING

from wallet_tui.protocol import wire

from .masking import SecretScrubber, parse_json

if TYPE_CHECKING:
    from wallet_tui.client import Exchange

STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "no response")
NO_ANSWER = "—"


def format_time(value: datetime) -> str:
    value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def format_ms(value: float) -> str:
    return f"{value:,.1f} ms".replace(",", " ")


def status_class(status: int | None) -> str:
    if status is None or not 100 <= status <= 599:
        return "no response"
    return f"{status // 100}xx"


def status_label(status: int | None) -> str:
    if status is None:
        return NO_ANSWER
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _header(headers: dict[str, str] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def error_name_of(exchange: Exchange) -> str | None:
    """The API's error name for an error answer; the transport failure for no answer."""
    if exchange.status is not None and exchange.status >= 400:
        ok, body = parse_json(exchange.response_body)
        if ok and isinstance(body, dict) and isinstance(body.get("name"), str):
            return body["name"]
        return f"HTTP {exchange.status}"
    if exchange.status is None or exchange.error:
        text = (exchange.error or "no response").strip().splitlines()
        return (text[0] if text else "no response")[:80]
    return None


@dataclass(frozen=True)
class ExchangeView:
    number: int
    time: str
    method: str
    path: str
    url: str
    status: int | None
    status_label: str
    status_class: str
    duration_ms: float
    request_id: str | None
    idempotency_key: str | None
    replayed: bool
    error: str | None
    error_name: str | None
    request_headers: dict[str, str]
    request_body: str | None
    request_is_json: bool
    response_headers: dict[str, str]
    response_body: str | None
    response_is_json: bool


@dataclass(frozen=True)
class Summary:
    count: int
    by_status_class: dict[str, int]
    total_ms: float
    median_ms: float | None
    errors_by_name: dict[str, int] = field(default_factory=dict)
    first_time: str | None = None
    last_time: str | None = None


def build_views(exchanges: Sequence[Exchange]) -> list[ExchangeView]:
    scrub = SecretScrubber.for_exchanges(exchanges)
    views = []
    for number, exchange in enumerate(exchanges, start=1):
        request_body, request_is_json = scrub.body(exchange.request_body)
        response_body, response_is_json = scrub.body(exchange.response_body)
        request_id = exchange.request_id or _header(exchange.response_headers, wire.REQUEST_ID)
        idempotency_key = exchange.idempotency_key or _header(
            exchange.request_headers, wire.IDEMPOTENCY_KEY
        )
        views.append(
            ExchangeView(
                number=number,
                time=format_time(exchange.started_at),
                method=exchange.method.upper(),
                path=scrub.text(exchange.path) or "",
                url=scrub.text(exchange.url) or "",
                status=exchange.status,
                status_label=status_label(exchange.status),
                status_class=status_class(exchange.status),
                duration_ms=float(exchange.duration_ms),
                request_id=scrub.text(request_id),
                idempotency_key=scrub.text(idempotency_key),
                replayed=bool(exchange.replayed),
                error=scrub.text(exchange.error),
                error_name=scrub.text(error_name_of(exchange)),
                request_headers=scrub.headers(exchange.request_headers),
                request_body=request_body,
                request_is_json=request_is_json,
                response_headers=scrub.headers(exchange.response_headers),
                response_body=response_body,
                response_is_json=response_is_json,
            )
        )
    return views


def summarize(views: Sequence[ExchangeView]) -> Summary:
    classes = Counter(view.status_class for view in views)
    durations = [view.duration_ms for view in views]
    errors = Counter(view.error_name for view in views if view.error_name)
    return Summary(
        count=len(views),
        by_status_class={name: classes.get(name, 0) for name in STATUS_CLASSES},
        total_ms=sum(durations),
        median_ms=statistics.median(durations) if durations else None,
        errors_by_name=dict(sorted(errors.items(), key=lambda item: (-item[1], item[0]))),
        first_time=views[0].time if views else None,
        last_time=views[-1].time if views else None,
    )


@dataclass(frozen=True)
class ReportPage:
    """What both pages of a report show, read once from the exchanges: the views, their
    summary, and the facts under the title (name, value)."""

    title: str
    facts: list[tuple[str, str]]
    views: list[ExchangeView]
    summary: Summary


def read_report(
    exchanges: Sequence[Exchange],
    *,
    title: str,
    profile: str,
    partner_id: str | None,
    generated_at: datetime | None = None,
) -> ReportPage:
    views = build_views(exchanges)
    summary = summarize(views)
    period = f"{summary.first_time} — {summary.last_time}" if summary.first_time else NO_ANSWER
    facts = [
        ("profile", profile),
        ("partnerId", partner_id or NO_ANSWER),
        ("period", period),
        ("generated", format_time(generated_at or datetime.now(UTC))),
    ]
    return ReportPage(title, facts, views, summary)

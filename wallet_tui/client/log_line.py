"""One log line per exchange, with what a support engineer needs and no customer data:
method, the path's template, status, time taken, requestId.

`GET /api/wallet/v1/account?phone=%2B79161234567` is logged as
`GET /api/wallet/v1/account?phone=… -> 200 12 ms requestId=…`: a wallet, payment or
withdrawal id becomes its `{name}`, every query value but paging is left out, and a path
the wire does not know (the raw console sends any; a base URL's own path) keeps only the
segments the wire spells, the others written `*`. httpx's own INFO line (the full URL) is kept out of the log file by
config's logging setup."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from wallet_tui.protocol import wire

logger = logging.getLogger("wallet_tui.exchange")

HIDDEN = "…"
UNKNOWN_SEGMENT = "*"
# Query values that say nothing about a customer and help to read a paged history.
SHOWN_QUERY = frozenset({wire.QUERY_LIMIT, wire.QUERY_OFFSET})
QUERY_NAMES = SHOWN_QUERY | {wire.QUERY_PHONE}
_PLACEHOLDERS = {"walletId": "{walletId}", "paymentId": "{paymentId}",
                 "withdrawalId": "{withdrawalId}", "level": "{level}"}


def _template(path_with_braces: str) -> str:
    # The wire's functions quote what they are given; the braces come back unquoted.
    return unquote(path_with_braces)


def _templates() -> list[str]:
    w, p, d, lv = (_PLACEHOLDERS[k] for k in ("walletId", "paymentId", "withdrawalId", "level"))
    literal = [wire.TOKEN, wire.REGISTRATION, wire.WALLET_BY_PHONE, wire.BANKS,
               wire.SANDBOX_RESET, wire.SANDBOX_FAULTS, wire.SANDBOX_CLOCK]
    shaped = [wire.wallet(w), wire.operations(w), wire.identification(w, lv), wire.refill(w),
              wire.payment_initialization(w), wire.payment_confirmation(w),
              wire.payment(w, p), wire.withdrawal_create(w), wire.withdrawal(w, d)]
    return literal + [_template(path) for path in shaped]


TEMPLATES = _templates()  # literal paths first: `account/registration` is not a wallet id
# A remote profile's base URL may carry a path of its own before the wire's paths.
_MATCHERS = [
    (re.compile("^(.*?)" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$"), template)
    for template in TEMPLATES
]
KNOWN_SEGMENTS = frozenset(
    segment for template in TEMPLATES for segment in template.split("/")
    if segment and not segment.startswith("{")
)


def path_template(path: str) -> str:
    """The wire's template for `path`, or the path with every segment the wire does not
    spell written `*`."""
    for matcher, template in _MATCHERS:
        found = matcher.match(path)
        if found:
            return _masked(found.group(1)) + template
    return _masked(path)


def _masked(path: str) -> str:
    return "/".join(
        segment if not segment or segment in KNOWN_SEGMENTS else UNKNOWN_SEGMENT
        for segment in path.split("/")
    )


def _query_item(name: str, value: str) -> str:
    if name in SHOWN_QUERY and value.isascii() and value.isdigit():
        return f"{name}={value}"
    return f"{name if name in QUERY_NAMES else UNKNOWN_SEGMENT}={HIDDEN}"


def loggable_target(url: str) -> str:
    """`path_template` of the URL's path, with its query's names the wire spells and
    values hidden (paging numbers aside)."""
    parts = urlsplit(url)
    target = path_template(parts.path or "/")
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        target += "?" + "&".join(_query_item(name, value) for name, value in pairs)
    return target


def log_exchange(method: str, url: str, status: int | None, duration_ms: float,
                 request_id: str | None, error: BaseException | None = None) -> None:
    outcome = str(status) if status is not None else "no answer"
    if error is not None:
        # The class only: an error's text may quote the URL.
        outcome += f" ({type(error).__name__})"
    logger.info("%s %s -> %s %.0f ms requestId=%s", method, loggable_target(url), outcome,
                duration_ms, request_id or "-")

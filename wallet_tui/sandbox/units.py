"""Conversions between the wire's values and what the database stores.

Money is stored as integer kopecks, times as integer microseconds since the Unix epoch (UTC):
exact, and ordered by plain integer comparison."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from wallet_tui.protocol import quantize

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROS = 1_000_000
# Monthly turnover counts calendar months in Moscow time (no daylight saving since 2014).
MOSCOW = timezone(timedelta(hours=3), "MSK")


def to_kopecks(amount: Decimal) -> int:
    return int(quantize(amount) * 100)


def to_rubles(kopecks: int) -> Decimal:
    return Decimal(kopecks).scaleb(-2)


def to_micros(moment: datetime) -> int:
    delta = moment.astimezone(UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * MICROS + delta.microseconds


def to_datetime(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def seconds(value: float) -> int:
    """A duration in seconds as microseconds."""
    return int(value * MICROS)


def moscow_month(micros: int) -> tuple[int, int]:
    """[start, end) of the Moscow calendar month holding this moment, in microseconds."""
    local = to_datetime(micros).astimezone(MOSCOW)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return to_micros(start), to_micros(following)

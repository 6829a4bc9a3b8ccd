"""Identification levels and what Federal Law 161-FZ lets each of them do."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Identification(StrEnum):
    ANONYMOUS = "ANONYMOUS"
    SIMPLIFIED = "SIMPLIFIED"
    FULL = "FULL"


@dataclass(frozen=True)
class LevelLimits:
    balance_limit: Decimal
    # None: no monthly cap on outgoing turnover.
    monthly_outgoing_limit: Decimal | None
    can_withdraw_to_bank: bool


LIMITS: dict[Identification, LevelLimits] = {
    Identification.ANONYMOUS: LevelLimits(Decimal("15000.00"), Decimal("40000.00"), False),
    Identification.SIMPLIFIED: LevelLimits(Decimal("60000.00"), Decimal("200000.00"), True),
    Identification.FULL: LevelLimits(Decimal("600000.00"), None, True),
}


def limits_of(level: Identification | str) -> LevelLimits:
    return LIMITS[Identification(level)]

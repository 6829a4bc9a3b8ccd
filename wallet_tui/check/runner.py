"""Running rows in order and keeping, for each, its verdict and the exchanges it made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from .context import Broken, CheckContext, NotApplicable
from .rows import ROWS, Row

if TYPE_CHECKING:
    from wallet_tui.client import Exchange


class Verdict(StrEnum):
    HOLDS = "holds"
    BROKEN = "broken"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class RowResult:
    row: Row
    verdict: Verdict
    note: str
    # The row's exchanges, and the one that shows what broke (numbers count from 1 over the
    # whole check, as the report numbers them).
    exchange_numbers: tuple[int, ...] = ()
    evidence: int | None = None
    exchanges: tuple[Exchange, ...] = field(default=(), repr=False)
    # Why no later row can run either (the server cannot be reached, the profile's
    # credentials are refused): the rest are then not run, each saying so.
    stops_the_check: str | None = None

    @property
    def ran(self) -> bool:
        return self.verdict is not Verdict.NOT_RUN


def rows_to_run(only: Sequence[str] = ()) -> list[Row]:
    """Every row (money rows too: without --money they show as not run), or only those whose
    id starts with one of `only`."""
    return [row for row in ROWS if not only or any(row.id.startswith(p) for p in only)]


async def run_row(ctx: CheckContext, row: Row) -> RowResult:
    if row.needs_money and not ctx.money:
        return RowResult(row, Verdict.NOT_RUN, "moves money: run with --money on test wallets")
    from wallet_tui.client import ServerUnreachable

    first = len(ctx.exchanges)
    evidence_response = None
    stops = None
    try:
        note = await row.run(ctx)
        verdict = Verdict.HOLDS
    except NotApplicable as skipped:
        note, verdict = str(skipped), Verdict.NOT_RUN
    except Broken as broken:
        note, verdict = broken.reason, Verdict.BROKEN
        evidence_response = broken.response
        if row.id == "auth.token" and "INVALID_CLIENT" in broken.reason:
            stops = "the profile's clientId, clientSecret or partnerId were refused"
    except Exception as error:  # an answer the client could not take is a broken row too
        note, verdict = f"{type(error).__name__}: {error}", Verdict.BROKEN
        if isinstance(error, ServerUnreachable):
            stops = f"the server at {error.url} could not be reached"
    made = tuple(ctx.exchanges[first:])
    numbers = tuple(range(first + 1, first + 1 + len(made)))
    evidence = None
    if verdict is Verdict.BROKEN and numbers:
        evidence = numbers[-1]
        if evidence_response is not None:
            sent = evidence_response.request.headers.get("x-request-id")
            for number, exchange in zip(numbers, made):
                if sent and exchange.request_id == sent:
                    evidence = number
    return RowResult(row, verdict, note, numbers, evidence, made, stops)


async def run_check(
    ctx: CheckContext, rows: Sequence[Row], *,
    on_row: Callable[[RowResult], None] | None = None,
) -> list[RowResult]:
    results: list[RowResult] = []
    stopped: str | None = None
    try:
        for row in rows:
            if stopped is not None:
                result = RowResult(row, Verdict.NOT_RUN, f"not run: {stopped}")
            else:
                result = await run_row(ctx, row)
                stopped = result.stops_the_check
            results.append(result)
            if on_row is not None:
                on_row(result)
    finally:
        await ctx.aclose()
    return results


def passed(results: Sequence[RowResult]) -> bool:
    """Exit 0 only when every row that ran holds."""
    return all(result.verdict is not Verdict.BROKEN for result in results)

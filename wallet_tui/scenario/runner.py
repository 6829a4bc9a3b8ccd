"""The guided demo's runner: one step at a time, each planned before it is sent, a failed step
kept for a retry.

A retry after an *unknown* outcome (no definite answer to a wallet POST, or the operator
stopped waiting) sends the very same plan with the same Idempotency-Key, so the server
replays what it did instead of doing it twice. A retry after a *definite* refusal plans
afresh, with a new key: that answer ended the old key's life."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from wallet_tui.client import NoAnswer, OutcomeUnknown, new_idempotency_key

from .plan import DemoSettings, Plan, Progress, Step, Story
from .steps import STEP_TYPES

if TYPE_CHECKING:
    from wallet_tui.client import WalletClient
    from wallet_tui.protocol.sentence import Sentence


class StepStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class StepRecord:
    step: Step
    status: StepStatus = StepStatus.PENDING
    plan: Plan | None = None
    idempotency_key: str | None = None
    lines: list[Sentence] = field(default_factory=list)  # what came back, for the operator
    error: BaseException | None = None  # None with FAILED: the operator stopped waiting
    outcome_unknown: bool = False
    attempts: int = 0

    @property
    def title(self) -> Sentence:
        return self.step.title


def _outcome_unknown(error: BaseException) -> bool:
    return isinstance(error, (OutcomeUnknown, NoAnswer))


class Scenario:
    """The whole story on one client. `prepare` says what the current step will send;
    `run_current` sends it. Not re-entrant: one step runs at a time."""

    def __init__(self, settings: DemoSettings | None = None) -> None:
        self.settings = settings or DemoSettings()
        self.story = Story()
        self.records = [StepRecord(step_type(self.settings)) for step_type in STEP_TYPES]
        self.index = 0

    @property
    def finished(self) -> bool:
        return self.index >= len(self.records)

    @property
    def current(self) -> StepRecord | None:
        return None if self.finished else self.records[self.index]

    def prepare(self, client: "WalletClient") -> StepRecord:
        """Plans the current step if it has no plan yet (a definite failure dropped it)."""
        record = self.current
        if record is None:
            raise IndexError("the scenario is finished")
        if record.plan is None:
            record.plan = record.step.plan(client, self.story)
            record.idempotency_key = new_idempotency_key() if record.step.keyed else None
            record.outcome_unknown = False
        return record

    async def run_current(
        self, client: "WalletClient", progress: Progress | None = None
    ) -> StepRecord:
        """Sends the current step; raises what the client raised (the record keeps it)."""
        record = self.prepare(client)
        assert record.plan is not None
        record.status = StepStatus.RUNNING
        record.error = None
        record.attempts += 1
        try:
            lines = await record.step.run(client, self.story, record.plan,
                                          record.idempotency_key, progress or _silent)
        except asyncio.CancelledError:
            # The operator stopped waiting: whatever was sent may have been applied.
            record.status = StepStatus.FAILED
            record.outcome_unknown = True
            raise
        except Exception as error:
            record.status = StepStatus.FAILED
            record.error = error
            record.outcome_unknown = _outcome_unknown(error)
            if not record.outcome_unknown:
                record.plan = None
                record.idempotency_key = None
            raise
        record.status = StepStatus.DONE
        record.lines = lines
        self.index += 1
        return record

    def stopped_waiting(self) -> None:
        """The operator gave up on the running step: its outcome is unknown, so its plan
        and key are kept for the retry."""
        record = self.current
        if record is not None and record.status is StepStatus.RUNNING:
            record.status = StepStatus.FAILED
            record.outcome_unknown = True
            record.error = None

    async def run_to_end(
        self, client: "WalletClient", progress: Progress | None = None
    ) -> Story:
        """Every step left, in order; stops at the first failure (by raising it)."""
        while not self.finished:
            await self.run_current(client, progress)
        return self.story


def _silent(_: Sentence) -> None:
    return None

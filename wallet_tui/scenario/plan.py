"""What the guided demo's steps share: the settings, a plan (what a step is about to send,
secrets masked), the story the steps fill in, and the Step each one is."""

from __future__ import annotations

import json
import random
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from wallet_tui.protocol.sentence import Sentence, say
from wallet_tui.protocol import Bank, OperationsPage, Payment, Wallet, Withdrawal

if TYPE_CHECKING:
    from wallet_tui.client import WalletClient

MASK = "****"
PHONE_PREFIX = "+7999"


def fresh_phone(rng: random.Random | None = None) -> str:
    """A random +7999xxxxxxx. The seven digits start at 1000000, so it never meets the
    sandbox's demo phones (+7999000000x)."""
    chooser = rng or random.SystemRandom()
    return f"{PHONE_PREFIX}{chooser.randrange(1_000_000, 10_000_000)}"


class ScenarioError(Exception):
    """A step that got its answers but cannot go on (a withdrawal that never settles)."""


@dataclass(frozen=True)
class DemoSettings:
    refill: Decimal = Decimal("5000.00")
    payment: Decimal = Decimal("1200.00")
    withdrawal: Decimal = Decimal("1000.00")
    # The sandbox settles a withdrawal in about 2 s; a real bank may take longer.
    poll_interval: float = 1.0
    poll_limit_seconds: float = 120.0
    first_name: str = "Анна"
    last_name: str = "Демидова"
    phone_source: Callable[[], str] | None = None  # None: fresh_phone()
    sleep: Callable[[float], Awaitable[None]] | None = None  # None: asyncio.sleep

    def new_phone(self) -> str:
        return (self.phone_source or fresh_phone)()

    async def pause(self, seconds: float) -> None:
        if self.sleep is not None:
            await self.sleep(seconds)
        else:
            import asyncio

            await asyncio.sleep(seconds)


@dataclass(frozen=True)
class PlannedRequest:
    """One request as the operator sees it before it goes: secrets already masked."""

    method: str
    path: str
    body: Any | None = None
    query: dict[str, Any] | None = None

    @property
    def target(self) -> str:
        if not self.query:
            return self.path
        return self.path + "?" + "&".join(f"{name}={value}" for name, value in self.query.items())

    def body_text(self) -> str:
        if self.body is None:
            return ""
        return json.dumps(self.body, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Plan:
    requests: tuple[PlannedRequest, ...]
    payload: Any = None  # the request model `run` sends, kept for a same-body retry
    note: Sentence | None = None  # how the step sends (repeats, several calls)


@dataclass
class Story:
    """What the steps learned so far: each step reads what the ones before it left here."""

    phone: str | None = None
    wallet: Wallet | None = None
    payment: Payment | None = None
    banks: list[Bank] = field(default_factory=list)
    bank: Bank | None = None
    withdrawal: Withdrawal | None = None
    polls: int = 0
    history: OperationsPage | None = None

    def need_wallet(self) -> Wallet:
        if self.wallet is None:
            raise ScenarioError(say("No wallet yet: the registration step has not succeeded"))
        return self.wallet


Progress = Callable[[Sentence], None]


class Step(ABC):
    """One step of the story. Its texts are `Sentence`s: read in the desk's language."""

    name: ClassVar[str]
    title: ClassVar[Sentence]
    why: ClassVar[Sentence]  # one line: what the step shows about the API
    keyed: ClassVar[bool] = False  # a wallet POST: carries an Idempotency-Key

    def __init__(self, settings: DemoSettings) -> None:
        self.settings = settings

    @abstractmethod
    def plan(self, client: "WalletClient", story: Story) -> Plan: ...

    @abstractmethod
    async def run(
        self, client: "WalletClient", story: Story, plan: Plan, key: str | None,
        progress: Progress,
    ) -> list[Sentence]:
        """Sends the plan; returns lines that tell what came back."""

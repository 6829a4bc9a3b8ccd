"""What one journal entry holds: enough to send the operation again with the same
Idempotency-Key and body, and to ask the service what became of it. Never a secret:
no clientSecret, no token (the body is the operation's own wire body)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

# The operations the journal keeps (the desk's words for them, also the file's).
REFILL = "refill"
PAYMENT = "payment"  # step 1: initialisation (moves no money)
CONFIRMATION = "confirmation"  # step 2: the debit
WITHDRAWAL = "withdrawal"
REGISTRATION = "registration"
IDENTIFICATION = "identification"
OPERATIONS = (REFILL, PAYMENT, CONFIRMATION, WITHDRAWAL, REGISTRATION, IDENTIFICATION)
# The operations whose body carries an externalId (protocol.md): the desk always sends one.
WITH_EXTERNAL_ID = (REFILL, PAYMENT, WITHDRAWAL)

OPEN = "open"
SETTLED = "settled"  # a definite answer came, or the service was asked and told
SET_ASIDE = "set-aside"  # the operator closed it with a note

# The contract keeps a key's answer 24 hours from the first request; a retry is offered a
# little less long, so a desk clock some minutes fast does not retry on a forgotten key.
KEY_LIFETIME = timedelta(hours=24)
RETRY_MARGIN = timedelta(minutes=10)


def fingerprint(op: str, target: dict[str, str], form: dict[str, Any]) -> str:
    """Identifies "the same request again": the operation, where it goes and what the
    operator typed (an externalId the desk generated is not part of it)."""
    text = json.dumps([op, target, form], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Draft:
    """An operation about to be sent, as the screen knows it. `body` is the wire body as
    typed: for an op WITH_EXTERNAL_ID without one, the journal adds a generated one."""

    op: str
    target: dict[str, str]  # path parameters: walletId, paymentId, level
    body: dict[str, Any]
    amount: Decimal | None = None
    currency: str = "RUB"
    subject: str | None = None  # what else names it: the phone registered, the level set

    @property
    def wallet_id(self) -> str | None:
        return self.target.get("walletId")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.op, self.target, self.body)


@dataclass(frozen=True)
class Entry:
    key: str  # the Idempotency-Key, also the entry's id
    op: str
    profile: str
    partner_id: str
    created_at: datetime  # aware UTC: when it was first written, before it was sent
    target: dict[str, str]
    body: dict[str, Any]  # exactly what is sent, externalId included
    fingerprint: str
    amount: Decimal | None = None
    currency: str = "RUB"
    subject: str | None = None
    external_id: str | None = None
    request_id: str | None = None
    attempts: int = 1
    state: str = OPEN
    outcome: str | None = None  # what the service answered, or what checking found
    result: dict[str, str] = field(default_factory=dict)  # ids learnt: operationId, ...
    note: str | None = None
    settled_at: datetime | None = None

    @property
    def wallet_id(self) -> str | None:
        return self.target.get("walletId") or self.result.get("walletId")

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    def retry_until(self) -> datetime:
        return self.created_at + KEY_LIFETIME - RETRY_MARGIN

    def can_retry(self, now: datetime) -> bool:
        """True while the service still keeps this key's answer (a retry replays it)."""
        return self.is_open and now < self.retry_until()

    # -- the file's shape ------------------------------------------------------------------

    def to_record(self) -> dict[str, Any]:
        return {
            "event": "open", "key": self.key, "op": self.op, "profile": self.profile,
            "partnerId": self.partner_id, "at": self.created_at.isoformat(),
            "walletId": self.target.get("walletId"), "target": self.target,
            "amount": None if self.amount is None else str(self.amount),
            "currency": self.currency, "subject": self.subject,
            "externalId": self.external_id, "fingerprint": self.fingerprint,
            "body": self.body,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Entry:
        created = datetime.fromisoformat(record["at"])
        if created.tzinfo is None:
            raise ValueError("naive time in the journal")  # i18n: keep (logged, not shown)
        amount = record.get("amount")
        return cls(
            key=str(record["key"]), op=str(record["op"]), profile=str(record["profile"]),
            partner_id=str(record["partnerId"]), created_at=created.astimezone(UTC),
            target=dict(record.get("target") or {}), body=dict(record.get("body") or {}),
            fingerprint=str(record.get("fingerprint") or ""),
            amount=None if amount is None else Decimal(amount),
            currency=str(record.get("currency") or "RUB"), subject=record.get("subject"),
            external_id=record.get("externalId"),
        )

    def apply(self, record: dict[str, Any]) -> Entry:
        """This entry after a later line of the file about it."""
        event = record.get("event")
        request_id = record.get("requestId") or self.request_id
        if event == "attempt":
            return replace(self, attempts=self.attempts + 1, request_id=request_id)
        if event == "request":  # an attempt about to leave: the requestId it carries
            return replace(self, request_id=request_id)
        if event == "unknown":
            return replace(self, request_id=request_id, outcome=record.get("reason"))
        if event == "settled" and self.is_open:  # resolved once: a second settle is ignored
            settled_at = datetime.fromisoformat(record["at"]).astimezone(UTC)
            return replace(
                self, state=str(record.get("state") or SETTLED), outcome=record.get("outcome"),
                result=dict(record.get("result") or {}), note=record.get("note"),
                request_id=request_id, settled_at=settled_at,
            )
        return self

"""The guided demo's money steps as journal drafts (the demo sends the scenario's own request
models; the journal keeps them like the screens' operations)."""

from __future__ import annotations

from typing import Any

from wallet_tui.protocol import Identification

from . import operations
from .entries import Draft

# The scenario's step names (wallet_tui/scenario/steps.py) of the steps that move money or
# change a wallet.
REGISTER, IDENTIFY, REFILL, PAY, CONFIRM, WITHDRAW = (
    "register", "identify", "refill", "payment-init", "payment-confirm", "withdraw")


def draft_of_step(record: Any, story: Any) -> Draft | None:
    """The draft of a planned scenario step, or None for a step the journal does not keep."""
    plan = getattr(record, "plan", None)
    payload = getattr(plan, "payload", None)
    name = record.step.name
    if payload is None or name not in (REGISTER, IDENTIFY, REFILL, PAY, CONFIRM, WITHDRAW):
        return None
    if name == REGISTER:
        return operations.registration(payload)
    wallet = story.wallet
    if wallet is None:
        return None
    if name == IDENTIFY:
        return operations.identification(wallet.wallet_id, Identification(record.step.level),
                                         payload)
    if name == REFILL:
        return operations.refill(wallet.wallet_id, payload)
    if name == PAY:
        return operations.payment(wallet.wallet_id, payload)
    if name == CONFIRM:
        return operations.confirmation(story.payment) if story.payment is not None else None
    return operations.withdrawal(wallet.wallet_id, payload)

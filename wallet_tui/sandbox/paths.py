"""Route templates for the route table, built from the protocol's path functions (no path is spelled
twice): `wire.refill("{wallet_id}")` quotes the braces, so they are unquoted back."""

from __future__ import annotations

from urllib.parse import unquote

from wallet_tui.protocol import wire

WALLET_ID = "{wallet_id}"
PAYMENT_ID = "{payment_id}"
WITHDRAWAL_ID = "{withdrawal_id}"
LEVEL = "{level}"

TOKEN = wire.TOKEN
REGISTRATION = wire.REGISTRATION
WALLET_BY_PHONE = wire.WALLET_BY_PHONE
BANKS = wire.BANKS
WALLET = unquote(wire.wallet(WALLET_ID))
OPERATIONS = unquote(wire.operations(WALLET_ID))
IDENTIFICATION = unquote(wire.identification(WALLET_ID, LEVEL))
REFILL = unquote(wire.refill(WALLET_ID))
PAYMENT_INITIALIZATION = unquote(wire.payment_initialization(WALLET_ID))
PAYMENT_CONFIRMATION = unquote(wire.payment_confirmation(WALLET_ID))
PAYMENT = unquote(wire.payment(WALLET_ID, PAYMENT_ID))
WITHDRAWAL_CREATE = unquote(wire.withdrawal_create(WALLET_ID))
WITHDRAWAL = unquote(wire.withdrawal(WALLET_ID, WITHDRAWAL_ID))

# Calls under this prefix are the provider's API: faults apply to them, never to /sandbox/.
API_PREFIX = "/" + wire.TOKEN.strip("/").split("/")[0] + "/"

"""Every path, header and constant the wire uses. Aligning with the provider's full
protocol document should mean editing this room (this module and models.py) only."""

from __future__ import annotations

from urllib.parse import quote

# Paths, spelled as the provider's integration note spells them ("wifhdrawal" included).
TOKEN = "/api/auth/v1/token"
WALLET_PREFIX = "/api/wallet/v1/account"
REGISTRATION = f"{WALLET_PREFIX}/registration"
WALLET_BY_PHONE = WALLET_PREFIX
BANKS = f"{WALLET_PREFIX}/wifhdrawal/bank"

SANDBOX_RESET = "/sandbox/reset"
SANDBOX_FAULTS = "/sandbox/faults"
SANDBOX_CLOCK = "/sandbox/clock"

# Query parameter names.
QUERY_PHONE = "phone"
QUERY_LIMIT = "limit"
QUERY_OFFSET = "offset"


def _segment(value: str) -> str:
    # Opaque ids go into the path; never let one smuggle a slash or a query in.
    return quote(value, safe="")


def wallet(wallet_id: str) -> str:
    return f"{WALLET_PREFIX}/{_segment(wallet_id)}"


def operations(wallet_id: str) -> str:
    return f"{wallet(wallet_id)}/operations"


def identification(wallet_id: str, level: str) -> str:
    return f"{wallet(wallet_id)}/identification/{_segment(level)}"


def refill(wallet_id: str) -> str:
    return f"{wallet(wallet_id)}/refill"


def payment_initialization(wallet_id: str) -> str:
    return f"{wallet(wallet_id)}/payment/initialization"


def payment_confirmation(wallet_id: str) -> str:
    return f"{wallet(wallet_id)}/payment"


def payment(wallet_id: str, payment_id: str) -> str:
    return f"{wallet(wallet_id)}/payment/{_segment(payment_id)}"


def withdrawal_create(wallet_id: str) -> str:
    return f"{wallet(wallet_id)}/wifhdrawal"


def withdrawal(wallet_id: str, withdrawal_id: str) -> str:
    return f"{wallet(wallet_id)}/wifhdrawal/{_segment(withdrawal_id)}"


# Headers.
AUTHORIZATION = "Authorization"
BEARER = "Bearer"
IDEMPOTENCY_KEY = "Idempotency-Key"
IDEMPOTENT_REPLAYED = "Idempotent-Replayed"
REQUEST_ID = "X-Request-Id"
# The server's time (RFC 9110): a desk counts a payment's time left from it, not from its own
# clock, which may be off by minutes (or the sandbox's clock moved).
DATE = "Date"
RETRY_AFTER = "Retry-After"
CACHE_CONTROL = "Cache-Control"
CONTENT_TYPE = "Content-Type"
JSON_CONTENT_TYPE = "application/json"

IDEMPOTENCY_KEY_MAX_LENGTH = 64

# Grant types of the token endpoint.
GRANT_CLIENT_CREDENTIALS = "client_credentials"
GRANT_REFRESH_TOKEN = "refresh_token"
TOKEN_TYPE = "Bearer"

CURRENCY = "RUB"

# Request and response fields that carry secrets: masked in every record and log.
SECRET_FIELDS = frozenset({"clientSecret", "accessToken", "refreshToken"})
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie"})

# History paging bounds.
OPERATIONS_LIMIT_MIN = 1
OPERATIONS_LIMIT_MAX = 100
OPERATIONS_LIMIT_DEFAULT = 20

# Sandbox partners: published demo credentials, not secrets.
DEMO_CLIENT_ID = "demo-client"
DEMO_CLIENT_SECRET = "demo-secret"
DEMO_PARTNER_ID = "1001"
OTHER_CLIENT_ID = "other-client"
OTHER_CLIENT_SECRET = "other-secret"
OTHER_PARTNER_ID = "1002"

# Keys inside an error body's `details`, and the bank's refusal reason of a failed withdrawal.
DETAILS_FIELDS = "fields"
DETAILS_WALLET_ID = "walletId"
FAILURE_BANK_REJECTED = "BANK_REJECTED"

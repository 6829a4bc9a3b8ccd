"""Every path, header and constant the wire uses. Aligning with the provider's full
protocol document should mean editing this room (this module and models.py) only."""

from __future__ import annotations

# Paths, spelled as the provider's integration note spells them ("wifhdrawal" included). The
# templates live in paths.py, where a profile's overrides are checked; these are the defaults.
from .paths import DEFAULT_PATHS, DEFAULT_TEMPLATES  # noqa: E402

TOKEN = DEFAULT_TEMPLATES["token"]
WALLET_PREFIX = DEFAULT_TEMPLATES["wallet_by_phone"]
REGISTRATION = DEFAULT_TEMPLATES["registration"]
WALLET_BY_PHONE = DEFAULT_TEMPLATES["wallet_by_phone"]
BANKS = DEFAULT_TEMPLATES["banks"]

SANDBOX_RESET = "/sandbox/reset"
SANDBOX_FAULTS = "/sandbox/faults"
SANDBOX_CLOCK = "/sandbox/clock"

# Query parameter names.
QUERY_PHONE = "phone"
QUERY_LIMIT = "limit"
QUERY_OFFSET = "offset"


def wallet(wallet_id: str) -> str:
    return DEFAULT_PATHS.path("wallet", walletId=wallet_id)


def operations(wallet_id: str) -> str:
    return DEFAULT_PATHS.path("operations", walletId=wallet_id)


def identification(wallet_id: str, level: str) -> str:
    return DEFAULT_PATHS.path("identification", walletId=wallet_id, Identified=level)


def refill(wallet_id: str) -> str:
    return DEFAULT_PATHS.path("refill", walletId=wallet_id)


def payment_initialization(wallet_id: str) -> str:
    return DEFAULT_PATHS.path("payment_initialization", walletId=wallet_id)


def payment_confirmation(wallet_id: str) -> str:
    return DEFAULT_PATHS.path("payment_confirmation", walletId=wallet_id)


def payment(wallet_id: str, payment_id: str) -> str:
    return DEFAULT_PATHS.path("payment", walletId=wallet_id, paymentId=payment_id)


def withdrawal_create(wallet_id: str) -> str:
    return DEFAULT_PATHS.path("withdrawal_create", walletId=wallet_id)


def withdrawal(wallet_id: str, withdrawal_id: str) -> str:
    return DEFAULT_PATHS.path("withdrawal", walletId=wallet_id, withdrawalId=withdrawal_id)


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
# 1 to 64 printable ASCII characters, none of them a space at either end (HTTP strips those,
# so " k" and "k" could not be told apart).
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]{0,62}[!-~])?$"
ALLOW = "Allow"

# What a request body may be: at most this many bytes (more is 413 with the error body) and
# JSON nested at most this deep (deeper is INVALID_REQUEST).
MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
# HTTP statuses the error table does not name; their body is INVALID_REQUEST's.
STATUS_METHOD_NOT_ALLOWED = 405
STATUS_BODY_TOO_LARGE = 413

# Sandbox ids, as the contract describes them (the provider's are opaque strings).
SANDBOX_WALLET_ID_PATTERN = r"^[0-9]{12}$"

# Bounds of the request fields: the models (models.py) enforce them, the desk's forms check
# them before sending, so the two cannot disagree.
ID_MAX_LENGTH = 64  # the provider's ids (wallet, payment, bank): opaque, 1 to 64 characters
EXTERNAL_ID_MAX_LENGTH = 64
DESCRIPTION_MAX_LENGTH = 255
NAME_MAX_LENGTH = 100  # each of first, middle and last name
EMAIL_MAX_LENGTH = 254
# No "\s": pydantic's regex engine, Python's and JSON Schema's each take a different set of
# characters for it (U+0085, U+FEFF, U+001C...), so the document and the server disagreed.
# Spelled out: controls, spaces of every kind, and "@".
_EMAIL_PART = r"[^@\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
EMAIL_PATTERN = rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$"
CLIENT_ID_MAX_LENGTH = 128
CLIENT_SECRET_MAX_LENGTH = 256
PARTNER_ID_MAX_LENGTH = 64
REFRESH_TOKEN_MAX_LENGTH = 512

# Bounds of the sandbox's fault settings and clock moves.
LATENCY_MS_MAX = 60_000
RATE_LIMIT_PER_MINUTE_MAX = 60_000
TTL_SECONDS_MAX = 86_400  # tokens' and payments' lifetimes
WITHDRAWAL_SETTLE_SECONDS_MAX = 3_600
CLOCK_ADVANCE_SECONDS_MAX = 366 * 86_400

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

"""The client room: WalletClient over httpx, token auth with refresh, idempotency keys,
safe retries, and a masked record of every exchange. Imports protocol only."""

from .client import WalletClient
from .clock import ClientClock, SystemClock
from .errors import (
    BadResponse,
    CaBundleError,
    ClientError,
    InsecureUrl,
    NoAnswer,
    NotLoggedIn,
    OutcomeUnknown,
    ServerUnreachable,
    SessionExpired,
)
from .exchange import Exchange, exchanges_to_json
from .raw import RawReply
from .recording import MAX_BODY_BYTES
from .sender import new_idempotency_key
from .tokens import Credentials, TokenState
from .transport import remote_transport, remote_transport_options

__all__ = [
    "MAX_BODY_BYTES",
    "BadResponse",
    "CaBundleError",
    "ClientClock",
    "ClientError",
    "Credentials",
    "Exchange",
    "InsecureUrl",
    "NoAnswer",
    "NotLoggedIn",
    "OutcomeUnknown",
    "RawReply",
    "ServerUnreachable",
    "SessionExpired",
    "SystemClock",
    "TokenState",
    "WalletClient",
    "exchanges_to_json",
    "new_idempotency_key",
    "remote_transport",
    "remote_transport_options",
]

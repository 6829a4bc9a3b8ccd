"""Partners, access and refresh tokens (contract: Authorization).

Only SHA-256 digests of tokens are stored. Every token belongs to a *family*: the login that
issued it and every refresh after. Presenting a refresh token that was already rotated away is
taken as theft: the whole family is revoked."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import uuid
from dataclasses import dataclass

from wallet_tui.protocol import ErrorName, wire
from wallet_tui.protocol.models import LoginRequest, RefreshRequest, TokenResponse

from .errors import SandboxError
from .units import seconds

REFRESH_TTL_SECONDS = 86_400

ACCESS = "access"
REFRESH = "refresh"
LIVE = "live"
ROTATED = "rotated"
REVOKED = "revoked"


@dataclass(frozen=True)
class Partner:
    client_id: str
    client_secret: str
    partner_id: str


PARTNERS: dict[str, Partner] = {
    partner.client_id: partner
    for partner in (
        Partner(wire.DEMO_CLIENT_ID, wire.DEMO_CLIENT_SECRET, wire.DEMO_PARTNER_ID),
        Partner(wire.OTHER_CLIENT_ID, wire.OTHER_CLIENT_SECRET, wire.OTHER_PARTNER_ID),
    )
}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvalidGrant(SandboxError):
    """INVALID_GRANT; `revoke_family` asks the caller to commit a revocation first."""

    def __init__(self, message: str, revoke_family: str | None = None) -> None:
        super().__init__(ErrorName.INVALID_GRANT, message)
        self.revoke_family = revoke_family


def _store(
    conn: sqlite3.Connection, kind: str, family: str, partner: Partner, expires_at: int
) -> str:
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO tokens (token_hash, kind, family, partner_id, client_id, expires_at, state)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (digest(token), kind, family, partner.partner_id, partner.client_id, expires_at, LIVE),
    )
    return token


def _issue(
    conn: sqlite3.Connection, partner: Partner, family: str, now: int, ttl: int
) -> TokenResponse:
    return TokenResponse(
        access_token=_store(conn, ACCESS, family, partner, now + seconds(ttl)),
        refresh_token=_store(conn, REFRESH, family, partner, now + seconds(REFRESH_TTL_SECONDS)),
        expires_in=ttl,
        refresh_expires_in=REFRESH_TTL_SECONDS,
    )


def login(conn: sqlite3.Connection, request: LoginRequest, now: int, ttl: int) -> TokenResponse:
    partner = PARTNERS.get(request.client_id)
    secret_matches = partner is not None and hmac.compare_digest(
        partner.client_secret.encode(), request.client_secret.encode()
    )
    if partner is None or not secret_matches or partner.partner_id != request.partner_id:
        raise SandboxError(ErrorName.INVALID_CLIENT, "Wrong clientId, clientSecret or partnerId")
    return _issue(conn, partner, str(uuid.uuid4()), now, ttl)


def refresh(conn: sqlite3.Connection, request: RefreshRequest, now: int, ttl: int) -> TokenResponse:
    row = conn.execute(
        "SELECT * FROM tokens WHERE token_hash = ? AND kind = ?",
        (digest(request.refresh_token), REFRESH),
    ).fetchone()
    if row is None:
        raise InvalidGrant("Unknown refresh token")
    if not hmac.compare_digest(row["client_id"].encode(), request.client_id.encode()):
        # Not the token's own client: refused, and the token stays usable by its owner.
        raise InvalidGrant("The refresh token was not issued to this clientId")
    if row["state"] == ROTATED:
        raise InvalidGrant(
            "The refresh token was already used; every token of this login is revoked",
            revoke_family=row["family"],
        )
    if row["state"] == REVOKED:
        raise InvalidGrant("The refresh token was revoked")
    if now >= row["expires_at"]:
        raise InvalidGrant("The refresh token expired; log in again")
    conn.execute("UPDATE tokens SET state = ? WHERE token_hash = ?", (ROTATED, row["token_hash"]))
    return _issue(conn, PARTNERS[row["client_id"]], row["family"], now, ttl)


def revoke_family(conn: sqlite3.Connection, family: str) -> None:
    conn.execute("UPDATE tokens SET state = ? WHERE family = ?", (REVOKED, family))


def partner_of(conn: sqlite3.Connection, authorization: str | None, now: int) -> str:
    """The partner id behind `Authorization: Bearer …`, or UNAUTHORIZED."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != wire.BEARER.lower() or not token:
        raise _unauthorized("An access token is required: Authorization: Bearer <accessToken>")
    row = conn.execute(
        "SELECT partner_id, expires_at, state FROM tokens WHERE token_hash = ? AND kind = ?",
        (digest(token), ACCESS),
    ).fetchone()
    if row is None:
        raise _unauthorized("Unknown access token")
    if row["state"] == REVOKED:
        raise _unauthorized("The access token was revoked")
    if now >= row["expires_at"]:
        raise _unauthorized("The access token expired")
    return row["partner_id"]


def _unauthorized(message: str) -> SandboxError:
    return SandboxError(
        ErrorName.UNAUTHORIZED, message, headers={"WWW-Authenticate": wire.BEARER}
    )


def purge_expired(conn: sqlite3.Connection, now: int) -> None:
    conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now - seconds(REFRESH_TTL_SECONDS),))

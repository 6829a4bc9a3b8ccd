"""Connection profiles: where the desk connects and as whom (never with what secret)."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from wallet_tui.protocol import wire

ProfileKind = Literal["sandbox", "remote"]
SANDBOX = "sandbox"
REMOTE = "remote"
SANDBOX_PROFILE_NAME = "sandbox"

NAME_PATTERN = re.compile(r"^[a-z0-9_-]+$")
NAME_MAX_LENGTH = 40
TIMEOUT_MIN_SECONDS = 1.0
TIMEOUT_MAX_SECONDS = 120.0
DEFAULT_TIMEOUT_SECONDS = 15.0

# Validation context key: the store sets it when reading the config file, so a CA bundle
# that has since moved does not get the whole file set aside as broken (the login says so).
TRUST_FILES = "trust_files"

class ProfileError(ValueError):
    """A profile operation the operator asked for cannot be done; the text says why."""


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_base_url(url: str, allow_plain_http: bool) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"base URL {url!r} is not a web address: write it like https://api.example.ru"
        )
    if parts.query or parts.fragment:
        raise ValueError("base URL must not carry a query (?...) or a fragment (#...)")
    if parts.username or parts.password:
        raise ValueError("base URL must not carry a user name or password")
    if parts.scheme == "http":
        if not is_loopback_host(parts.hostname):
            raise ValueError(
                f"base URL must use https:// ({parts.hostname} is not a loopback host; "
                "plain http is allowed only for a test server on this machine)"
            )
        if not allow_plain_http:
            raise ValueError(
                "base URL uses plain http://: turn on allow_plain_http "
                "(--allow-plain-http) to use a loopback test server without TLS"
            )
    return url.rstrip("/")


class Profile(BaseModel):
    """One place to connect to. `sandbox` profiles run the embedded sandbox in-process
    and have no base URL; `remote` profiles go over the network to `base_url`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    kind: ProfileKind = REMOTE
    base_url: str | None = None
    client_id: str = ""
    partner_id: str = ""
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    verify_tls: bool = True
    ca_bundle: Path | None = None
    allow_plain_http: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("profile name must not be empty")
        if len(value) > NAME_MAX_LENGTH:
            raise ValueError(f"profile name must be at most {NAME_MAX_LENGTH} characters")
        if not NAME_PATTERN.match(value):
            raise ValueError(
                f"profile name {value!r} may use only lowercase latin letters, digits, - and _"
            )
        return value

    @field_validator("verify_tls")
    @classmethod
    def _verify_tls(cls, value: bool) -> bool:
        # Without it the bearer tokens and the clientSecret are open to anyone in the middle;
        # a server with its own certificate authority gets a CA bundle instead.
        if not value:
            raise ValueError(
                "TLS verification cannot be switched off: give the server's CA bundle "
                "(ca_bundle, --ca-bundle) instead"
            )
        return value

    @field_validator("client_id", "partner_id")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("timeout_seconds")
    @classmethod
    def _timeout(cls, value: float) -> float:
        if not TIMEOUT_MIN_SECONDS <= value <= TIMEOUT_MAX_SECONDS:
            raise ValueError(
                f"request timeout must be between {TIMEOUT_MIN_SECONDS:g} and "
                f"{TIMEOUT_MAX_SECONDS:g} seconds, not {value:g}"
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _blank_url_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("ca_bundle", mode="before")
    @classmethod
    def _blank_bundle_is_none(cls, value: Any) -> Any:
        # A str becomes a Path here so the store's strict reading of the file accepts it.
        if isinstance(value, str):
            return Path(value.strip()) if value.strip() else None
        return value

    @field_validator("ca_bundle")
    @classmethod
    def _bundle_exists(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        value = value.expanduser()
        trust = bool(info.context and info.context.get(TRUST_FILES))
        if not trust and not value.is_file():
            raise ValueError(f"CA bundle {value} does not exist or is not a file")
        return value

    @model_validator(mode="after")
    def _kind_rules(self) -> Profile:
        if self.name == SANDBOX_PROFILE_NAME and self.kind != SANDBOX:
            raise ValueError("the profile named 'sandbox' is the embedded sandbox: kind must be 'sandbox'")
        if self.kind == SANDBOX:
            if self.base_url is not None:
                raise ValueError(
                    "a sandbox profile runs in-process and takes no base URL; to use "
                    "`wallet-tui sandbox serve` over HTTP, make a remote profile"
                )
            return self
        if self.base_url is None:
            raise ValueError("a remote profile needs a base URL (https://...)")
        if not self.client_id:
            raise ValueError("a remote profile needs a client id")
        if not self.partner_id:
            raise ValueError("a remote profile needs a partner id")
        # Frozen model: set the normalised URL through object.__setattr__.
        object.__setattr__(self, "base_url", _check_base_url(self.base_url, self.allow_plain_http))
        return self

    @property
    def is_sandbox(self) -> bool:
        return self.kind == SANDBOX

    @property
    def verify(self) -> bool | str:
        """What httpx's `verify=` wants: False, True, or the CA bundle's path."""
        if not self.verify_tls:
            return False
        return str(self.ca_bundle) if self.ca_bundle is not None else True

    def file_problem(self) -> str | None:
        """A missing CA bundle, said plainly; None when the profile's files are in place."""
        if self.ca_bundle is not None and not self.ca_bundle.is_file():
            return f"profile {self.name!r}: CA bundle {self.ca_bundle} does not exist"
        return None

    def describe(self) -> str:
        if self.is_sandbox:
            return "embedded sandbox"
        return self.base_url or ""


def sandbox_profile() -> Profile:
    """The profile that always exists: the embedded sandbox with its published demo partner."""
    return Profile(
        name=SANDBOX_PROFILE_NAME,
        kind=SANDBOX,
        client_id=wire.DEMO_CLIENT_ID,
        partner_id=wire.DEMO_PARTNER_ID,
    )


def first_error(exc: Exception) -> str:
    """One plain sentence from a pydantic ValidationError (or any error) for a message line."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        items = errors()
        if items:
            item = items[0]
            message = str(item.get("msg", exc))
            message = message.removeprefix("Value error, ")
            location = ".".join(str(part) for part in item.get("loc", ()) if part != "__root__")
            if location and item.get("type") != "value_error":
                return f"{location}: {message}"
            return message
    return str(exc)

"""What makes a profile valid, as plain functions, and which profile to start with.

No pydantic here: the pydantic `Profile` calls these rules, and so does the quick reading
of the config file the login screen is first drawn from (`preview.py`), before pydantic
is imported."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wallet_tui.protocol.hosts import is_loopback

from .paths import ENV_PROFILE
from wallet_tui.protocol.sentence import Sentence, say, say_n

SANDBOX = "sandbox"
REMOTE = "remote"
KINDS = (SANDBOX, REMOTE)
SANDBOX_PROFILE_NAME = "sandbox"

NAME_PATTERN = re.compile(r"^[a-z0-9_-]+$")
NAME_MAX_LENGTH = 40
TIMEOUT_MIN_SECONDS = 1.0
TIMEOUT_MAX_SECONDS = 120.0
DEFAULT_TIMEOUT_SECONDS = 15.0
# Where a profile points, as far as money goes. A label the operator gives (the connect
# function never reads it): production turns on the desk's safeguards (ui/production.py).
SANDBOX_ENVIRONMENT = "sandbox"
TEST_ENVIRONMENT = "test"
PRODUCTION_ENVIRONMENT = "production"
ENVIRONMENTS = (SANDBOX_ENVIRONMENT, TEST_ENVIRONMENT, PRODUCTION_ENVIRONMENT)
# What a sandbox profile is, in listings (a remote one shows its base URL).
SANDBOX_DESCRIPTION = say("embedded sandbox")


class ProfileError(ValueError):
    """A profile operation the operator asked for cannot be done; the text says why."""


class UnknownProfileError(ProfileError):
    def __init__(self, name: str, known: list[str], source: str | None = None):
        self.name = name
        self.known = known
        self.source = source
        names = ", ".join(known)
        super().__init__(
            say("no profile named {name} (from {source}); known profiles: {known}",
                name=repr(name), source=source, known=names) if source
            else say("no profile named {name}; known profiles: {known}",
                     name=repr(name), known=names)
        )


class ProfileProblem(ValueError):
    """A rule a profile's values break. `field` is the one it is about, so a form can say it
    under that field in any language (a rule between fields has no pydantic location)."""

    def __init__(self, field: str, sentence: Sentence) -> None:
        super().__init__(sentence)
        self.field = field


def check_name(value: str) -> str:
    value = value.strip()
    if not value:
        raise ProfileProblem("name", say("profile name must not be empty"))
    if len(value) > NAME_MAX_LENGTH:
        raise ProfileProblem(
            "name", say_n("profile name must be at most {count} character",
                     "profile name must be at most {count} characters", count=NAME_MAX_LENGTH)
        )
    if not NAME_PATTERN.match(value):
        raise ProfileProblem("name", say(
            "profile name {name} may use only lowercase latin letters, digits, - and _",
            name=repr(value),
        ))
    return value


def check_verify_tls(value: bool) -> bool:
    # Without it the bearer tokens and the clientSecret are open to anyone in the middle;
    # a server with its own certificate authority gets a CA bundle instead.
    if not value:
        raise ProfileProblem("verify_tls", say(
            "TLS verification cannot be switched off: give the server's CA bundle "
            "(ca_bundle, --ca-bundle) instead"
        ))
    return value


def check_timeout(value: float) -> float:
    if not TIMEOUT_MIN_SECONDS <= value <= TIMEOUT_MAX_SECONDS:
        raise ProfileProblem("timeout_seconds", say(
            "request timeout must be between {low:g} and {high:g} seconds, not {value:g}",
            low=TIMEOUT_MIN_SECONDS, high=TIMEOUT_MAX_SECONDS, value=value,
        ))
    return value


def check_environment(name: str, environment: str | None) -> str | None:
    """None (not said: `environment_of` infers it) or one of ENVIRONMENTS; the built-in
    sandbox profile is always the sandbox."""
    if environment is not None and environment not in ENVIRONMENTS:
        raise ProfileProblem("environment", say(
            "environment must be one of {known}, not {value}",
            known=", ".join(ENVIRONMENTS), value=repr(environment),
        ))
    if name == SANDBOX_PROFILE_NAME and environment not in (None, SANDBOX_ENVIRONMENT):
        raise ProfileProblem("environment", say(
            "the profile named 'sandbox' is the embedded sandbox: its environment is 'sandbox'"
        ))
    return environment


def environment_of(kind: str, base_url: str | None, environment: str | None) -> str:
    """The environment a profile is treated as. Said explicitly, that; else the embedded
    sandbox is the sandbox, a loopback server is a test, and any other address is
    production: a profile that does not say is handled as if real money were at stake
    until the operator says otherwise (docs/config.md, "Environments")."""
    if environment is not None:
        return environment
    if kind == SANDBOX:
        return SANDBOX_ENVIRONMENT
    host = urlsplit(base_url or "").hostname or ""
    return TEST_ENVIRONMENT if host and is_loopback(host) else PRODUCTION_ENVIRONMENT


class ProfileReading:
    """What a profile is, read from its `kind`, `base_url` and `environment`: one reading for
    the full `Profile` and the first paint's `ProfileView` (preview.py)."""

    if TYPE_CHECKING:  # fields of the classes that take this reading, not of this one
        kind: str
        base_url: str | None
        environment: str | None

    @property
    def is_sandbox(self) -> bool:
        return self.kind == SANDBOX

    @property
    def effective_environment(self) -> str:
        """sandbox, test or production: what the desk treats this profile as."""
        return environment_of(self.kind, self.base_url, self.environment)

    @property
    def is_production(self) -> bool:
        return self.effective_environment == PRODUCTION_ENVIRONMENT

    def describe(self) -> str:
        if self.is_sandbox:
            return str(SANDBOX_DESCRIPTION)
        return self.base_url or ""


def check_base_url(url: str, allow_plain_http: bool) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileProblem("base_url", say(
            "base URL {url} is not a web address: write it like https://api.example.ru",
            url=repr(url),
        ))
    if parts.query or parts.fragment:
        raise ProfileProblem(
            "base_url", say("base URL must not carry a query (?...) or a fragment (#...)")
        )
    if parts.username or parts.password:
        raise ProfileProblem("base_url", say("base URL must not carry a user name or password"))
    if parts.scheme == "http":
        if not is_loopback(parts.hostname):
            raise ProfileProblem("base_url", say(
                "base URL must use https:// ({host} is not a loopback host; plain http is "
                "allowed only for a test server on this machine)", host=parts.hostname,
            ))
        if not allow_plain_http:
            raise ProfileProblem("base_url", say(
                "base URL uses plain http://: turn on allow_plain_http "
                "(--allow-plain-http) to use a loopback test server without TLS"
            ))
    return url.rstrip("/")


def check_kind(
    *, name: str, kind: str, base_url: str | None, client_id: str, partner_id: str,
    allow_plain_http: bool,
) -> str | None:
    """The rules between a profile's kind and its other fields; the normalised base URL."""
    if name == SANDBOX_PROFILE_NAME and kind != SANDBOX:
        raise ProfileProblem("kind", say(
            "the profile named 'sandbox' is the embedded sandbox: kind must be 'sandbox'"
        ))
    if kind == SANDBOX:
        if base_url is not None:
            raise ProfileProblem("base_url", say(
                "a sandbox profile runs in-process and takes no base URL; to use "
                "`wallet-tui sandbox serve` over HTTP, make a remote profile"
            ))
        return None
    if base_url is None:
        raise ProfileProblem("base_url", say("a remote profile needs a base URL (https://...)"))
    if not client_id:
        raise ProfileProblem("client_id", say("a remote profile needs a client id"))
    if not partner_id:
        raise ProfileProblem("partner_id", say("a remote profile needs a partner id"))
    return check_base_url(base_url, allow_plain_http)


def start_profile_name(
    names: Iterable[str],
    *,
    last_profile: str | None,
    default_profile: str,
    cli_choice: str | None = None,
    env: Mapping[str, str] | None = None,
) -> str:
    """The profile to start with: `--profile`, else WALLET_TUI_PROFILE, else the last one
    used, else the default. A name given explicitly that does not exist is an error
    (a typo must not silently connect somewhere else)."""
    env = os.environ if env is None else env
    known = list(names)
    if cli_choice:
        if cli_choice not in known:
            raise UnknownProfileError(cli_choice, known, "--profile")
        return cli_choice
    from_env = env.get(ENV_PROFILE, "").strip()
    if from_env:
        if from_env not in known:
            raise UnknownProfileError(from_env, known, ENV_PROFILE)
        return from_env
    if last_profile in known:
        return str(last_profile)
    return default_profile

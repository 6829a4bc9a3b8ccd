"""A quick reading of the config file, without pydantic, for the login screen's first paint.

The pydantic models (`Settings`, `Profile`) are the truth, but importing pydantic and
building them costs about as much as drawing the whole login. So the app draws the login
from this preview and validates the file with `ConfigStore.load()` right after the first
paint. The preview applies the same rules (`profile_rules`) to the same strict types and
gives up (None) on anything it is unsure of; then the app loads the file fully before the
paint, as it always did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wallet_tui.protocol import wire

from .language import LANGUAGES
from .profile_rules import (
    DEFAULT_TIMEOUT_SECONDS,
    KINDS,
    REMOTE,
    SANDBOX,
    SANDBOX_PROFILE_NAME,
    ProfileReading,
    check_environment,
    check_kind,
    check_name,
    check_timeout,
    check_verify_tls,
    start_profile_name,
)

class Unsure(ValueError):
    """The preview cannot vouch for the file: leave it to the full validation."""


@dataclass(frozen=True)
class ProfileView(ProfileReading):
    """The part of a `Profile` the login screen shows, with the same attribute names."""

    name: str
    kind: str
    base_url: str | None
    client_id: str
    partner_id: str
    environment: str | None = None


@dataclass(frozen=True)
class ConfigPreview:
    """The part of `Settings` the first paint uses, with the same attribute names."""

    profiles: dict[str, ProfileView]
    default_profile: str = SANDBOX_PROFILE_NAME
    last_profile: str | None = None
    theme: str | None = None
    language: str | None = None
    inspector_open: bool = False

    def start_profile(self, cli_choice: str | None = None,
                      env: Mapping[str, str] | None = None) -> ProfileView:
        """As `settings.active_profile`; raises UnknownProfileError the same way."""
        name = start_profile_name(
            self.profiles, last_profile=self.last_profile,
            default_profile=self.default_profile, cli_choice=cli_choice, env=env,
        )
        return self.profiles[name]


def view_of(profile: Any) -> ProfileView:
    """The view of a `Profile` (or of a view): what the login shows of it."""
    return ProfileView(profile.name, profile.kind, profile.base_url, profile.client_id,
                       profile.partner_id, profile.environment)


def sandbox_view() -> ProfileView:
    return ProfileView(SANDBOX_PROFILE_NAME, SANDBOX, None, wire.DEMO_CLIENT_ID,
                       wire.DEMO_PARTNER_ID)


def default_preview() -> ConfigPreview:
    """No config file: the settings' defaults."""
    return ConfigPreview(profiles={SANDBOX_PROFILE_NAME: sandbox_view()})


def preview_document(document: Mapping[str, Any]) -> ConfigPreview | None:
    """The preview of a parsed TOML document, or None when only pydantic can tell."""
    try:
        return _preview(document)
    except (Unsure, ValueError, TypeError):
        return None


def _preview(document: Mapping[str, Any]) -> ConfigPreview:
    preferences = _table(document.get("preferences", {}))
    tables = _table(document.get("profiles", {}))
    profiles = {key: _profile(key, _table(table)) for key, table in tables.items()}
    if SANDBOX_PROFILE_NAME not in profiles:
        profiles = {SANDBOX_PROFILE_NAME: sandbox_view(), **profiles}
    default_profile = _typed(document, "default_profile", str, SANDBOX_PROFILE_NAME)
    if default_profile not in profiles:
        raise Unsure("the default profile is not among the profiles")
    language = _typed(preferences, "language", str, None)
    if language is not None and language not in LANGUAGES:
        raise Unsure("unknown language")
    last_profile = _typed(preferences, "last_profile", str, None)
    theme = _typed(preferences, "theme", str, None)
    return ConfigPreview(
        profiles=profiles,
        default_profile=default_profile,
        last_profile=last_profile if last_profile in profiles else None,
        theme=(theme.strip() or None) if theme is not None else None,
        language=language,
        inspector_open=_typed(preferences, "inspector_open", bool, False),
    )


def _profile(key: str, table: Mapping[str, Any]) -> ProfileView:
    # In the file a profile is a table under its name; a `name` inside must agree.
    name = check_name(_typed(table, "name", str, key))
    if name != key:
        raise Unsure("a profile's name differs from its key")
    kind = _typed(table, "kind", str, REMOTE)
    if kind not in KINDS:
        raise Unsure("unknown kind")
    base_url = _typed(table, "base_url", str, None)
    base_url = (base_url.strip() or None) if base_url is not None else None
    client_id = _typed(table, "client_id", str, "").strip()
    partner_id = _typed(table, "partner_id", str, "").strip()
    timeout = table.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise Unsure("timeout_seconds is not a number")
    check_timeout(float(timeout))
    check_verify_tls(_typed(table, "verify_tls", bool, True))
    _typed(table, "ca_bundle", str, None)  # trusted when read from the file, as by load()
    allow_plain_http = _typed(table, "allow_plain_http", bool, False)
    environment = check_environment(name, _typed(table, "environment", str, None))
    base_url = check_kind(name=name, kind=kind, base_url=base_url, client_id=client_id,
                          partner_id=partner_id, allow_plain_http=allow_plain_http)
    return ProfileView(name, kind, base_url, client_id, partner_id, environment)


def _table(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise Unsure("not a table")
    return value


def _typed(table: Mapping[str, Any], key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    if value is default:
        return value
    # bool is an int, and the file's types are strict: true is no number, 1 no bool.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise Unsure(f"{key} has the wrong type")
    return value

"""Everything the operator sets: profiles, the default one, and preferences."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Defined without pydantic (the first paint uses them); still importable from here.
from .language import LANGUAGES, Language, effective_language, system_language  # noqa: F401
from .profile_rules import (
    SANDBOX_PROFILE_NAME,
    ProfileError,
    UnknownProfileError,
    start_profile_name,
)
from .profiles import Profile, sandbox_profile
from wallet_tui.protocol.sentence import say

IDLE_LOCK_DEFAULT_MINUTES = 5
IDLE_LOCK_MINUTES_RANGE = (1, 240)


DEFAULT_INSPECTOR_WINDOW = 200  # = client.session_exchanges.DEFAULT_WINDOW


class Settings(BaseModel):
    """The whole config file as Python. Mutable (the app flips preferences as it runs),
    every assignment validated; profile changes go through the methods below so the
    rules (sandbox always there, default must exist) hold after each step."""

    model_config = ConfigDict(validate_assignment=True, extra="ignore")

    profiles: dict[str, Profile] = {}
    default_profile: str = SANDBOX_PROFILE_NAME
    theme: str | None = None
    language: Language | None = None
    inspector_open: bool = False
    # Exchanges the inspector keeps in memory; older ones go to the session's exchange
    # log on disk. None (absent from the file): DEFAULT_INSPECTOR_WINDOW.
    inspector_window: int | None = Field(default=None, ge=10, le=100_000)
    last_profile: str | None = None
    # How long a production desk may sit untouched before it locks (ui/production.py);
    # None: IDLE_LOCK_DEFAULT_MINUTES.
    idle_lock_minutes: int | None = None

    @field_validator("profiles", mode="before")
    @classmethod
    def _names_from_keys(cls, value: Any) -> Any:
        # In the file a profile is a table under its name; the name need not repeat inside.
        if isinstance(value, Mapping):
            return {
                key: ({"name": key, **item} if isinstance(item, Mapping) else item)
                for key, item in value.items()
            }
        return value

    @field_validator("idle_lock_minutes")
    @classmethod
    def _idle_lock(cls, value: int | None) -> int | None:
        low, high = IDLE_LOCK_MINUTES_RANGE
        if value is not None and not low <= value <= high:
            raise ValueError(say(
                "idle_lock_minutes must be between {low} and {high}, not {value}",
                low=low, high=high, value=value,
            ))
        return value

    @property
    def idle_lock_seconds(self) -> float:
        minutes = self.idle_lock_minutes
        return 60.0 * (IDLE_LOCK_DEFAULT_MINUTES if minutes is None else minutes)

    @field_validator("theme")
    @classmethod
    def _blank_theme_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _invariants(self) -> Settings:
        for key, profile in self.profiles.items():
            if key != profile.name:
                raise ValueError(say("profile stored under {key} is named {name}",
                                     key=repr(key), name=repr(profile.name)))
        if SANDBOX_PROFILE_NAME not in self.profiles:
            # Keep the sandbox first in listings and in the file.
            self.__dict__["profiles"] = {SANDBOX_PROFILE_NAME: sandbox_profile(), **self.profiles}
        if self.default_profile not in self.profiles:
            raise ValueError(say(
                "default profile {name} is not among the profiles ({known})",
                name=repr(self.default_profile), known=", ".join(self.profiles),
            ))
        if self.last_profile is not None and self.last_profile not in self.profiles:
            # A preference, not a promise: a removed profile is simply forgotten.
            self.__dict__["last_profile"] = None
        return self

    # Profile changes -------------------------------------------------------------------

    def profile(self, name: str) -> Profile:
        try:
            return self.profiles[name]
        except KeyError:
            raise UnknownProfileError(name, list(self.profiles)) from None

    def add_profile(self, profile: Profile) -> None:
        if profile.name in self.profiles:
            raise ProfileError(say("a profile named {name} already exists: edit it instead",
                                   name=repr(profile.name)))
        self._apply(profiles={**self.profiles, profile.name: profile})

    def replace_profile(self, profile: Profile) -> None:
        self.profile(profile.name)
        self._apply(profiles={**self.profiles, profile.name: profile})

    def rename_profile(self, old: str, new: str) -> Profile:
        profile = self.profile(old)
        if old == SANDBOX_PROFILE_NAME:
            raise ProfileError(say("the sandbox profile cannot be renamed"))
        if new in self.profiles:
            raise ProfileError(say("a profile named {name} already exists", name=repr(new)))
        renamed = Profile.model_validate({**profile.model_dump(), "name": new})
        self._apply(
            profiles={
                (new if key == old else key): (renamed if key == old else value)
                for key, value in self.profiles.items()
            },
            default_profile=new if self.default_profile == old else self.default_profile,
            last_profile=new if self.last_profile == old else self.last_profile,
        )
        return renamed

    def remove_profile(self, name: str) -> Profile:
        """Remove a profile; if it was the default, the sandbox becomes the default."""
        profile = self.profile(name)
        if name == SANDBOX_PROFILE_NAME:
            raise ProfileError(say("the sandbox profile always exists and cannot be removed"))
        self._apply(
            profiles={key: value for key, value in self.profiles.items() if key != name},
            default_profile=(
                SANDBOX_PROFILE_NAME if self.default_profile == name else self.default_profile
            ),
        )
        return profile

    def set_default(self, name: str) -> None:
        """Make `name` the default. It also clears `last_profile`, so the next start opens
        the profile the operator has just chosen rather than the one used last."""
        self.profile(name)
        self._apply(default_profile=name, last_profile=None)

    def _apply(self, **changes: Any) -> None:
        # Several fields change together (a rename moves the default too): validate the
        # result as a whole, then take it, so no half-changed state is ever visible.
        updated = Settings.model_validate({**dict(self), **changes})
        self.__dict__.update(updated.__dict__)


def active_profile(
    settings: Settings,
    cli_choice: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> Profile:
    """The profile to start with: `--profile`, else WALLET_TUI_PROFILE, else the last one
    used, else the default (see `names.start_profile_name`)."""
    name = start_profile_name(
        settings.profiles, last_profile=settings.last_profile,
        default_profile=settings.default_profile, cli_choice=cli_choice, env=env,
    )
    return settings.profiles[name]

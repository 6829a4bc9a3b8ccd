"""Everything the operator sets: profiles, the default one, and preferences."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .paths import ENV_PROFILE
from .profiles import SANDBOX_PROFILE_NAME, Profile, ProfileError, sandbox_profile

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = ("ru", "en")


class UnknownProfileError(ProfileError):
    def __init__(self, name: str, known: list[str], source: str | None = None):
        self.name = name
        self.known = known
        self.source = source
        origin = f" (from {source})" if source else ""
        super().__init__(f"no profile named {name!r}{origin}; known profiles: {', '.join(known)}")


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
    last_profile: str | None = None

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

    @field_validator("theme")
    @classmethod
    def _blank_theme_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _invariants(self) -> Settings:
        for key, profile in self.profiles.items():
            if key != profile.name:
                raise ValueError(f"profile stored under {key!r} is named {profile.name!r}")
        if SANDBOX_PROFILE_NAME not in self.profiles:
            # Keep the sandbox first in listings and in the file.
            self.__dict__["profiles"] = {SANDBOX_PROFILE_NAME: sandbox_profile(), **self.profiles}
        if self.default_profile not in self.profiles:
            raise ValueError(
                f"default profile {self.default_profile!r} is not among the profiles "
                f"({', '.join(self.profiles)})"
            )
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
            raise ProfileError(f"a profile named {profile.name!r} already exists: edit it instead")
        self._apply(profiles={**self.profiles, profile.name: profile})

    def replace_profile(self, profile: Profile) -> None:
        self.profile(profile.name)
        self._apply(profiles={**self.profiles, profile.name: profile})

    def rename_profile(self, old: str, new: str) -> Profile:
        profile = self.profile(old)
        if old == SANDBOX_PROFILE_NAME:
            raise ProfileError("the sandbox profile cannot be renamed")
        if new in self.profiles:
            raise ProfileError(f"a profile named {new!r} already exists")
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
            raise ProfileError("the sandbox profile always exists and cannot be removed")
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


def system_language(env: Mapping[str, str] | None = None) -> Language:
    """The interface language when the operator has not chosen one: Russian for a
    Russian locale, English otherwise."""
    env = os.environ if env is None else env
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(variable, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "ru" if code.lower().startswith("ru") else "en"


def effective_language(settings: Settings, env: Mapping[str, str] | None = None) -> Language:
    return settings.language or system_language(env)


def active_profile(
    settings: Settings,
    cli_choice: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> Profile:
    """The profile to start with: `--profile`, else WALLET_TUI_PROFILE, else the last one
    used, else the default. A name given explicitly that does not exist is an error
    (a typo must not silently connect somewhere else)."""
    env = os.environ if env is None else env
    known = list(settings.profiles)
    if cli_choice:
        if cli_choice not in settings.profiles:
            raise UnknownProfileError(cli_choice, known, "--profile")
        return settings.profiles[cli_choice]
    from_env = env.get(ENV_PROFILE, "").strip()
    if from_env:
        if from_env not in settings.profiles:
            raise UnknownProfileError(from_env, known, ENV_PROFILE)
        return settings.profiles[from_env]
    if settings.last_profile in settings.profiles:
        return settings.profiles[settings.last_profile]
    return settings.profiles[settings.default_profile]

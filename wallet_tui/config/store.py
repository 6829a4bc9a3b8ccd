"""The config file: TOML read with tomllib, written with tomli-w, atomically.

A file that does not parse or holds a wrong type is set aside as
`config.toml.broken-<UTC time>` and the app starts on defaults with a warning saying
where the old file went; it is never silently overwritten. Keys this version does not
know are carried over on every rewrite, so an older app does not erase a newer one's."""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import atomic_write_text, ensure_parent_dir, ensure_private_dir
from .paths import AppPaths
from .preview import ConfigPreview, default_preview, preview_document
from wallet_tui.protocol.sentence import Sentence, as_is, english, say, text_or_none

if TYPE_CHECKING:
    from .profiles import Profile
    from .settings import Settings

# pydantic and the models are imported by load() and save(), not with this module: the
# login screen is first drawn from preview(), and the file validated right after.

log = logging.getLogger(__name__)

HEADER = (  # i18n: keep (the file's own header, read by whoever edits it)
    "# wallet-tui settings (see `wallet-tui paths`, docs/config.md).\n"
    "# No secret is ever kept here. Comments are not kept when the app rewrites this file.\n\n"
)

TOP_KEYS = frozenset({"default_profile", "preferences", "profiles"})
PREFERENCE_KEYS = frozenset(
    {"theme", "language", "inspector_open", "inspector_window", "last_profile",
     "idle_lock_minutes"}
)
SECRET_KEY_NAMES = frozenset(
    {"clientsecret", "secret", "password", "passwd", "accesstoken", "refreshtoken", "token"}
)


class ConfigError(Exception):
    """The config file cannot be written; the text says why."""


class ConfigFormatError(ValueError):
    """The file parsed as TOML but its shape is not ours."""


@cache
def profile_keys() -> frozenset[str]:
    from .profiles import Profile

    return frozenset(Profile.model_fields) - {"name"}


def settings_from_document(doc: Mapping[str, Any]) -> Settings:
    """Validate a parsed TOML document strictly: a string where a number belongs is a
    broken file, not something to guess about."""
    from .profiles import TRUST_FILES
    from .settings import Settings

    preferences = doc.get("preferences", {})
    if not isinstance(preferences, Mapping):
        raise ConfigFormatError(say("[preferences] must be a table"))
    profiles = doc.get("profiles", {})
    if not isinstance(profiles, Mapping):
        raise ConfigFormatError(say("[profiles] must be a table of profiles"))
    for name, table in profiles.items():
        if not isinstance(table, Mapping):
            raise ConfigFormatError(say("[profiles.{name}] must be a table", name=name))
    data: dict[str, Any] = {
        key: value for key, value in preferences.items() if key in PREFERENCE_KEYS
    }
    data["profiles"] = profiles
    if "default_profile" in doc:
        data["default_profile"] = doc["default_profile"]
    return Settings.model_validate(data, strict=True, context={TRUST_FILES: True})


def profile_table(profile: Profile) -> dict[str, Any]:
    table = profile.model_dump(exclude={"name"}, exclude_none=True)
    for optional in ("paths", "check_wallets"):  # empty: the file stays as it was without
        if not table.get(optional):
            table.pop(optional, None)
    if "ca_bundle" in table:
        table["ca_bundle"] = str(table["ca_bundle"])
    return table


def document_from_settings(settings: Settings, base: Mapping[str, Any]) -> dict[str, Any]:
    """The TOML document for `settings`, keeping every key of `base` that we do not own."""
    preferences: dict[str, Any] = {}
    for key in ("theme", "language", "inspector_open", "inspector_window", "last_profile",
                "idle_lock_minutes"):
        value = getattr(settings, key)
        if value is not None:  # TOML has no null: an unset preference is an absent key
            preferences[key] = value
    preferences.update(_unknown(base.get("preferences"), PREFERENCE_KEYS))

    base_profiles = base.get("profiles")
    base_profiles = base_profiles if isinstance(base_profiles, Mapping) else {}
    profiles = {
        name: {**profile_table(profile), **_unknown(base_profiles.get(name), profile_keys())}
        for name, profile in settings.profiles.items()
    }
    doc: dict[str, Any] = {
        "default_profile": settings.default_profile,
        "preferences": preferences,
        "profiles": profiles,
    }
    doc.update(_unknown(base, TOP_KEYS))
    return doc


def _unknown(table: Any, known: frozenset[str]) -> dict[str, Any]:
    """The keys of `table` we do not own, less any that looks like a secret: a secret
    pasted into the file by hand is not carried into the next rewrite."""
    if not isinstance(table, Mapping):
        return {}
    return {
        key: _without_secrets(value)
        for key, value in table.items()
        if key not in known and not looks_like_secret_key(key)
    }


def _without_secrets(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_secrets(v) for k, v in value.items() if not looks_like_secret_key(k)}
    if isinstance(value, list):
        return [_without_secrets(item) for item in value]
    return value


def looks_like_secret_key(key: str) -> bool:
    normal = key.lower().replace("_", "").replace("-", "")
    return normal in SECRET_KEY_NAMES


def secret_keys_in(value: Any, prefix: str = "") -> list[str]:
    """Dotted paths of keys that look like secrets anywhere in a parsed document."""
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            path = f"{prefix}{key}"
            if looks_like_secret_key(str(key)):
                found.append(path)
            else:
                found.extend(secret_keys_in(item, f"{path}."))
    elif isinstance(value, list):
        for item in value:
            found.extend(secret_keys_in(item, prefix))
    return found


def _describe(error: Exception) -> Sentence:
    from pydantic import ValidationError

    from .profiles import first_problem

    if isinstance(error, ValidationError):
        return first_problem(error)
    if isinstance(error, UnicodeDecodeError):
        return say("it is not UTF-8 text")
    if isinstance(error, ConfigFormatError):
        return error.args[0]
    return as_is(error)  # tomllib's own words, with the line and column


class ConfigStore:
    """Loads and saves the settings. After `load()` (or a `save()` that found the file
    broken), `warning` holds a sentence for the operator (in the desk's language when
    read) and `broken_copy` where the unreadable file now is."""

    def __init__(self, path: Path | None = None, *, paths: AppPaths | None = None):
        self.paths = paths or AppPaths.from_env()
        self.path = Path(path) if path is not None else self.paths.config_file
        self._warning: Sentence | None = None
        self.broken_copy: Path | None = None
        self._document: dict[str, Any] = {}
        self._unreadable = False

    @property
    def warning(self) -> str | None:
        return text_or_none(self._warning)

    def _warn(self, sentence: Sentence) -> None:
        self._warning = sentence
        log.warning("%s", english(sentence))

    def preview(self) -> ConfigPreview | None:
        """A quick reading of the file without pydantic, enough to draw the login screen;
        None when only `load()` can tell what to do (the file cannot be read or something
        in it is off). Sets no warning and moves no file: `load()` does, right after."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return default_preview()
        except OSError:
            return None
        try:
            document = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        return preview_document(document)

    def load(self) -> Settings:
        from .settings import Settings

        self._warning = None
        self.broken_copy = None
        self._unreadable = False
        self._document = {}
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as error:
            self._unreadable = True
            self._warn(say(
                "Could not read the config file {path} ({reason}); starting on defaults, "
                "and the file will not be overwritten.", path=self.path, reason=error.strerror,
            ))
            return Settings()
        parsed = self._parse(raw)
        if parsed is None:
            return Settings()
        self._document, settings = parsed
        secret_keys = secret_keys_in(self._document)
        if secret_keys:
            self._warn(say(
                "The config file {path} holds {keys}: secrets do not belong there and "
                "wallet-tui does not read them. They will be left out the next time the "
                "settings are saved; use the keyring (\"remember\") or "
                "WALLET_TUI_CLIENT_SECRET instead.", path=self.path, keys=", ".join(secret_keys),
            ))
        return settings

    def save(self, settings: Settings) -> None:
        import tomli_w

        if self._unreadable:
            raise ConfigError(say(
                "Not saving: the config file {path} could not be read at start, "
                "and overwriting it would lose what it holds.", path=self.path,
            ))
        base = self._document
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            base = {}
        except OSError:
            pass  # keep what we read at load; the write below will say if it fails
        else:
            # Another instance may have written since we loaded: keep its unknown keys.
            # A file broken meanwhile is set aside rather than overwritten.
            parsed = self._parse(raw)
            base = parsed[0] if parsed is not None else {}
        document = document_from_settings(settings, base)
        text = HEADER + tomli_w.dumps(document)
        self._prepare_dir()
        try:
            atomic_write_text(self.path, text)
        except OSError as error:
            raise ConfigError(say("Could not save the config file {path}: {error}",
                                  path=self.path, error=error)) from error
        self._document = document

    def _parse(self, raw: bytes) -> tuple[dict[str, Any], Settings] | None:
        try:
            document = tomllib.loads(raw.decode("utf-8"))
            return document, settings_from_document(document)
        # pydantic's ValidationError is a ValueError
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
            self._set_aside(_describe(error))
            return None

    def _set_aside(self, reason: Sentence) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        counter = 2
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.broken-{stamp}-{counter}")
            counter += 1
        try:
            self.path.rename(target)
        except FileNotFoundError:
            # Another instance set it aside a moment ago; it told its operator where.
            self._warn(say("The config file {path} was broken ({reason}); starting on defaults.",
                           path=self.path, reason=reason))
        except OSError as error:
            self._unreadable = True
            self._warn(say(
                "The config file {path} is broken ({reason}) and could not be moved aside "
                "({error}); starting on defaults without overwriting it.",
                path=self.path, reason=reason, error=error.strerror,
            ))
        else:
            self.broken_copy = target
            self._warn(say(
                "The config file could not be used ({reason}). It was moved to {target}; "
                "starting on default settings.", reason=reason, target=target,
            ))

    def _prepare_dir(self) -> None:
        if self.path.parent == self.paths.config_dir:
            ensure_private_dir(self.path.parent)
        else:
            ensure_parent_dir(self.path)

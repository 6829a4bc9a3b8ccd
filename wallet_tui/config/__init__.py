"""Profiles and settings, secrets, caches and the log file.

Imports the protocol room at most. Names load when first asked for: the pydantic models
(`Profile`, `Settings`) and the keyring cost tenths of a second, and the login screen is
first drawn without them (`ConfigStore.preview()`)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cache import BankCache, BankListState, RecentWallet, RecentWallets
    from .files import atomic_write_bytes, atomic_write_text, ensure_private_dir
    from .logging_setup import mask_secrets, register_secret, setup_logging, shutdown_logging
    from .paths import ENV_CLIENT_SECRET, ENV_CONFIG, ENV_PROFILE, AppPaths, print_paths
    from .preview import ConfigPreview, ProfileView
    from .profile_rules import SANDBOX_PROFILE_NAME, ProfileError, UnknownProfileError
    from .profiles import Profile, ProfileKind, first_error, sandbox_profile
    from .secrets import FoundSecret, SecretSource, SecretStore
    from .language import Language, effective_language, system_language
    from .settings import Settings, active_profile
    from .store import ConfigError, ConfigStore

_WHERE = {
    "cache": ("BankCache", "BankListState", "RecentWallet", "RecentWallets"),
    "files": ("atomic_write_bytes", "atomic_write_text", "ensure_private_dir"),
    "logging_setup": ("mask_secrets", "register_secret", "setup_logging", "shutdown_logging"),
    "paths": ("ENV_CLIENT_SECRET", "ENV_CONFIG", "ENV_PROFILE", "AppPaths", "print_paths"),
    "preview": ("ConfigPreview", "ProfileView"),
    "profile_rules": ("SANDBOX_PROFILE_NAME", "ProfileError", "UnknownProfileError"),
    "profiles": ("Profile", "ProfileKind", "first_error", "sandbox_profile"),
    "secrets": ("FoundSecret", "SecretSource", "SecretStore"),
    "language": ("Language", "effective_language", "system_language"),
    "settings": ("Settings", "active_profile"),
    "store": ("ConfigError", "ConfigStore"),
}
SUBMODULES = frozenset({*_WHERE, "cli_profiles", "keymap"})
MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}
__all__ = sorted(MODULE_OF)


def __getattr__(name: str) -> Any:
    if name in SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module = MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

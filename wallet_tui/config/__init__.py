"""Profiles and settings, secrets, caches and the log file.

Imports the protocol room at most. The keyring package is imported only when a secret
is first needed (it costs a few tenths of a second)."""

from .cache import BankCache, BankListState, RecentWallet, RecentWallets
from .files import atomic_write_bytes, atomic_write_text, ensure_private_dir
from .logging_setup import mask_secrets, register_secret, setup_logging, shutdown_logging
from .paths import ENV_CLIENT_SECRET, ENV_CONFIG, ENV_PROFILE, AppPaths, print_paths
from .profiles import (
    SANDBOX_PROFILE_NAME,
    Profile,
    ProfileError,
    ProfileKind,
    first_error,
    sandbox_profile,
)
from .secrets import FoundSecret, SecretSource, SecretStore
from .settings import (
    Language,
    Settings,
    UnknownProfileError,
    active_profile,
    effective_language,
    system_language,
)
from .store import ConfigError, ConfigStore

__all__ = [
    "ENV_CLIENT_SECRET",
    "ENV_CONFIG",
    "ENV_PROFILE",
    "SANDBOX_PROFILE_NAME",
    "AppPaths",
    "BankCache",
    "BankListState",
    "ConfigError",
    "ConfigStore",
    "FoundSecret",
    "Language",
    "Profile",
    "ProfileError",
    "ProfileKind",
    "RecentWallet",
    "RecentWallets",
    "SecretSource",
    "SecretStore",
    "Settings",
    "UnknownProfileError",
    "active_profile",
    "atomic_write_bytes",
    "atomic_write_text",
    "effective_language",
    "ensure_private_dir",
    "first_error",
    "mask_secrets",
    "print_paths",
    "register_secret",
    "sandbox_profile",
    "setup_logging",
    "shutdown_logging",
    "system_language",
]

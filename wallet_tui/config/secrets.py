"""Where the clientSecret comes from: never a file.

Order: the WALLET_TUI_CLIENT_SECRET environment variable, then the system keyring (only
when a working backend exists and the operator ticked "remember"), then the login form.
For sandbox profiles with the published demo partners the demo secret is offered last:
it is printed in the protocol docs, not a secret.

Where no keyring works (a typical SSH box) `remember()` returns False and `problem`
says so plainly; nothing is written anywhere instead."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wallet_tui.protocol import wire

from .logging_setup import register_secret
from .paths import ENV_CLIENT_SECRET
from wallet_tui.protocol.sentence import Sentence, english, say, text_or_none

if TYPE_CHECKING:
    # Or a `preview.ProfileView`: only name, client_id and is_sandbox are read.
    from .profiles import Profile

log = logging.getLogger(__name__)

KEYRING_SERVICE = "wallet-tui"
# A user name nobody stores under: reading it tells whether the backend answers at all.
PROBE_USER = "wallet-tui:probe"

DEMO_SECRETS = {
    wire.DEMO_CLIENT_ID: wire.DEMO_CLIENT_SECRET,
    wire.OTHER_CLIENT_ID: wire.OTHER_CLIENT_SECRET,
}

NO_KEYRING_ADVICE = say(
    "The secret will not be remembered: set WALLET_TUI_CLIENT_SECRET for scripts, "
    "or type it at each login."
)


class SecretSource(StrEnum):
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    DEMO = "demo"


@dataclass(frozen=True)
class FoundSecret:
    value: str = field(repr=False)
    source: SecretSource


def keyring_user(profile: Profile) -> str:
    return f"{profile.name}:{profile.client_id}"


class SecretStore:
    """The secret for a profile, and remembering it in the system keyring where one works."""

    def __init__(self, env: Mapping[str, str] | None = None):
        self._env = env
        self._probed: tuple[int, Sentence | None] | None = None
        self._problem: Sentence | None = None

    @property
    def problem(self) -> str | None:
        """Why the last keyring call did not do what was asked, for the operator."""
        return text_or_none(self._problem)

    # Keyring health --------------------------------------------------------------------

    @property
    def keyring_available(self) -> bool:
        return self._keyring_problem() is None

    @property
    def keyring_status(self) -> str:
        """One sentence for the login screen and `profile list`."""
        problem = self._keyring_problem()
        if problem is None:
            return str(say("Secrets can be remembered in the system keyring ({backend}).",
                           backend=self._backend_name()))
        return str(_with_advice(problem))

    def _backend(self) -> Any:
        import keyring  # 0.1-0.3 s to import: only when secrets are first needed

        return keyring.get_keyring()

    def _backend_name(self) -> str:
        backend = self._backend()
        return getattr(backend, "name", type(backend).__name__)

    def _keyring_problem(self) -> Sentence | None:
        try:
            backend = self._backend()
        except Exception as error:  # a broken keyring config must not stop the app
            return say("The system keyring cannot be loaded ({error}).", error=error)
        # Re-probe when the backend object changes (keyring.set_keyring in tests, or a
        # backend that got unlocked later hands out a new instance).
        if self._probed is not None and self._probed[0] == id(backend):
            return self._probed[1]
        problem = _backend_problem(backend)
        self._probed = (id(backend), problem)
        return problem

    # Reading ---------------------------------------------------------------------------

    def find(self, profile: Profile, *, use_keyring: bool = True) -> FoundSecret | None:
        """The secret and where it came from. `use_keyring=False` answers at once from the
        environment or the demo secrets (a keyring call may block on D-Bus: run the full
        lookup in a worker thread)."""
        env = os.environ if self._env is None else self._env
        from_env = env.get(ENV_CLIENT_SECRET, "")
        if from_env:
            register_secret(from_env)
            return FoundSecret(from_env, SecretSource.ENVIRONMENT)
        if use_keyring and self.keyring_available:
            try:
                stored = self._backend().get_password(KEYRING_SERVICE, keyring_user(profile))
            except Exception as error:
                self._problem = say("The system keyring did not answer ({error}).", error=error)
                log.warning("%s", english(self._problem))
                stored = None
            if stored:
                register_secret(stored)
                return FoundSecret(stored, SecretSource.KEYRING)
        if profile.is_sandbox and profile.client_id in DEMO_SECRETS:
            return FoundSecret(DEMO_SECRETS[profile.client_id], SecretSource.DEMO)
        return None

    def get(self, profile: Profile) -> str | None:
        found = self.find(profile)
        return found.value if found else None

    # Writing ---------------------------------------------------------------------------

    def remember(self, profile: Profile, secret: str) -> bool:
        """Keep `secret` in the system keyring. False, with `problem` set to a sentence
        the operator can read, when there is no working keyring: then nothing is kept."""
        self._problem = None
        register_secret(secret)
        problem = self._keyring_problem()
        if problem is not None:
            self._problem = _with_advice(problem)
            return False
        try:
            self._backend().set_password(KEYRING_SERVICE, keyring_user(profile), secret)
        except Exception as error:
            self._problem = _with_advice(
                say("The system keyring refused to keep the secret ({error}).", error=error)
            )
            log.warning("keyring refused a secret for %s: %s", profile.name, error)
            return False
        return True

    def forget(self, profile: Profile) -> bool:
        """Remove the remembered secret; True if one was removed."""
        if not self.keyring_available:
            return False
        backend = self._backend()
        try:
            if backend.get_password(KEYRING_SERVICE, keyring_user(profile)) is None:
                return False
            backend.delete_password(KEYRING_SERVICE, keyring_user(profile))
        except Exception as error:
            self._problem = say("The system keyring could not forget the secret ({error}).",
                                error=error)
            log.warning("%s", english(self._problem))
            return False
        return True

    def move(self, old: Profile, new: Profile) -> bool:
        """Carry a remembered secret over a profile rename (same client id only: a new
        client id has a different secret, so the old one is just forgotten)."""
        if keyring_user(old) == keyring_user(new) or not self.keyring_available:
            return False
        try:
            stored = self._backend().get_password(KEYRING_SERVICE, keyring_user(old))
        except Exception:
            stored = None
        moved = False
        if stored and old.client_id == new.client_id:
            moved = self.remember(new, stored)
        self.forget(old)
        return moved


def _with_advice(problem: Sentence) -> Sentence:
    return say("{problem} {advice}", problem=problem, advice=NO_KEYRING_ADVICE)


def _backend_problem(backend: Any) -> Sentence | None:
    from keyring.backends import fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return say(
            "No system keyring works here (no Secret Service, KWallet or Keychain was found)."
        )
    chained = getattr(backend, "backends", None)
    if chained is not None and not chained:
        return say("No system keyring works here (no backend is available).")
    try:
        backend.get_password(KEYRING_SERVICE, PROBE_USER)
    except Exception as error:
        return say("The system keyring does not answer ({kind}: {error}).",
                   kind=type(error).__name__, error=error)
    return None

"""What the desk does differently on a production profile (`Profile.is_production`).

- Every frame says so: the app carries the class `-production`, and every screen (modals,
  the palette and the lock included) a border with `frame_title()` in it and a red header,
  in fixed colours marked `!important` in app.tcss, so no theme takes them away; the words
  are there where colours are not (NO_COLOR, 16 colours, ASCII).
- Money operations ask for the amount again before sending (screens/production.py,
  `OperationScreen.after_retype`).
- The sandbox's controls and the raw console's writes are refused (`console_refusal`).
- The desk locks after `Settings.idle_lock_seconds` without a key or a click (`IdleWatch`,
  screens/production.py's LockScreen); the clientSecret, or the keyring, unlocks it.
- Quitting offers the session report first.

The environment is a label on the profile: the connect function never reads it, so tests
mark a profile on the in-process sandbox as production."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from wallet_tui.protocol import wire

from .i18n import N_, _

PRODUCTION_MARK = N_("PRODUCTION — real money")
PRODUCTION_CLASS = "-production"
# How often the app asks whether the desk has been idle too long.
IDLE_CHECK_SECONDS = 1.0
SANDBOX_PREFIX = wire.SANDBOX_RESET.rsplit("/", 1)[0] + "/"  # "/sandbox/"


def frame_title(profile: Any) -> str:
    """The words in the production border: the mark and the profile's name."""
    return f" {_(PRODUCTION_MARK)} · {profile.name} "


def console_refusal(method: str, path: str) -> str | None:
    """Why the raw console will not send this on production, or None. Only reads are sent:
    a write there skips every check the screens make (and the amount typed twice)."""
    if path.split("?", 1)[0].startswith(SANDBOX_PREFIX) or path == SANDBOX_PREFIX.rstrip("/"):
        return _("Refused on production: the sandbox controls ({path}) exist only on the "
                 "sandbox. Nothing was sent.").format(path=SANDBOX_PREFIX + "*")
    if method.upper() != "GET":
        return _("Refused on production: the raw console sends only GET here; {method} "
                 "would change real data without the screens' checks. Use the operation "
                 "screens (F3-F7). Nothing was sent.").format(method=method.upper())
    return None


class IdleWatch:
    """Time since the operator last pressed a key or clicked, on an injectable clock
    (tests move it instead of waiting)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_activity = clock()

    def touch(self) -> None:
        self.last_activity = self.clock()

    def idle_for(self) -> float:
        return self.clock() - self.last_activity

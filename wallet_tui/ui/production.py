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
from typing import TYPE_CHECKING, Any

from wallet_tui.protocol import wire

from .i18n import N_, _

if TYPE_CHECKING:
    from textual.screen import Screen

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


class ProductionDesk:
    """WalletApp on a production profile: the frame, the idle lock, the report offered on
    quitting."""

    @property
    def is_production(self) -> bool:
        """The profile in use (the one logged in with, once logged in) is production."""
        return self.profile_view.is_production

    def _show_environment(self) -> None:
        production = self.is_production
        if production == self.has_class(PRODUCTION_CLASS) and not production:
            return
        self.set_class(production, PRODUCTION_CLASS)
        for screen in self.screen_stack:
            self._frame_screen(screen)

    def _frame_screen(self, screen: Screen) -> None:
        """The production border's words on `screen` (app.tcss draws the border)."""
        title = frame_title(self.profile_view) if self.is_production else None
        if screen.border_title != title:
            screen.border_title = title

    @property
    def locked(self) -> bool:
        return any(getattr(screen, "COVERS_DESK", False) for screen in self.screen_stack)

    def lock_if_idle(self) -> None:
        """Locks a production desk left without a key or a click for the settings' time."""
        if not (self.logged_in and self.is_production) or self.locked:
            return
        limit = self.settings.idle_lock_seconds
        if self.idle_watch.idle_for() >= limit:
            self.lock()

    def lock(self) -> None:
        from .screens.production import LockScreen

        if not self.locked:
            self.push_screen(LockScreen(self.settings.idle_lock_seconds / 60))

    def unlock(self) -> None:
        self.idle_watch.touch()
        if getattr(self.screen, "COVERS_DESK", False):
            self.pop_screen()

    def quit_offering_report(self) -> None:
        """Quits; on production the session report is offered first (its exchanges are
        what support asks for when a payment is questioned). Ctrl+Q over the offer quits."""
        from .screens.production import QuitOfferModal

        exchanges = self.gateway.exchanges
        if (not self.is_production or not self.logged_in or not exchanges
                or isinstance(self.screen, QuitOfferModal)):
            self.exit()
            return
        self.push_screen(QuitOfferModal(len(exchanges)), self._quit_answered)

    def _quit_answered(self, answer: str | None) -> None:
        from .screens.production import QUIT_WITH_REPORT, QUIT_WITHOUT

        if answer == QUIT_WITHOUT:
            self.exit()
        elif answer == QUIT_WITH_REPORT:
            self.exit(message=self._report_on_quit())

    def _report_on_quit(self) -> str:
        """Writes the session report now, on the way out; says where (printed after exit)."""
        from wallet_tui.report import save_report

        try:
            markdown, html = save_report(
                list(self.gateway.exchanges), self.paths.prepare_exchange_logs_dir(),
                profile=self.profile.name, partner_id=self.profile.partner_id,
            )
        except OSError as error:
            return _("Could not save the report: {error}").format(error=error)
        self.last_saved_report = markdown
        return _("Session report saved: {markdown} and {html}").format(
            markdown=markdown, html=html.name)

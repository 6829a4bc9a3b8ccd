"""`wallet-tui demo`: the desk started with an auto pilot that logs in and opens the demo."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from ..app import WalletApp


def demo_autopilot(*, auto: bool) -> Callable[["Pilot[Any]"], Awaitable[None]]:
    """What `wallet-tui demo` runs inside the app: logs in with the profile's credentials
    when the login screen has a secret for them (environment, keyring, or the sandbox's demo
    secret), then opens the demo. Without a secret the login screen waits for one."""

    async def autopilot(pilot: "Pilot[Any]") -> None:
        from .demo import DemoScreen
        from .login import LoginScreen

        from textual.app import ScreenStackError

        app: WalletApp = pilot.app  # type: ignore[assignment]
        # The keyring is asked in a worker when the login screen mounts.
        try:
            await app.workers.wait_for_complete()
            await pilot.pause()
        except ScreenStackError:  # the desk was quit before the login was looked at
            return
        screen = app.screen
        if isinstance(screen, LoginScreen) and screen.field("client-secret").value:
            screen.action_log_in()
        # Until the operator has logged in (by hand, when no secret was found), or quit.
        while app.is_running and (not app.logged_in or isinstance(app.screen, LoginScreen)):
            await asyncio.sleep(0.05)
        if not app.is_running:
            return
        app.action_show(DemoScreen.SCREEN_NAME)
        await pilot.pause()
        if isinstance(app.screen, DemoScreen):
            app.screen.start(auto=auto)

    return autopilot

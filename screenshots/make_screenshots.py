"""Make screenshots/*.svg and screenshots/README.md: every screen of the desk, taken from the
running app (Textual's Pilot, keys pressed as an operator would) on a fresh in-process sandbox
with its demo data.

Run from the repository root:  .venv/bin/python screenshots/make_screenshots.py [--out DIR]

Nothing of the user's is read or written: HOME and the XDG dirs point into a temp dir, the
keyring is one that never works, and the sandbox's SQLite file lives in the same temp dir.
The sandbox's clock is a ManualClock started at the current minute: the withdrawal settles
when the script moves it, not after real seconds. The app runs in its test mode (the dark
theme whatever the settings say, no cursor blink, the countdown drawn once)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from wallet_tui.sandbox.inprocess import InProcessSandbox
    from wallet_tui.ui.app import WalletApp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's wallet_tui, whatever is installed
WALLET = "100000000002"  # Борис Иванов, SIMPLIFIED, with four operations in his history
SMALL = (80, 24)   # the smallest terminal the desk is made for
MAIN = (100, 30)   # reads well in a README
WIDE = (150, 32)   # from 110 columns on the inspector sits beside the screen


@dataclass(frozen=True)
class Picture:
    name: str    # the file is <name>.svg
    screen: str  # what it shows, for the README and the SVG's title
    keys: str    # the keys that drive that screen (Markdown)


PICTURES = (
    Picture("login", "Login (sandbox profile, demo credentials filled in)",
            "Enter log in · Ctrl+O profiles · F9 inspector · Ctrl+Q quit"),
    Picture("login-80x24", "Login at 80×24", "as above"),
    Picture("profile-editor", "Profile editor",
            "Ctrl+O from the login · Ctrl+S save · Ctrl+N new · Ctrl+R remove · Esc back"),
    Picture("lookup", f"F2 Lookup: wallet {WALLET} with its history",
            "F2 · type an id or a phone, Enter · Ctrl+R recent · PgUp/PgDn pages · Tab into the "
            "history"),
    Picture("lookup-80x24", "F2 Lookup at 80×24", "as above"),
    Picture("registration", "F3 Registration", "F3 · Tab between fields · Enter register"),
    Picture("identification", "F4 Identification level, FULL chosen",
            "F4 · ↑ ↓ choose the level · Enter shows the new limits · y sets it"),
    Picture("refill-confirm", "F5 Refill, at the confirmation",
            "F5 · type the amount, Enter · y send / n back"),
    Picture("payment-confirm", "F6 Payment, step 2 with the countdown",
            "F6 · amount, Enter initiates · y confirm · n cancel"),
    Picture("withdrawal-banks", "F7 Withdrawal: the SBP bank list filtered as you type",
            "F7 · type part of a bank's name · ↑ ↓ in the list · Enter takes the bank"),
    Picture("withdrawal-succeeded", "F7 Withdrawal followed to SUCCEEDED",
            "Enter · y send · r check now · Esc stop following · n new withdrawal"),
    Picture("inspector", "F9 Exchange inspector beside the lookup (wide terminal)",
            "F9 on/off · ↑ ↓ exchanges · c copy as curl · s save all"),
    Picture("console", "F8 Raw console with a reply",
            "F8 · method, path, JSON body · Ctrl+S send · Ctrl+R history"),
    Picture("demo", "F12 Guided demo, half-way", "F12 · Enter next step · a auto on/off"),
    Picture("lookup-light", "The wallet-light theme (Ctrl+P, “Change theme”)",
            "Ctrl+P · Change theme · wallet-light"),
    Picture("lookup-ascii", "ASCII mode at 80×24 (`wallet-tui --ascii`, the Linux console)",
            "as F2; borders, bars and marks in ASCII"),
)
BY_NAME = {picture.name: picture for picture in PICTURES}


def isolate(scratch: Path) -> None:
    """HOME and XDG dirs in `scratch`, no variable that would pick a profile, secret, theme
    or colour, and a keyring that never works: the pictures show a first start."""
    home = scratch / "home"
    home.mkdir()
    os.environ["HOME"] = str(home)
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        os.environ[name] = str(home / sub)
    for name in ("WALLET_TUI_CONFIG", "WALLET_TUI_PROFILE", "WALLET_TUI_CLIENT_SECRET",
                 "NO_COLOR", "XDG_RUNTIME_DIR"):
        os.environ.pop(name, None)
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())


def sandbox_for_pictures(db_path: Path) -> "InProcessSandbox":
    """A fresh sandbox whose clock the script moves, started on the minute."""
    from wallet_tui.sandbox.clock import ManualClock
    from wallet_tui.sandbox.inprocess import InProcessSandbox

    return InProcessSandbox(db_path, ManualClock(datetime.now(UTC).replace(second=0, microsecond=0)))


class Camera:
    def __init__(self, app: "WalletApp", pilot: "Pilot[Any]", out: Path) -> None:
        self.app, self.pilot, self.out = app, pilot, out
        self.taken: list[Path] = []

    async def settle(self) -> None:
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()
        await self.pilot.pause()

    async def until(self, done: Callable[[], bool], what: str, seconds: float = 20) -> None:
        for _ in range(int(seconds / 0.05)):
            if done():
                return
            await self.pilot.pause(0.05)
        raise RuntimeError(f"the desk never got to: {what}")

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    async def type(self, text: str) -> None:
        names = {" ": "space", "+": "plus", "-": "minus", ",": "comma", ".": "full_stop"}
        await self.pilot.press(*(names.get(ch, ch) for ch in text))

    async def field(self, field_id: str, text: str) -> None:
        """Focuses a form field and types into it."""
        from wallet_tui.ui.widgets.form import Field

        self.app.screen.query_one(f"#{field_id}", Field).input.focus()
        await self.pilot.pause()
        await self.type(text)

    async def show(self, name: str) -> None:
        self.app.action_show(name)
        await self.settle()

    async def resize(self, size: tuple[int, int]) -> None:
        await self.pilot.resize_terminal(*size)
        await self.settle()

    async def shoot(self, name: str) -> None:
        await self.settle()
        picture = BY_NAME[name]
        svg = self.app.export_screenshot(title=f"wallet-tui · {picture.screen}")
        path = self.out / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        self.taken.append(path)


async def session(out: Path, scratch: Path, *, ascii: bool, size: tuple[int, int],
                  script: Callable[[Camera], Awaitable[None]]) -> list[Path]:
    from wallet_tui.cli import sandbox_connect
    from wallet_tui.config import ConfigStore
    from wallet_tui.ui.app import WalletApp
    from wallet_tui.ui.screens.login import LoginScreen

    sandbox = sandbox_for_pictures(scratch / f"sandbox-{'ascii' if ascii else 'main'}.sqlite3")
    app = WalletApp(sandbox_connect(sandbox), store=ConfigStore(), test_mode=True, ascii=ascii)
    app.sandbox_clock = sandbox.clock  # type: ignore[attr-defined]
    async with app.run_test(size=size) as pilot:
        camera = Camera(app, pilot, out)
        await camera.settle()
        await camera.until(lambda: isinstance(app.screen, LoginScreen), "the login screen")
        try:
            await script(camera)
        finally:
            await app.gateway.aclose()
    return camera.taken


async def log_in_and_look_up(camera: Camera) -> None:
    await camera.press("enter")
    await camera.until(lambda: camera.app.logged_in, "logged in")
    await camera.show("lookup")
    await camera.field("lookup-query", WALLET)
    await camera.press("enter")
    wallet = lambda: camera.app.current_wallet  # noqa: E731
    await camera.until(lambda: wallet() is not None and wallet().wallet_id == WALLET, "the wallet")


async def main_story(camera: Camera) -> None:
    app = camera.app
    await camera.shoot("login-80x24")
    await camera.resize(MAIN)
    await camera.shoot("login")
    await camera.press("ctrl+o")
    await camera.shoot("profile-editor")
    await camera.press("escape")

    await log_in_and_look_up(camera)
    await camera.shoot("lookup")
    await camera.resize(SMALL)
    await camera.shoot("lookup-80x24")
    await camera.resize(MAIN)

    await camera.show("registration")
    await camera.field("reg-phone", "+7 916 123-45-67")
    await camera.field("reg-last-name", "Смирнова")
    await camera.field("reg-first-name", "Анна")
    await camera.shoot("registration")

    await camera.show("identification")
    await camera.press("down")
    await camera.shoot("identification")

    await camera.show("refill")
    await camera.field("refill-amount", "1 500")
    await camera.press("enter")
    await camera.shoot("refill-confirm")
    await camera.press("y")

    await camera.show("payment")
    payment = app.screen
    payment.clock = app.sandbox_clock.now  # type: ignore[attr-defined]
    await camera.field("pay-amount", "700")
    await camera.field("pay-description", "Кофе и круассан")
    await camera.press("enter")
    app.sandbox_clock.advance(47)  # type: ignore[attr-defined]
    payment.refresh_countdown()  # type: ignore[attr-defined]
    await camera.shoot("payment-confirm")
    await camera.press("y")

    await camera.show("withdrawal")
    withdrawal = app.screen
    await camera.field("wd-bank-filter", "банк")
    await camera.shoot("withdrawal-banks")
    await camera.press("down", "down", "enter")
    await camera.field("wd-amount", "2 000")
    await camera.press("enter")
    await camera.press("y")
    app.sandbox_clock.advance(120)  # the bank settles; the screen asks every second
    await camera.until(lambda: "SUCCEEDED" in str(withdrawal.query_one("#wd-status").content),
                       "the withdrawal settled")
    await camera.shoot("withdrawal-succeeded")

    await camera.show("lookup")
    await camera.resize(WIDE)
    await camera.press("f9")
    await camera.press("up", "up")
    await camera.shoot("inspector")
    await camera.press("f9")
    await camera.resize(MAIN)

    await camera.show("console")
    from textual.widgets import Input

    path = app.screen.query_one("#console-path", Input)
    path.focus()
    path.value = f"/api/wallet/v1/account/{WALLET}"
    await camera.press("ctrl+s")
    await camera.shoot("console")

    await camera.show("demo")
    for _ in range(4):
        await camera.press("enter")
    await camera.shoot("demo")

    app.theme = "wallet-light"
    await camera.show("lookup")
    await camera.shoot("lookup-light")


async def ascii_story(camera: Camera) -> None:
    await log_in_and_look_up(camera)
    await camera.shoot("lookup-ascii")


def readme(pictures: tuple[Picture, ...]) -> str:
    rows = "\n".join(
        f'| [<img src="{p.name}.svg" width="360" alt="{p.screen}">]({p.name}.svg) '
        f"| {p.screen} | {p.keys} |"
        for p in pictures
    )
    return f"""# Screenshots

Every screen of the desk, taken from the running app on the embedded sandbox's demo data by
`make_screenshots.py`: Textual's Pilot presses the keys an operator would, and
`App.export_screenshot` writes each SVG. Remake them all (and this page) with

    .venv/bin/python screenshots/make_screenshots.py

Most are {MAIN[0]}×{MAIN[1]}. The login and the lookup are also at {SMALL[0]}×{SMALL[1]}, the
smallest terminal the desk is made for, and the inspector at {WIDE[0]}×{WIDE[1]}, wide enough
for it to sit beside the screen. `browser-mode.png`, the desk in a browser (`wallet-tui web`),
comes from `make_browser_screenshot.py`.

Keys everywhere: F2–F8 and F12 the screens, F9 the inspector, Ctrl+P every command, Ctrl+Q quit.

| picture (click for full size) | screen | keys that drive it |
|---|---|---|
{rows}
"""


async def make_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wallet-tui-screenshots-") as scratch_dir:
        scratch = Path(scratch_dir)
        isolate(scratch)
        taken = await session(out, scratch, ascii=False, size=SMALL, script=main_story)
        taken += await session(out, scratch, ascii=True, size=SMALL, script=ascii_story)
    (out / "README.md").write_text(readme(PICTURES), encoding="utf-8")
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where the SVGs go (default: here)")
    args = parser.parse_args(argv)
    taken = asyncio.run(make_all(args.out))
    missing = [p.name for p in PICTURES if args.out / f"{p.name}.svg" not in taken]
    for path in taken:
        print(path)
    if missing:
        print(f"not taken: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

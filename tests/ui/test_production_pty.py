"""The real program in a pseudo-terminal on a production profile: the frame's words reach an
ASCII, NO_COLOR terminal from the first frame, and Ctrl+Q typed there offers the session
report, whose `r` saves it and quits, saying where it went."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time
from pathlib import Path

from wallet_tui.config import ConfigStore, Profile

from .test_startup_imports import environment

ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


class Terminal:
    """wallet-tui on the far end of a pty, 80x24; `text` is what it wrote, escapes removed."""

    def __init__(self, home: Path, *args: str, env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(sys.executable, [sys.executable, "-m", "wallet_tui", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.raw = b""
        self.exit_status: int | None = None

    @property
    def text(self) -> str:
        return ESCAPES.sub(b"", self.raw).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"never saw {needle!r}; the end of it: {self.text[-600:]!r}")

    def _read(self, deadline: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, min(0.1, deadline - time.monotonic())))
        if ready:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                return self._exited()
            self.raw += chunk
        return True

    def _exited(self) -> bool:
        _, status = os.waitpid(self.pid, 0)
        self.exit_status = os.waitstatus_to_exitcode(status)
        self.pid = 0
        return False

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def wait_for_exit(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while self.pid and time.monotonic() < deadline:
            self._read(deadline)
        assert self.exit_status is not None, "the desk did not quit"
        return self.exit_status

    def close(self) -> None:
        if self.pid:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def test_the_real_desk_in_ascii_and_no_color_frames_production_and_offers_the_report(home):
    store = ConfigStore()
    settings = store.load()
    settings.add_profile(Profile(name="live", kind="sandbox", client_id="demo-client",
                                 partner_id="1001", environment="production"))
    settings.set_default("live")
    store.save(settings)
    env = {**environment(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "NO_COLOR": "1"}
    desk = Terminal(home, "--ascii", env=env)
    try:
        desk.wait_for("PRODUCTION - real money . live")  # the border, before login
        desk.wait_for("This profile moves real money")  # the login form says it too
        desk.type(b"\r")  # log in with the demo secret filled in
        desk.wait_for("Wallet id or phone")
        desk.type(b"\x11")  # Ctrl+Q
        desk.wait_for("Save the session report before quitting?")
        desk.type(b"r")
        assert desk.wait_for_exit() == 0
        desk.wait_for("Session report saved:", timeout=5)
    finally:
        desk.close()
    reports = list((home / ".local/share/wallet-tui").rglob("*.md"))
    assert reports, "no report was written"
    assert "demo-secret" not in reports[0].read_text()

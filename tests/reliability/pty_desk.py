"""The real desk (`python -m wallet_tui`) in a pseudo-terminal, read through a terminal
emulator (pyte), for tests of keys, signals and the terminal going away. Started, waited on
and ended by the test, never left behind."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pyte

COLUMNS, LINES = 100, 30
KEYS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "ctrl+q": "\x11",
        "f2": "\x1bOQ", "f5": "\x1b[15~"}


def desk_environment(home: Path, **extra: str) -> dict[str, str]:
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", **extra}


class PtyDesk:
    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child, on the pty's other end
            os.execve(sys.executable, [sys.executable, "-m", "wallet_tui", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.status: int | None = None
        self.written = bytearray()  # every byte the desk wrote to its terminal

    # -- reading ---------------------------------------------------------------------------

    def text(self) -> str:
        return "\n".join(self.screen.display).replace("\xa0", " ").replace("\u202f", " ")

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and self.fd >= 0:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.written += data
                self.stream.feed(data)

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """Reads until every one of `texts` is on the screen; fails with the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            shown = self.text()
            if all(text in shown for text in texts):
                return shown
            if self.exited():
                break
        raise AssertionError(f"never shown: {texts!r}\n--- screen ---\n{self.text()}")

    # -- writing ---------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, KEYS.get(key, key).encode("utf-8"))
            self.pump(0.15)

    def type(self, text: str) -> None:
        for char in text:
            os.write(self.fd, char.encode("utf-8"))
            self.pump(0.02)

    # -- ending ----------------------------------------------------------------------------

    def exited(self) -> bool:
        if self.status is None and self.pid:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def wait_exit(self, timeout: float = 15.0) -> int:
        """The wait status once the desk ended (fails if it did not end in time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.fd >= 0:
                self.pump(0.05)
            else:
                time.sleep(0.05)
            if self.exited():
                assert self.status is not None
                return self.status
        raise AssertionError("the desk did not end")

    def hang_up(self) -> None:
        """The terminal goes away, as on an SSH drop: the pty's master side is closed and
        the kernel sends SIGHUP to the desk."""
        os.close(self.fd)
        self.fd = -1

    def kill(self, signum: int = signal.SIGKILL) -> None:
        os.kill(self.pid, signum)

    def close(self) -> None:
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = 0
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

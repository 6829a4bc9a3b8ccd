"""What the desk imports before the operator sees the login screen (start-up cost).

Up to the login nothing loads Starlette, the sandbox, the HTTP client or the keyring: they
load when the operator logs in. Up to the login's first paint on a real terminal not even
pydantic loads: the login is drawn from a quick reading of the config file, which pydantic
validates right after the paint (docs/ui.md, "Start-up")."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from wallet_tui.cli import build_connect
    from wallet_tui.config import ConfigStore
    from wallet_tui.ui.app import WalletApp
    from wallet_tui.ui.screens.login import LoginScreen

    async def main():
        store = ConfigStore()
        app = WalletApp(build_connect(store.paths), store=store, test_mode=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            on_login = isinstance(app.screen, LoginScreen)
        heavy = ("starlette", "wallet_tui.sandbox", "httpx", "wallet_tui.client")
        loaded = sorted(name for name in sys.modules
                        if name in heavy or name.startswith(tuple(h + "." for h in heavy)))
        print(json.dumps({"on_login": on_login, "loaded": loaded}))

    asyncio.run(main())
    """
)

# Run as `wallet-tui` in a pseudo-terminal; the moment the login's first whole frame is written
# (told by the profile picker's value, drawn with the inputs), the modules loaded so far are
# saved to a file.
PAINT_PROBE = textwrap.dedent(
    """
    import json, os, sys
    from textual.drivers.linux_driver import LinuxDriver

    written = []
    write = LinuxDriver.write

    def watching_write(self, data):
        if not written or written[-1] is not None:
            written.append(data)
            if os.environ["PROBE_MARKER"] in "".join(written[-64:]):
                with open(os.environ["PROBE_OUT"] + ".part", "w") as file:
                    json.dump(sorted(sys.modules), file)
                os.replace(os.environ["PROBE_OUT"] + ".part", os.environ["PROBE_OUT"])
                written.append(None)
        return write(self, data)

    LinuxDriver.write = watching_write
    from wallet_tui.cli import main
    sys.exit(main([]))
    """
)

HEAVY = ("starlette", "wallet_tui.sandbox", "httpx", "wallet_tui.client")
NOT_BEFORE_FIRST_PAINT = (*HEAVY, "pydantic", "pydantic_core", "wallet_tui.protocol.models",
                          "wallet_tui.config.profiles", "wallet_tui.config.settings", "keyring",
                          "phonenumbers", "wallet_tui.ui.widgets.inspector")


def environment(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PATH": "/usr/bin:/bin"}


def modules_at_first_paint(home: Path, marker: str, timeout: float = 90.0) -> list[str]:
    out = home / "modules-at-first-paint.json"
    env = {**environment(home), "TERM": "xterm-256color", "LANG": "C.UTF-8",
           "PROBE_OUT": str(out), "PROBE_MARKER": marker}
    pid, terminal = pty.fork()
    if pid == 0:  # the child, on the pty's other end
        os.execve(sys.executable, [sys.executable, "-c", PAINT_PROBE], env)
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    deadline = time.monotonic() + timeout
    quit_sent = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([terminal], [], [], 0.05)
            if ready:
                try:
                    os.read(terminal, 65536)  # drained, so the app never blocks on it
                except OSError:
                    break
            if out.exists() and not quit_sent:
                os.write(terminal, b"\x11")  # Ctrl+Q
                quit_sent = True
            if os.waitpid(pid, os.WNOHANG)[0]:
                pid = 0
                break
    finally:
        if pid:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(terminal)
    assert out.exists(), "the login screen was never drawn"
    return json.loads(out.read_text())


def loaded_of(names: list[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names
                  if name in packages or name.startswith(tuple(p + "." for p in packages)))


def test_login_screen_needs_neither_starlette_nor_the_sandbox_nor_the_client(home):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120,
        env=environment(home),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"on_login": True, "loaded": []}


def test_the_first_paint_needs_no_pydantic_no_keyring_no_client(home):
    modules = modules_at_first_paint(home, "sandbox — embedded sandbox")
    assert "wallet_tui.ui.screens.login" in modules
    assert loaded_of(modules, NOT_BEFORE_FIRST_PAINT) == []


def test_a_config_file_with_profiles_is_drawn_without_pydantic_too(home):
    config = home / ".config" / "wallet-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(textwrap.dedent("""
        default_profile = "test-host"
        [preferences]
        inspector_open = true
        [profiles.test-host]
        kind = "remote"
        base_url = "https://wallet-test.example.ru"
        client_id = "acme"
        partner_id = "4242"
    """))
    modules = modules_at_first_paint(home, "test-host — https://wallet-test.example.ru")
    assert loaded_of(modules, NOT_BEFORE_FIRST_PAINT) == []

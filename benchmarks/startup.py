"""Launch to first paint of the login screen, in a pseudo-terminal, against a bare
one-widget Textual app run the same way in the same run; plus each one's peak RSS.

    .venv/bin/python benchmarks/startup.py [--runs 7]

Prints medians and the ratios (ours / bare). Target: time ratio at most 1.5."""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")

Bare().run()
"""
OURS = [sys.executable, "-m", "wallet_tui"]
BARE = [sys.executable, "-c", BARE_APP]
CTRL_Q = b"\x11"


@dataclass
class Launch:
    seconds: float   # spawn to the marker text on the terminal
    peak_rss_mb: float
    cpu_seconds: float  # user + system, spawn to exit: steadier than wall time on a busy box


def launch(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> Launch:
    pid, master = pty.fork()
    if pid == 0:  # the child: its terminal is the pty's other end
        os.execve(argv[0], argv, env)
    started = time.perf_counter()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    deadline = started + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        seen += chunk
        if marker in seen:
            elapsed = time.perf_counter() - started
            break
    if elapsed is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise RuntimeError(f"{argv[-1]!r}: {marker!r} never appeared; got {seen[-400:]!r}")
    os.write(master, CTRL_Q)
    # Drain the terminal until the child exits, so it never blocks writing to it.
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                pass
        if time.perf_counter() - started > timeout + 10:
            os.kill(pid, 9)
    os.close(master)
    # ru_maxrss is in KiB on Linux
    return Launch(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            "HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
            "XDG_CACHE_HOME": f"{home}/cache", "XDG_STATE_HOME": f"{home}/state",
            # The keyring is probed after the first paint; keep it from touching D-Bus here.
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        launch(BARE, b"bare-app-ready", env)  # warm the OS file cache for both
        launch(OURS, b"clientSecret", env)
        ours: list[Launch] = []
        bare: list[Launch] = []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            bare.append(launch(BARE, b"bare-app-ready", env))
            ours.append(launch(OURS, b"clientSecret", env))

    def median(items: list[Launch], attr: str) -> float:
        return statistics.median(getattr(item, attr) for item in items)

    ours_s, bare_s = median(ours, "seconds"), median(bare, "seconds")
    ours_mb, bare_mb = median(ours, "peak_rss_mb"), median(bare, "peak_rss_mb")
    ours_cpu, bare_cpu = median(ours, "cpu_seconds"), median(bare, "cpu_seconds")
    print(f"runs: {args.runs} each, interleaved, 80x24 pty, medians")
    print(f"first paint  wallet-tui login {ours_s * 1000:7.0f} ms   bare Textual app {bare_s * 1000:7.0f} ms"
          f"   ratio {ours_s / bare_s:.2f}x (target <= 1.5x)")
    print(f"CPU to exit  wallet-tui       {ours_cpu * 1000:7.0f} ms   bare Textual app {bare_cpu * 1000:7.0f} ms"
          f"   ratio {ours_cpu / bare_cpu:.2f}x")
    print(f"peak RSS     wallet-tui       {ours_mb:7.1f} MB   bare Textual app {bare_mb:7.1f} MB"
          f"   ratio {ours_mb / bare_mb:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

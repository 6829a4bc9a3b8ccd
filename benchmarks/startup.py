"""Launch to first paint of the login screen, in a pseudo-terminal, against a bare
one-widget Textual app run the same way in the same run; plus each one's memory and CPU.

    .venv/bin/python benchmarks/startup.py [--runs 9]

Both programs run in an 80x24 pty with the same environment (a fresh HOME, TERM, no
keyring backend), alternately, so machine load hits both alike. "First paint" is the
moment the first whole frame reaches the terminal, told by a text only a whole frame has:
the profile picker's value (`embedded sandbox`) for the desk, drawn with the form's inputs
(a frame can come in parts: labels first), and the one widget's text for the bare app,
whose first frame is whole. A second later (the desk validates its config file and probes
the keyring right after the paint), Ctrl+Q, and the program is drained until it exits.

Per launch, measured from outside:
  - wall time from spawn to first paint;
  - CPU time (all threads, user + system) spent up to first paint, from /proc/<pid>/task/*/
    schedstat: steadier than wall time on a busy machine;
  - peak RSS up to first paint (VmHWM read at that moment) and up to exit (ru_maxrss);
  - CPU time to exit.
Prints medians and the ratios desk / bare of the same run. Target: at most 1.5x.

A warm-up launch of each program comes first (the OS's file cache). Without `--cold` the
desk's launches share one HOME, so each finds what the one before left (its config, data and
cache dirs: an everyday start); `--cold` gives each launch of the desk a fresh HOME of its
own, with no config file, as on the first start after installing.

`--control` adds a third program: plain Textual composing the login's widgets (header,
profile picker, four labelled inputs, checkbox, three buttons, footer) with no wallet-tui
code, to show what drawing that form costs Textual itself."""

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
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")

Bare().run()
"""
CONTROL_APP = """
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, Select, Static

def field(label):
    return Vertical(Label(label), Input(), Static(""), classes="field")

class Control(App):
    CSS = (".field { layout: grid; grid-size: 2; grid-columns: 14 1fr; height: auto; } "
           ".row { height: 3; } .row > Static { width: 14; } .row > Select { width: 1fr; }")
    BINDINGS = [("ctrl+s", "log_in", "Log in"), ("ctrl+o", "profiles", "Profiles")]

    def compose(self):
        yield Header()
        with VerticalScroll():
            yield Horizontal(Static("profile"), Select(
                [("sandbox — embedded sandbox", "sandbox")], value="sandbox", allow_blank=False),
                classes="row")
            for label in ("base URL", "clientId", "clientSecret", "partnerId"):
                yield field(label)
            yield Checkbox("remember clientSecret in the system keyring")
            yield Horizontal(Button("Log in", compact=True), Button("Retry", compact=True),
                             Button("Profiles…", compact=True))
        yield Footer()

Control().run()
"""
OURS = [sys.executable, "-m", "wallet_tui"]
BARE = [sys.executable, "-c", BARE_APP]
CONTROL = [sys.executable, "-c", CONTROL_APP]
OURS_MARKER = b"embedded sandbox"
BARE_MARKER = b"bare-app-ready"
CTRL_Q = b"\x11"
SETTLE_SECONDS = 1.0  # after the first paint, before Ctrl+Q
COLUMNS, LINES = 80, 24
TARGET = 1.5


@dataclass
class Launch:
    seconds: float  # spawn to the marker on the terminal
    cpu_to_paint: float | None  # seconds on a CPU, all threads, up to the marker
    rss_at_paint_mb: float | None  # VmHWM when the marker arrived
    peak_rss_mb: float  # ru_maxrss at exit
    cpu_to_exit: float  # user + system, spawn to exit


def _cpu_seconds(pid: int) -> float | None:
    """Time on a CPU so far, summed over the process's threads (Linux schedstat, in ns)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def _high_water_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def launch(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 60.0) -> Launch:
    pid, master = pty.fork()
    if pid == 0:  # the child: its terminal is the pty's other end
        os.execve(argv[0], argv, env)
    started = time.perf_counter()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    seen = b""
    elapsed = cpu = rss = None
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
            cpu, rss = _cpu_seconds(pid), _high_water_mb(pid)
            break
    if elapsed is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise RuntimeError(f"{argv[-1]!r}: {marker!r} never appeared; got {seen[-400:]!r}")
    settled = time.perf_counter() + SETTLE_SECONDS
    while time.perf_counter() < settled:  # keep draining while the program settles
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
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
    return Launch(elapsed, cpu, rss, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def environment(home: str) -> dict[str, str]:
    return {
        "HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
        "XDG_CACHE_HOME": f"{home}/cache", "XDG_STATE_HOME": f"{home}/state",
        # The keyring is probed after the first paint; keep it from touching D-Bus here.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def median(items: list[Launch], attr: str) -> float | None:
    values = [getattr(item, attr) for item in items]
    return None if None in values else statistics.median(values)


def row(label: str, ours: float | None, bare: float | None, unit: str, scale: float,
        target: bool = False, control: float | None = None) -> str:
    if ours is None or bare is None:
        return f"{label:<22} not measured on this system"
    wanted = f" (target <= {TARGET}x)" if target else ""
    line = (f"{label:<22} wallet-tui {ours * scale:7.1f} {unit:<3} bare Textual app "
            f"{bare * scale:7.1f} {unit:<3} ratio {ours / bare:.2f}x{wanted}")
    if control is not None:
        line += f"   control {control * scale:7.1f} {unit} ({control / bare:.2f}x)"
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--control", action="store_true",
                        help="also run plain Textual drawing the login's widgets")
    parser.add_argument("--cold", action="store_true",
                        help="a fresh HOME (no config, data or cache) for each launch of the desk")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as home:
        env = environment(home)
        launch(BARE, BARE_MARKER, env)  # warm the OS file cache for all
        launch(OURS, OURS_MARKER, env)
        if args.control:
            launch(CONTROL, OURS_MARKER, env)
        ours: list[Launch] = []
        bare: list[Launch] = []
        control: list[Launch] = []
        for run in range(args.runs):  # interleaved, so machine load hits all alike
            bare.append(launch(BARE, BARE_MARKER, env))
            if args.cold:
                fresh_home = Path(home, f"fresh-{run}")
                fresh_home.mkdir()
                ours.append(launch(OURS, OURS_MARKER, environment(str(fresh_home))))
            else:
                ours.append(launch(OURS, OURS_MARKER, env))
            if args.control:
                control.append(launch(CONTROL, OURS_MARKER, env))
    load_after = os.getloadavg()

    print(f"runs: {args.runs} each, interleaved, {COLUMNS}x{LINES} pty, medians, "
          f"{'cold (a fresh HOME each)' if args.cold else 'warm'} starts; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
          f"{os.cpu_count()} CPUs")
    for label, attr, unit, scale, target in (
        ("first paint (wall)", "seconds", "ms", 1000, True),
        ("CPU to first paint", "cpu_to_paint", "ms", 1000, False),
        ("peak RSS at paint", "rss_at_paint_mb", "MB", 1, True),
        ("peak RSS to exit", "peak_rss_mb", "MB", 1, False),
        ("CPU to exit", "cpu_to_exit", "ms", 1000, False),
    ):
        print(row(label, median(ours, attr), median(bare, attr), unit, scale, target,
                  median(control, attr) if control else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())

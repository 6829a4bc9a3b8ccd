"""How long a language switch holds the desk, and what the screens cost afterwards.

    .venv/bin/python benchmarks/language_switch.py [--runs 5] [--against PATH]

The desk runs headless (Textual's run_test) at 80x24 against the in-process sandbox: log in,
look a wallet up, show every screen once (F2-F8, F12: each has a mode by then), type an
amount on the refill screen and stay there. Then, per launch:
  - switch: from the palette's choice (`choose_language`) until the app has handled what it
    posted (every screen shown so far draws its texts again, in place: retranslate.py);
  - then each other screen is shown once (F2-F4, F6-F8, F12); the total is printed, and the
    same round of shows without a switch before it for comparison.
Both directions are timed (en -> ru, then ru -> en). Medians of `--runs` launches.

`--against PATH` runs the same measurement on another checkout (say, `git archive` of an
older commit unpacked in PATH) alternately with this one, so machine load hits both alike,
and prints the ratios. Timings are wall clock on a shared machine: compare ratios from the
same run, not figures from different hours."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SCREENS = ("lookup", "registration", "identification", "refill", "payment", "withdrawal",
           "console", "demo")
OTHERS = tuple(name for name in SCREENS if name != "refill")


def measure_once() -> dict[str, float]:
    """One launch, in this process (run with --one)."""
    import asyncio

    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())

    from wallet_tui.client import WalletClient
    from wallet_tui.config import ConfigStore
    from wallet_tui.sandbox.inprocess import InProcessTransport
    from wallet_tui.ui.app import WalletApp

    db = Path(tempfile.mkdtemp()) / "sandbox.sqlite3"
    first = [True]

    def connect(profile, *, on_exchange=None):
        transport = InProcessTransport(db, reset=first[0])
        first[0] = False
        return WalletClient(base_url="http://sandbox.local", transport=transport,
                            on_exchange=on_exchange)

    async def settle(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    async def show_all(app, pilot, names) -> float:
        started = time.perf_counter()
        for name in names:
            app.action_show(name)
            await settle(pilot)
        return time.perf_counter() - started

    async def run() -> dict[str, float]:
        app = WalletApp(connect, store=ConfigStore(), test_mode=True)
        result: dict[str, float] = {}
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            app.action_show("lookup")
            await settle(pilot)
            await pilot.press(*"100000000002", "enter")
            await settle(pilot)
            await show_all(app, pilot, SCREENS)
            result["shows_without_switch"] = await show_all(app, pilot, (*OTHERS, "refill"))
            await pilot.press(*"1000")
            for language in ("ru", "en"):
                started = time.perf_counter()
                app.choose_language(language)
                await settle(pilot)
                result[f"switch_{language}"] = time.perf_counter() - started
                result[f"shows_after_{language}"] = await show_all(
                    app, pilot, (*OTHERS, "refill"))
            await app.gateway.aclose()
        return result

    return asyncio.run(run())


def launch(tree: Path) -> dict[str, float]:
    home = Path(tempfile.mkdtemp())
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_STATE_HOME": str(home / ".local/state"), "LANG": "C.UTF-8",
           "PYTHONPATH": str(tree)}
    env.pop("WALLET_TUI_CLIENT_SECRET", None)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one"], cwd=tree,
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_once()))
        return
    trees = {"this": HERE}
    if args.against:
        trees = {"against": args.against.resolve(), **trees}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            runs[name].append(launch(tree))
    medians = {name: {key: statistics.median(run[key] for run in found)
                      for key in found[0]} for name, found in runs.items()}
    keys = list(medians["this"])
    ratio = " (ratio this/against)" if args.against else ""
    print(f"medians of {args.runs} launches, ms{ratio}")
    for key in keys:
        line = f"  {key:22}" + "".join(
            f"{name}: {medians[name][key] * 1000:7.0f}   " for name in trees)
        if args.against:
            line += f"ratio {medians['this'][key] / medians['against'][key]:.2f}"
        print(line)


if __name__ == "__main__":
    main()

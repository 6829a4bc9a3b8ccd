"""`wallet-tui check --profile NAME`: the contract's rows against a profile's server, a table
in the terminal (a progress bar while it runs), a Markdown and HTML report beside the session
reports, JUnit XML for a CI. Exit 0 only when every row that ran holds.

The command line speaks English, as `wallet-tui profile` does (docs/i18n.md)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallet_tui.config import Profile

    from .runner import RowResult

ENV_OTHER_CLIENT_SECRET = "WALLET_TUI_OTHER_CLIENT_SECRET"
EXIT_BROKEN = 1
EXIT_USAGE = 2


def add_check_parser(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check", help="run the contract's rows against a profile's server",
        description="Runs the contract (docs/protocol.md) against the profile's server and "
                    "says, row by row, what holds. Reads and logs in only, unless --money.",
    )
    check.add_argument("--profile", dest="check_profile", help="profile to check "
                       "(default: the default profile)")
    check.add_argument("--wallet", action="append", default=[], metavar="ID",
                       help="a wallet to look up (read only); repeatable")
    check.add_argument("--money", action="store_true",
                       help="also run the money rows, on the --test-wallet wallets "
                            "(refused on a production profile)")
    check.add_argument("--test-wallet", action="append", default=[], metavar="ID",
                       help="a test wallet the money rows may use; repeatable")
    check.add_argument("--other-profile", metavar="NAME",
                       help="a second partner's profile, to prove it reads none of the "
                            f"wallets (secret: {ENV_OTHER_CLIENT_SECRET} or its keyring)")
    check.add_argument("--row", action="append", default=[], metavar="ID",
                       help="run only rows whose id starts with this; repeatable")
    check.add_argument("--report", metavar="DIR",
                       help="where the Markdown and HTML report go (default: beside the "
                            "session reports, see `wallet-tui paths`)")
    check.add_argument("--junit", metavar="FILE", help="also write the rows as JUnit XML")
    check.add_argument("--settle-timeout", type=float, default=60.0, metavar="SECONDS",
                       help="how long a withdrawal may stay PROCESSING (default 60)")
    check.add_argument("--wait-for-expiry", action="store_true",
                       help="wait the 15 minutes a payment takes to expire (a sandbox's "
                            "clock is moved instead)")


def _fail(message: str) -> int:
    print(f"wallet-tui check: {message}", file=sys.stderr)
    return EXIT_USAGE


def _secret_for(profile: Profile, env_name: str) -> str | None:
    from wallet_tui.config import ENV_CLIENT_SECRET, SecretStore

    found = SecretStore(env={ENV_CLIENT_SECRET: os.environ.get(env_name, "")}).find(profile)
    return found.value if found else None


def check_command(args: argparse.Namespace, *, build_connect: Callable[..., Any]) -> int:
    from wallet_tui.client import Credentials
    from wallet_tui.config import ConfigStore, ProfileError, active_profile
    from wallet_tui.config.paths import ENV_CLIENT_SECRET
    from wallet_tui.protocol import wire

    from .context import CheckContext, Partner

    store = ConfigStore()
    settings = store.load()
    if store.warning:
        print(f"wallet-tui check: {store.warning}", file=sys.stderr)
    try:
        profile = active_profile(settings, args.check_profile or getattr(args, "profile", None))
        other_profile = settings.profile(args.other_profile) if args.other_profile else None
    except (ProfileError, KeyError) as error:
        return _fail(str(error).strip("'\""))
    if args.money and profile.is_production:
        return _fail(f"profile {profile.name!r} is production: --money moves real money "
                     "and is refused there; use a test profile and test wallets")
    if args.money and not args.test_wallet:
        return _fail("--money needs at least one --test-wallet ID: the money rows move "
                     "money on the wallets named, and on no other")

    secret = _secret_for(profile, ENV_CLIENT_SECRET)
    if secret is None and sys.stdin.isatty():
        secret = getpass.getpass(f"clientSecret for {profile.name} ({profile.client_id}): ")
    if not secret:
        return _fail(f"no clientSecret for profile {profile.name!r}: set {ENV_CLIENT_SECRET} "
                     "or remember it in the keyring from the desk's login")
    partner = Partner(Credentials(profile.client_id, secret, profile.partner_id), profile.name)

    other = None
    if other_profile is not None:
        other_secret = _secret_for(other_profile, ENV_OTHER_CLIENT_SECRET)
        if not other_secret:
            return _fail(f"no clientSecret for profile {other_profile.name!r}: set "
                         f"{ENV_OTHER_CLIENT_SECRET}")
        other = Partner(Credentials(other_profile.client_id, other_secret,
                                    other_profile.partner_id), other_profile.name)
    elif profile.client_id == wire.DEMO_CLIENT_ID:
        # A sandbox's published demo partner: its published second partner proves isolation.
        other = Partner(Credentials(wire.OTHER_CLIENT_ID, wire.OTHER_CLIENT_SECRET,
                                    wire.OTHER_PARTNER_ID), "sandbox demo partner 1002")

    connect_profile = build_connect(store.paths)
    try:  # a profile the transport refuses (plain http off this machine) says so now
        probe = connect_profile(profile)
    except ValueError as error:
        return _fail(str(error))
    asyncio.run(probe.aclose())

    ctx = CheckContext(
        connect=lambda **kwargs: connect_profile(profile, **kwargs),
        partner=partner,
        base_url=profile.describe() if profile.is_sandbox else (profile.base_url or ""),
        paths=profile.path_table(),
        wallets=list(dict.fromkeys([*profile.check_wallets, *args.wallet])),
        test_wallets=list(dict.fromkeys(args.test_wallet)),
        other_partner=other,
        money=args.money,
        settle_timeout=args.settle_timeout,
        wait_for_expiry=args.wait_for_expiry,
        in_process=profile.is_sandbox,
    )
    return run_and_report(ctx, args, profile, directory=args.report
                          or store.paths.prepare_exchange_logs_dir())


def run_and_report(ctx: Any, args: argparse.Namespace, profile: Profile, *, directory: Any
                   ) -> int:
    from rich.console import Console

    from wallet_tui.report.check import CheckLine, save_check_report

    from .junit import write_junit
    from .runner import passed, rows_to_run

    console = Console(highlight=False)
    rows = rows_to_run(args.row)
    results = asyncio.run(_run_with_progress(console, ctx, rows))

    console.print(results_table(results, ctx.base_url, profile.name,
                                wide=console.width >= 120))
    print_paths(console, ctx.paths)
    lines = [CheckLine(r.row.id, r.row.title, r.verdict.value, r.note, r.exchange_numbers,
                       r.evidence) for r in results]
    markdown, html = save_check_report(
        lines, ctx.exchanges, directory, profile=profile.name,
        partner_id=profile.partner_id, base_url=ctx.base_url, paths=ctx.paths.rows(),
    )
    console.print(f"Report: {markdown} and {html.name}", soft_wrap=True)
    if args.junit:
        target = write_junit(results, args.junit, suite=f"wallet-tui check {profile.name}")
        console.print(f"JUnit XML: {target}", soft_wrap=True)
    ok = passed(results)
    held = sum(r.verdict.value == "holds" for r in results)
    broken = sum(r.verdict.value == "broken" for r in results)
    console.print(f"{held} hold, {broken} broken, {len(results) - held - broken} not run.")
    return 0 if ok else EXIT_BROKEN


async def _run_with_progress(console: Any, ctx: Any, rows: list) -> list[RowResult]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .runner import run_check

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("checking", total=len(rows))

        def advance(result: RowResult) -> None:
            progress.update(task, advance=1, description=result.row.id)

        return await run_check(ctx, rows, on_row=advance)


VERDICT_STYLES = {"holds": "green", "broken": "bold red", "not run": "dim"}


def results_table(results: list[RowResult], base_url: str, profile_name: str, *,
                  wide: bool = True) -> Any:
    """The rows as a table; a narrow terminal (80 columns) leaves the rule's words to the
    report and keeps the row id, the verdict and the note."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"wallet-tui check of {profile_name} ({base_url})", expand=False)
    table.add_column("row", no_wrap=True)
    if wide:
        table.add_column("rule")
    table.add_column("verdict", no_wrap=True)
    table.add_column("note")
    for result in results:
        note = result.note
        if result.evidence is not None:
            note += f" (exchange #{result.evidence})"
        verdict = result.verdict.value
        cells = [result.row.id, *([result.row.title] if wide else []),
                 Text(verdict, style=VERDICT_STYLES[verdict]), note]
        table.add_row(*cells)
    return table


def print_paths(console: Any, paths: Any) -> None:
    overridden = [(name, template) for name, template, over in paths.rows() if over]
    if not overridden:
        console.print("Paths: the seed's (docs/protocol.md), none overridden by the profile.")
        return
    console.print("Paths overridden by the profile (the others are the seed's):")
    for name, template in overridden:
        console.print(f"  {name}: {template}", soft_wrap=True)

"""Command line: parses arguments, runs the app or a subcommand.

The only module that wires rooms together: it builds `connect(profile) -> WalletClient`,
which for the sandbox profile imports the sandbox lazily and hands the client an
in-process transport."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from wallet_tui.ui.app import WalletApp
    from wallet_tui.client import Exchange, WalletClient
    from wallet_tui.config import AppPaths, Profile
    from wallet_tui.sandbox.inprocess import InProcessSandbox
COMMANDS = frozenset({"sandbox", "paths", "profile", "web", "demo", "check"})


class NotJustTheDesk(Exception):
    """The arguments need the full parser (a command, help, or a mistake to explain)."""


class DeskOnlyParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise NotJustTheDesk(message)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with `commands=False` only the options of the desk itself
    (building every command's parser costs more than a hundredth of a second)."""
    parser = (argparse.ArgumentParser if commands else DeskOnlyParser)(
        prog="wallet-tui",
        description="A terminal desk for the ВсеПлатежи e-wallet partner API.",
        add_help=commands,  # help lists the commands: the full parser gives it
    )
    parser.add_argument("--profile", help="profile to start with (default: the default profile)")
    parser.add_argument(
        "--reset", action="store_true", help="start the embedded sandbox over from its demo data"
    )
    parser.add_argument(
        "--ascii", action=argparse.BooleanOptionalAction, default=None,
        help="draw borders, bars and marks with ASCII only (default: on the Linux console)",
    )
    if not commands:
        return parser
    subparsers = parser.add_subparsers(dest="command")

    sandbox = subparsers.add_parser("sandbox", help="the reference server of the wallet API")
    sandbox_commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = sandbox_commands.add_parser("serve", help="serve the sandbox over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--db", help="SQLite file (default: in the user data dir)")
    serve.add_argument("--token-ttl", type=int, default=None, help="access token lifetime, s")
    serve.add_argument("--reset", action="store_true", help="start from the demo data")
    serve.add_argument(
        "--clock-at", metavar="MOMENT",
        help="start the sandbox's clock here (ISO 8601 with a zone, e.g. 2026-11-14T09:15Z);"
        " it ticks on from there",
    )

    posting = sandbox_commands.add_parser(
        "posting", help="write the sandbox's calls as a Posting collection, examples filled in")
    posting.add_argument("directory", help="where to write it")
    posting.add_argument("--url", default="http://127.0.0.1:8080",
                         help="the served sandbox's address (default: serve's own)")
    posting.add_argument("--force", action="store_true", help="write into a non-empty directory")

    subparsers.add_parser("paths", help="print where wallet-tui keeps its files")

    from wallet_tui.config.cli_profiles import add_profile_parser

    add_profile_parser(subparsers)

    from wallet_tui.web.command import add_web_parser

    add_web_parser(subparsers)

    from wallet_tui.check.command import add_check_parser

    add_check_parser(subparsers)

    demo = subparsers.add_parser("demo", help="log in and run the guided demo of the whole API")
    demo.add_argument("--auto", action="store_true", help="run every step without waiting")
    demo.add_argument("--profile", dest="demo_profile", help="profile to run it on")
    return parser


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """As `build_parser().parse_args(argv)`; plain `wallet-tui [options]` is parsed without
    building the commands' parsers, since it runs on every start of the desk."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not COMMANDS.intersection(argv):
        try:
            args = build_parser(commands=False).parse_args(argv)
        except NotJustTheDesk:
            pass  # help, or a mistake: the full parser answers, with every command in its usage
        else:
            args.command = None
            return args
    return build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.command == "sandbox" and args.sandbox_command == "posting":
        from wallet_tui.sandbox.posting import posting_command

        return posting_command(args)
    if args.command == "sandbox":
        from wallet_tui.sandbox.serve import serve_command

        return serve_command(args)
    if args.command == "paths":
        from wallet_tui.config.paths import print_paths

        return print_paths()
    if args.command == "profile":
        from wallet_tui.config.cli_profiles import profile_command

        return profile_command(args)
    if args.command == "web":
        from wallet_tui.web.command import web_command

        return web_command(args)
    if args.command == "check":
        from wallet_tui.check.command import check_command

        return check_command(args, build_connect=build_connect)
    if args.command == "demo":
        from wallet_tui.ui.screens.demo_launch import demo_autopilot

        args.profile = args.demo_profile or args.profile
        return run_app(args, auto_pilot=demo_autopilot(auto=args.auto))
    return run_app(args)


def build_connect(paths: "AppPaths", *, reset: bool = False) -> "Callable[..., WalletClient]":
    """`connect(profile)` for the app. The sandbox (and with it Starlette) is imported only
    when a sandbox profile connects; `reset` starts that sandbox over, once."""
    embedded: list[Callable[..., WalletClient]] = []  # the sandbox, once a profile asks

    def connect(
        profile: "Profile", *, on_exchange: "Callable[[Exchange], None] | None" = None
    ) -> "WalletClient":
        from wallet_tui.client import WalletClient

        if profile.kind == "sandbox":
            if not embedded:
                from wallet_tui.sandbox.inprocess import InProcessSandbox

                sandbox = InProcessSandbox(paths.prepare_sandbox_db(), reset=reset)
                embedded.append(sandbox_connect(sandbox))
            return embedded[0](profile, on_exchange=on_exchange)
        from wallet_tui.client import remote_transport

        # remote_transport applies remote_transport_options: TLS always verified, plain
        # http only to loopback and only when the profile allows it.
        transport = remote_transport(
            profile.base_url or "",
            verify_tls=profile.verify_tls,
            ca_bundle=profile.ca_bundle,
            allow_plain_http=profile.allow_plain_http,
        )
        return WalletClient(
            base_url=profile.base_url or "",
            transport=transport,
            timeout=profile.timeout_seconds,
            on_exchange=on_exchange,
            paths=profile.path_table(),  # the seed's paths, less what the profile respells
        )

    return connect


def sandbox_connect(
    sandbox: "InProcessSandbox", **client_options: Any
) -> "Callable[..., WalletClient]":
    """`connect(profile)` onto an in-process sandbox: each client on a transport of its own
    onto the sandbox's database. The desk's embedded sandbox is reached so, and tests hand
    the app the same on a sandbox of theirs (docs/sandbox.md, "Testing with the sandbox").
    `client_options` go to every client (a test's clock), a call's own to that one."""

    def connect(
        profile: "Profile | None" = None, *,
        on_exchange: "Callable[[Exchange], None] | None" = None, **options: Any,
    ) -> "WalletClient":
        from wallet_tui.client import WalletClient

        settings = {**client_options, **options}
        if profile is not None:
            settings.setdefault("timeout", profile.timeout_seconds)
        return WalletClient(base_url=sandbox.base_url, transport=sandbox.transport(),
                            on_exchange=on_exchange, **settings)

    return connect


def run_app(
    args: argparse.Namespace, *, auto_pilot: Callable | None = None, headless: bool = False
) -> int:
    import gc

    # Start-up only allocates (modules, widgets, parsed stylesheets): collecting garbage
    # before the first paint finds none and costs some 30 ms of a 350 ms start. Collection
    # resumes after the paint, with what start-up built frozen out of later collections' way.
    gc.disable()
    try:
        return _run_desk(args, auto_pilot=auto_pilot, headless=headless)
    finally:
        gc.enable()  # whatever happened before the paint


def _run_desk(args: argparse.Namespace, *, auto_pilot: Callable | None, headless: bool) -> int:
    from wallet_tui.config import ConfigStore, UnknownProfileError

    store = ConfigStore()
    try:
        from wallet_tui.ui.app import WalletApp

        app = WalletApp(
            build_connect(store.paths, reset=args.reset), store=store, profile_name=args.profile,
            ascii=getattr(args, "ascii", None),
        )
    except UnknownProfileError as error:
        print(f"wallet-tui: {error}", file=sys.stderr)
        return 2

    def open_log() -> None:
        from wallet_tui.config import setup_logging

        setup_logging(store.paths)

    # stderr is under the Textual screen: log records go to the masked rotating file only.
    # Nothing is logged before the login is drawn, so the file is opened after that.
    app.after_first_paint.append(open_log)
    manage_garbage(app)
    app.ends_on_signals = True  # SIGHUP, SIGTERM: from the app's mount on
    try:
        app.run(auto_pilot=auto_pilot, headless=headless)
    finally:
        from wallet_tui.config import shutdown_logging

        shutdown_logging()
    return app.return_code or 0


def manage_garbage(app: "WalletApp") -> None:
    """The desk's own garbage collection schedule (ui/garbage.py), from the first paint on."""
    from wallet_tui.ui.garbage import GarbageSchedule

    schedule = GarbageSchedule()
    app.garbage = schedule
    app.after_first_paint.append(lambda: schedule.start(app))


if __name__ == "__main__":
    sys.exit(main())

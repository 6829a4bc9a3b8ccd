"""`wallet-tui web`: its arguments. Kept free of heavy imports: the parser is built on
every start of wallet-tui."""

from __future__ import annotations

import argparse

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_web_parser(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    web = commands.add_parser(
        "web",
        help="serve the desk to a web browser (textual-serve), e.g. for a projector",
        description="Serve the desk to a web browser. Each browser tab runs its own desk. "
        "Open the URL it prints: it carries a secret made for this run, and the server answers "
        "nothing without it.",
    )
    web.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})")
    web.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    web.add_argument(
        "--public-url",
        help="the URL browsers reach this server by, when it is not http://HOST:PORT "
        "(listening on 0.0.0.0, behind a proxy)",
    )
    web.add_argument(
        "--allow-remote", action="store_true",
        help="listen on an address other than this machine's loopback (the page still needs "
        "the secret; plain HTTP carries it in the clear)",
    )
    # Also accepted after `web`; SUPPRESS keeps the value given before it.
    web.add_argument("--profile", default=argparse.SUPPRESS, help="profile each desk starts with")
    web.add_argument(
        "--reset", action="store_true", default=argparse.SUPPRESS,
        help="each new browser session starts the embedded sandbox from its demo data",
    )
    return web


def desk_arguments(args: argparse.Namespace) -> list[str]:
    """The arguments of `wallet-tui` that the served desk is started with."""
    extra: list[str] = []
    if getattr(args, "profile", None):
        extra += ["--profile", args.profile]
    if getattr(args, "reset", False):
        extra.append("--reset")
    return extra


def web_command(args: argparse.Namespace) -> int:
    from .server import serve_web

    return serve_web(args.host, args.port, desk_arguments(args), public_url=args.public_url,
                     allow_remote=args.allow_remote)

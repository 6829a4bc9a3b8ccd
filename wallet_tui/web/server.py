"""Serving the desk to a browser with textual-serve: for its owner only, with nothing
fetched from the internet. The guard itself is in owner_only.py (imported when serving:
it pulls in aiohttp and textual-serve)."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wallet_tui.protocol.hosts import is_loopback

if TYPE_CHECKING:
    from .owner_only import OwnerOnlyServer

TEMPLATES = Path(__file__).with_name("templates")
TITLE = "wallet-tui"


class BindRefused(ValueError):
    """The address given is not one `wallet-tui web` listens on as asked."""


def desk_command(extra_args: Sequence[str] = ()) -> str:
    # textual-serve runs the command through a shell: quote every part.
    return shlex.join([sys.executable, "-m", "wallet_tui", *extra_args])


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def check_bind(host: str, *, allow_remote: bool, public_url: str | None) -> None:
    """Raises BindRefused unless `host` is this machine, or the owner asked for another
    address with --allow-remote (and, for a wildcard, named the URL browsers use: the
    websocket is accepted from that origin only)."""
    if is_loopback(host):
        return
    if not allow_remote:
        raise BindRefused(
            f"{host} is not this machine: anyone who reaches it could try the page. "
            "Listen on 127.0.0.1, or pass --allow-remote to serve another address "
            "(the page still needs the secret in the printed URL)."
        )
    if _is_wildcard(host) and not public_url:
        raise BindRefused(
            f"listening on {host}, name the URL browsers will use with --public-url "
            "(e.g. http://192.168.1.20:8000): the page is accepted from that origin only."
        )


def default_public_url(host: str, port: int) -> str:
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"http://{shown}:{port}"


def build_server(host: str, port: int, extra_args: Sequence[str] = (), *,
                 public_url: str | None = None, secret: str | None = None,
                 command: str | None = None) -> OwnerOnlyServer:
    from .owner_only import OwnerOnlyServer, new_secret

    # statics_path stays textual-serve's own (its JS, CSS and fonts are all local);
    # templates_path is ours: the same page without the internet font link.
    return OwnerOnlyServer(
        command or desk_command(extra_args), host=host, port=port, title=TITLE,
        public_url=public_url or default_public_url(host, port), templates_path=TEMPLATES,
        secret=secret or new_secret(),
    )


def serve_web(host: str, port: int, extra_args: Sequence[str] = (), *,
              public_url: str | None = None, allow_remote: bool = False) -> int:
    """Serve `python -m wallet_tui <extra_args>` at http://host:port until Ctrl+C; prints
    the URL with this run's secret once it listens."""
    try:
        check_bind(host, allow_remote=allow_remote, public_url=public_url)
    except BindRefused as refusal:
        print(f"wallet-tui web: {refusal}", file=sys.stderr)
        return 2
    if not is_loopback(host):
        print(f"wallet-tui web: serving on {host} over plain HTTP: the secret crosses the "
              "network in the clear; use a network you trust.", file=sys.stderr)
    build_server(host, port, extra_args, public_url=public_url).serve()
    return 0

"""Serving the desk to a browser with textual-serve, with nothing fetched from the internet."""

from __future__ import annotations

import ipaddress
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")
TITLE = "wallet-tui"


def desk_command(extra_args: Sequence[str] = ()) -> str:
    # textual-serve runs the command through a shell: quote every part.
    return shlex.join([sys.executable, "-m", "wallet_tui", *extra_args])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_server(host: str, port: int, extra_args: Sequence[str] = (), *,
                 public_url: str | None = None):
    from textual_serve.server import Server

    # statics_path stays textual-serve's own (its JS, CSS and fonts are all local);
    # templates_path is ours: the same page without the internet font link.
    return Server(desk_command(extra_args), host=host, port=port, title=TITLE,
                  public_url=public_url, templates_path=TEMPLATES)


def serve_web(host: str, port: int, extra_args: Sequence[str] = (), *,
              public_url: str | None = None) -> int:
    """Serve `python -m wallet_tui <extra_args>` at http://host:port until Ctrl+C."""
    if not is_loopback(host):
        print(
            f"warning: serving on {host}: anyone who can reach it drives the desk with your "
            "profile's credentials; there is no login to the page itself.",
            file=sys.stderr,
        )
    build_server(host, port, extra_args, public_url=public_url).serve()
    return 0

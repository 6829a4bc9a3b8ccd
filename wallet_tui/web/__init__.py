"""Browser mode: `wallet-tui web` serves the desk with textual-serve, for a projector.

Imports no other room: it runs `python -m wallet_tui` in a subprocess per browser tab."""

from .server import desk_command, serve_web

__all__ = ["desk_command", "serve_web"]
